/** JSON reports: one report object, or an array of reports, shaped by data-schemas/report.schema.json. */
import type { InputReport } from '../types.ts';
import type { ParsedFile, Parser } from './parsed-file.ts';
import { decodeStructuredText, isInvalidUtf8, looksLikeUtf16WithoutBom } from './decode.ts';
import { problem } from '../problem.ts';
import { depthProblem, refusedBySize } from './input-limits.ts';

/** Line and column (1-based) of a character offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, col: offset - last };
}

export const parseJson: Parser = async (bytes, fileName) => {
  const refused = refusedBySize('json', 'structured', bytes, fileName);
  if (refused) return refused;
  const out: ParsedFile = { format: 'json', sourceKind: 'structured', reports: [], problems: [] };
  if (bytes.length === 0 || decodeStructuredText(bytes).trim() === '') {
    out.problems.push(problem('empty_file', { pointer: '' }, 'Tệp rỗng.', 'The file is empty.',
      'Gửi lại tệp báo cáo có nội dung.', 'Send the report file again with its content.'));
    return out;
  }
  if ((isInvalidUtf8(bytes) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) || looksLikeUtf16WithoutBom(bytes)) {
    out.problems.push(problem('bad_encoding', { pointer: '' }, 'Tệp JSON không phải UTF-8 (hoặc UTF-16 thiếu dấu BOM).', 'The JSON file is not UTF-8 (or is UTF-16 without its BOM).',
      'Lưu lại tệp với bảng mã UTF-8 (Unicode).', 'Save the file again as UTF-8 (Unicode).'));
    return out;
  }
  const text = decodeStructuredText(bytes);
  const deep = depthProblem(text, fileName);
  if (deep) {
    out.problems.push(deep);
    return out;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineCol(text, Number(pos[1])) : undefined;
    const at = where ? ` (dòng/line ${where.line}, cột/column ${where.col})` : '';
    out.problems.push(problem('invalid_json', { pointer: '', ...(where ? { row: where.line, column: String(where.col) } : {}) },
      `JSON không hợp lệ${at}: ${msg}`, `Invalid JSON${at}: ${msg}`,
      'Sửa cú pháp JSON tại vị trí đã nêu (dấu phẩy, ngoặc, dấu nháy).', 'Fix the JSON syntax at that place (commas, brackets, quotes).'));
    return out;
  }
  // Every report must be an object: `null`, a number or a string in its place would reach code
  // that reads report fields (a `null` once crashed ingest).
  const items: unknown[] = Array.isArray(doc) ? doc : [doc];
  const notObject = items.findIndex((x) => typeof x !== 'object' || x === null || Array.isArray(x));
  if (notObject >= 0) {
    const pointer = Array.isArray(doc) ? `/${notObject}` : '';
    const got = items[notObject] === null ? 'null' : Array.isArray(items[notObject]) ? 'array' : typeof items[notObject];
    out.problems.push(problem('schema', { pointer },
      `Tệp "${fileName}": ${pointer ? `phần tử ${pointer}` : 'nội dung'} là ${got}, không phải một báo cáo (đối tượng JSON {…}).`,
      `File "${fileName}": ${pointer ? `item ${pointer}` : 'the content'} is ${got}, not a report (a JSON object {…}).`,
      'Mỗi báo cáo là một đối tượng { "unit_id": …, "period": …, "values": [ … ] } theo data-schemas/report.schema.json.',
      'Each report is an object { "unit_id": …, "period": …, "values": [ … ] } as in data-schemas/report.schema.json.'));
    return out;
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0) {
      out.problems.push(problem('no_reports', { pointer: '' }, 'Mảng báo cáo rỗng.', 'The array holds no report.',
        'Đưa ít nhất một báo cáo vào tệp.', 'Put at least one report in the file.'));
    }
    out.reports = doc as InputReport[];
  } else {
    out.reports = [doc as InputReport];
  }
  return out;
};
