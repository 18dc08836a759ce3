/**
 * One received file → its normalized reports, or the problems that reject it. No I/O.
 */
import type { Problem, SourceFormat } from '../core/types.ts';
import { detectFormat } from '../core/parse/detect.ts';
import { schemaProblems } from '../core/validate/schema.ts';
import { checkReport, type NormalizedReport } from '../core/validate/rules.ts';
import { problem } from '../core/problem.ts';
import { fileRows, sha256Hex, type FileRows, type SourceInfo } from '../core/rows.ts';
import { rawContentKey } from '../core/warehouse-contract/layout.ts';
import { parserFor } from './parsers.ts';

export interface PreparedFile {
  name: string;
  sha256: string;
  rawKey: string;
  format?: SourceFormat;
  source?: SourceInfo;
  reports: NormalizedReport[];
  problems: Problem[];
}

/**
 * A prepared file as the committing side needs it: the rows of an accepted file, or the problems
 * and the bytes (for the quarantine copy) of a rejected one. Plain data, so a worker thread can
 * hand it over.
 */
export interface ReadyFile {
  name: string;
  sha256: string;
  rawKey: string;
  format?: SourceFormat;
  problems: Problem[];
  rows?: FileRows;
  bytes?: Uint8Array;
  /** An accepted file's original, not kept in raw/ yet: its batch's pack keeps it (start-file.ts). */
  original?: Uint8Array;
}

export function readyFile(p: PreparedFile, bytes: Uint8Array): ReadyFile {
  const base = { name: p.name, sha256: p.sha256, rawKey: p.rawKey, format: p.format, problems: p.problems };
  if (p.problems.length || !p.source) return { ...base, bytes };
  // Batch id and ingestion time are set when the file joins a batch.
  return { ...base, rows: fileRows(p.reports, p.source, 'pending', '') };
}

export async function prepareFile(name: string, bytes: Uint8Array, sha = sha256Hex(bytes)): Promise<PreparedFile> {
  const out: PreparedFile = { name, sha256: sha, rawKey: rawContentKey(sha, name), reports: [], problems: [] };
  const format = detectFormat(name, bytes);
  if (!format) {
    out.problems.push(problem('format_unknown', {}, `Không nhận ra định dạng của tệp "${name}".`, `Cannot tell the format of "${name}".`,
      'Gửi báo cáo dạng .json, .csv, .xlsx, .docx hoặc .txt.', 'Send the report as .json, .csv, .xlsx, .docx or .txt.'));
    return out;
  }
  out.format = format;
  let parsed;
  try {
    parsed = await (await parserFor(format))(bytes, name);
  } catch (e) {
    out.problems.push(problem('parse_failed', {}, `Không đọc được tệp ${format}: ${(e as Error).message}`, `Could not read the ${format} file: ${(e as Error).message}`,
      'Mở và lưu lại tệp bằng phần mềm gốc, rồi gửi lại.', 'Open and save the file again in its application, then resend it.'));
    return out;
  }
  out.problems.push(...parsed.problems);
  if (out.problems.length) return out;
  const many = parsed.reports.length > 1;
  const synthetic = parsed.reports.some((r) => r.source?.synthetic === true);
  parsed.reports.forEach((r, i) => {
    const base = many && format === 'json' ? `/${i}` : '';
    // Structured inputs are checked against the schema; extracted ones are built by our own code.
    const schema = parsed.sourceKind === 'structured' ? schemaProblems(r, base) : [];
    if (schema.length) {
      out.problems.push(...schema);
      return;
    }
    const { report, problems } = checkReport(r, base);
    out.problems.push(...problems);
    if (report) out.reports.push(report);
  });
  if (format === 'json' && many) {
    const keys = new Map<string, number>();
    out.reports.forEach((r, i) => {
      const k = `${r.unit.id}|${r.scope}|${r.period.label}|${r.revision}`;
      if (keys.has(k)) {
        out.problems.push(problem('report_duplicate', { pointer: `/${i}` }, `Báo cáo ${k} lặp lại trong tệp.`, `Report ${k} appears twice in the file.`,
          'Giữ một báo cáo cho mỗi đơn vị, kỳ và lần sửa.', 'Keep one report per unit, period and revision.'));
      }
      keys.set(k, i);
    });
  }
  if (out.problems.length) out.reports = [];
  out.source = { sha256: sha, fileName: name, format, kind: parsed.sourceKind, synthetic };
  return out;
}
