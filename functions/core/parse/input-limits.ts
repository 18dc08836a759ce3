/**
 * Hard limits on every received file, checked before its parser reads a byte past the header:
 * a size cap per format, the container of zipped formats (XLSX and DOCX alike: entry count,
 * declared and actual inflated sizes — see xlsx-container.ts), and the nesting depth of JSON.
 * Each refusal names the file, the place and the fix, in Vietnamese and English.
 *
 * Why these numbers: the largest real monthly report of a province is ~200 KB as XLSX and
 * ~60 KB as text; the caps leave ×50–×100 room while keeping one file well inside the ingest
 * Lambda's memory (parsers hold a few copies of a file: bytes, text, parsed form).
 */
import { problem } from '../problem.ts';
import type { Problem, SourceFormat } from '../types.ts';
import type { ParsedFile } from './parsed-file.ts';

/** Most bytes a received file of each format may have. */
export const MAX_FILE_BYTES: Readonly<Record<SourceFormat, number>> = {
  json: 20 * 1024 * 1024,
  csv: 20 * 1024 * 1024,
  xlsx: 20 * 1024 * 1024,
  docx: 10 * 1024 * 1024,
  text: 2 * 1024 * 1024,
};

/** Deepest nesting of arrays and objects a JSON report may have (a report needs 4). */
export const MAX_JSON_DEPTH = 64;

const FORMAT_NAMES: Record<SourceFormat, [vi: string, en: string]> = {
  json: ['tệp JSON', 'JSON file'],
  csv: ['tệp CSV', 'CSV file'],
  xlsx: ['bảng tính Excel', 'Excel workbook'],
  docx: ['tài liệu Word', 'Word document'],
  text: ['tệp văn bản', 'text file'],
};

const mb = (n: number) => `${(n / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
const mbEn = (n: number) => `${(n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** The problem of a file over its format's size cap, or undefined. */
export function sizeProblem(format: SourceFormat, bytes: Uint8Array, fileName: string): Problem | undefined {
  const max = MAX_FILE_BYTES[format];
  if (bytes.length <= max) return undefined;
  const [vi, en] = FORMAT_NAMES[format];
  return problem(
    'file_too_large',
    { pointer: '' },
    `Tệp "${fileName}" (${vi}) có ${mb(bytes.length)}, vượt giới hạn ${mb(max)}.`,
    `The file "${fileName}" (${en}) is ${mbEn(bytes.length)}, over the ${mbEn(max)} limit.`,
    `Tách báo cáo thành nhiều tệp nhỏ hơn ${mb(max)} (mỗi kỳ hoặc mỗi đơn vị một tệp), hoặc bỏ ảnh và trang thừa rồi gửi lại.`,
    `Split the report into files under ${mbEn(max)} (one per period or unit), or remove images and extra pages, then send it again.`,
  );
}

/**
 * Deepest nesting in JSON text, in one linear pass that skips strings; stops counting past
 * `stopAt` (the parser is never asked to recurse that deep, nor the schema validator after it).
 */
export function jsonDepth(text: string, stopAt = MAX_JSON_DEPTH + 1): { depth: number; offset: number } {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth >= stopAt) return { depth, offset: i };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return { depth: 0, offset: -1 };
}

/** The problem of JSON nested deeper than MAX_JSON_DEPTH, with its line and column. */
export function depthProblem(text: string, fileName: string): Problem | undefined {
  const { depth, offset } = jsonDepth(text);
  if (depth <= MAX_JSON_DEPTH) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return problem(
    'json_too_deep',
    { pointer: '', row: line, column: String(col) },
    `Tệp "${fileName}" lồng mảng/đối tượng JSON quá ${MAX_JSON_DEPTH} tầng (dòng ${line}, cột ${col}).`,
    `The file "${fileName}" nests JSON arrays/objects deeper than ${MAX_JSON_DEPTH} levels (line ${line}, column ${col}).`,
    'Một báo cáo chỉ cần vài tầng (báo cáo → values → giá trị); hãy xuất lại tệp theo mẫu data-schemas/report.schema.json.',
    'A report needs only a few levels (report → values → value); export the file again following data-schemas/report.schema.json.',
  );
}

/** A ParsedFile rejected before parsing, or undefined when the size is within the cap. */
export function refusedBySize(format: SourceFormat, sourceKind: ParsedFile['sourceKind'], bytes: Uint8Array, fileName: string): ParsedFile | undefined {
  const p = sizeProblem(format, bytes, fileName);
  return p ? { format, sourceKind, reports: [], problems: [p] } : undefined;
}
