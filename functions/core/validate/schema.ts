/**
 * Schema validation of a report against data-schemas/report.schema.json (JSON Schema 2020-12),
 * turned into bilingual problems with JSON pointers.
 */
import type { ErrorObject } from 'ajv';
// Compiled ahead of time from data-schemas/report.schema.json (scripts/build-validators.ts).
import validateReport from '../generated/report-validator.generated.js';
import type { Problem } from '../types.ts';
import { problem } from '../problem.ts';

function describe(e: ErrorObject): { vi: string; en: string; fixVi: string; fixEn: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { vi: `Thiếu trường bắt buộc "${p.missingProperty}".`, en: `Missing required field "${p.missingProperty}".`,
        fixVi: `Thêm trường "${p.missingProperty}".`, fixEn: `Add the field "${p.missingProperty}".` };
    case 'additionalProperties':
      return { vi: `Trường lạ "${p.additionalProperty}".`, en: `Unknown field "${p.additionalProperty}".`,
        fixVi: `Xoá trường "${p.additionalProperty}" hoặc sửa tên cho đúng lược đồ.`, fixEn: `Remove "${p.additionalProperty}" or correct its name to the schema.` };
    case 'type':
      return { vi: `Sai kiểu dữ liệu: cần ${p.type}.`, en: `Wrong type: expected ${p.type}.`,
        fixVi: `Ghi giá trị kiểu ${p.type} (số không đặt trong dấu nháy).`, fixEn: `Write a ${p.type} value (numbers without quotes).` };
    case 'enum':
      return { vi: `Giá trị không được phép; chỉ nhận: ${(p.allowedValues as unknown[]).join(', ')}.`, en: `Value not allowed; expected one of: ${(p.allowedValues as unknown[]).join(', ')}.`,
        fixVi: 'Chọn một trong các giá trị đã nêu.', fixEn: 'Use one of the listed values.' };
    case 'pattern':
      return { vi: 'Giá trị không đúng định dạng.', en: 'Value does not have the expected format.',
        fixVi: 'Xem định dạng trong data-schemas/report.schema.json (ví dụ kỳ "2024-03", "2024-H1"; đơn vị "p63-94").',
        fixEn: 'See the format in data-schemas/report.schema.json (e.g. period "2024-03", "2024-H1"; unit "p63-94").' };
    case 'format':
      return { vi: `Không đúng định dạng ${p.format}.`, en: `Not a valid ${p.format}.`,
        fixVi: 'Ghi thời điểm dạng ISO 8601, ví dụ 2024-04-05T08:00:00+07:00.', fixEn: 'Write an ISO 8601 time, e.g. 2024-04-05T08:00:00+07:00.' };
    case 'minItems':
      return { vi: 'Danh sách rỗng.', en: 'The list is empty.', fixVi: 'Thêm ít nhất một giá trị chỉ tiêu.', fixEn: 'Add at least one indicator value.' };
    case 'anyOf':
      return { vi: 'Thiếu đơn vị báo cáo (unit_id hoặc unit_name).', en: 'Missing the reporting unit (unit_id or unit_name).',
        fixVi: 'Thêm unit_id (ví dụ "p63-94") hoặc unit_name.', fixEn: 'Add unit_id (e.g. "p63-94") or unit_name.' };
    default:
      return { vi: `Không hợp lệ (${e.keyword}): ${e.message}.`, en: `Invalid (${e.keyword}): ${e.message}.`,
        fixVi: 'Sửa theo data-schemas/report.schema.json.', fixEn: 'Correct it to data-schemas/report.schema.json.' };
  }
}

/** Problems of one report; `base` prefixes pointers (e.g. "/3" for the fourth report of an array). */
export function schemaProblems(report: unknown, base = ''): Problem[] {
  if (typeof report !== 'object' || report === null || Array.isArray(report)) {
    return [problem('schema', { pointer: base }, 'Báo cáo phải là một đối tượng JSON.', 'A report must be a JSON object.',
      'Đặt báo cáo trong { … } theo lược đồ.', 'Put the report in { … } following the schema.')];
  }
  if (validateReport(report)) return [];
  const errors = (validateReport.errors ?? []).filter((e) => e.keyword !== 'if');
  // anyOf produces one "required" error per branch; keep the summary only.
  const anyOf = errors.some((e) => e.keyword === 'anyOf');
  return errors
    .filter((e) => !(anyOf && e.keyword === 'required' && (e.params as { missingProperty: string }).missingProperty.startsWith('unit_')))
    .map((e) => {
      const d = describe(e);
      return problem(`schema_${e.keyword}`, { pointer: base + e.instancePath }, d.vi, d.en, d.fixVi, d.fixEn);
    });
}
