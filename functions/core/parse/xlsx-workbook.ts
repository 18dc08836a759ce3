/**
 * An .xlsx workbook → reports, one per sheet that holds an indicator table. The container is
 * checked first (encryption, zip bombs: xlsx-container.ts); a sheet with neither a table header
 * nor any recognisable indicator (instructions, notes) is ignored when another sheet has a report.
 * The unit, period, scope and submission time come from each sheet's header block, then from the
 * sheet name, then from the file name; the submission time last from the workbook's properties.
 */
import ExcelJS from 'exceljs';
import { parsePeriod } from '../calendar.ts';
import { problem } from '../problem.ts';
import type { InputReport, Problem, Scope } from '../types.ts';
import type { ParsedFile } from './parsed-file.ts';
import { inspectXlsxContainer, DEFAULT_ZIP_LIMITS, type ZipLimits } from './xlsx-container.ts';
import { readSheet, type XSheet } from './xlsx-cells.ts';
import { readFileName, readHeader, unitNamePhrases, type Found } from './xlsx-header.ts';
import { parsePeriodText } from './xlsx-period.ts';
import type { XlsxRegistry, XlsxUnit } from './xlsx-registry.ts';
import { makeResolver, readSheetTable, type ValueCells } from './xlsx-sheet.ts';

export interface XlsxSheetReport {
  sheet: string;
  report: InputReport;
  /** Indicator code → the cells its figures were read from. */
  cells: Record<string, ValueCells>;
  /** Indicator code → "same period last year" as the sheet gives it (not part of the report contract). */
  lastYear: Record<string, number>;
  /** Where unit, period, scope and submission time came from: a cell address, 'sheet name', 'file name' or 'workbook properties'. */
  sources: { unit: string; period: string; scope: string; submitted_at: string };
}

export interface XlsxParseResult extends ParsedFile {
  sheets: XlsxSheetReport[];
  /** Sheets skipped as notes or instructions. */
  ignoredSheets: string[];
}

export interface XlsxParseOptions {
  limits?: ZipLimits;
}

function containerProblem(kind: string, detail = ''): Problem {
  switch (kind) {
    case 'encrypted':
      return problem('xlsx_encrypted', {}, 'Tệp Excel được đặt mật khẩu mở (mã hoá), không đọc được.',
        'The Excel file is password-protected (encrypted) and cannot be read.',
        'Mở tệp trong Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hoá bằng mật khẩu, xoá mật khẩu), lưu và gửi lại.',
        'Open the file in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it), save and send it again.');
    case 'zip_encrypted_entries':
      return problem('xlsx_encrypted', {}, 'Tệp nén có mật khẩu, không đọc được.', 'The archive is password-protected and cannot be read.',
        'Gửi tệp .xlsx không đặt mật khẩu.', 'Send the .xlsx without a password.');
    case 'legacy_xls':
      return problem('xlsx_legacy_format', {}, 'Tệp là định dạng Excel 97–2003 (.xls), không phải .xlsx.',
        'The file is in the Excel 97–2003 format (.xls), not .xlsx.',
        'Mở tệp trong Excel và lưu lại dưới dạng "Excel Workbook (*.xlsx)".', 'Open it in Excel and save it as "Excel Workbook (*.xlsx)".');
    case 'bomb':
      return problem('xlsx_zip_bomb', {}, `Tệp bị từ chối vì kích thước giải nén bất thường (${detail}).`,
        `The file was refused: its uncompressed size is abnormal (${detail}).`,
        'Gửi bảng số liệu thông thường theo mẫu; không gửi tệp nén lồng nhau hay tệp rất lớn.',
        'Send an ordinary statistical table from the template; no nested archives or huge files.');
    case 'not_workbook':
      return problem('xlsx_not_workbook', {}, `Tệp là tệp nén nhưng không phải bảng tính Excel .xlsx (${detail}).`,
        `The file is an archive but not an Excel .xlsx workbook (${detail}).`,
        'Lưu bảng số liệu dưới dạng "Excel Workbook (*.xlsx)" rồi gửi lại.', 'Save the table as "Excel Workbook (*.xlsx)" and send it again.');
    case 'corrupt':
      return problem('xlsx_corrupt', {}, `Tệp Excel bị hỏng (${detail}).`, `The Excel file is damaged (${detail}).`,
        'Mở lại tệp bằng Excel, lưu lại và gửi lại; nếu không mở được, lập lại từ mẫu.',
        'Open the file in Excel, save it again and resend it; if it does not open, fill in the template again.');
    default:
      return problem('xlsx_not_workbook', {}, 'Tệp không phải là bảng tính Excel (.xlsx).', 'The file is not an Excel workbook (.xlsx).',
        'Gửi bảng số liệu dạng .xlsx (tạo bằng chitieu template xlsx).', 'Send the table as .xlsx (made with chitieu template xlsx).');
  }
}

function resolveUnitText(registry: XlsxRegistry, text: string, at: string | undefined): XlsxUnit | undefined {
  return registry.resolveUnit(text, at) ?? unitNamePhrases(text).map((p) => registry.resolveUnit(p, at)).find(Boolean);
}

interface WhoWhen {
  unit?: XlsxUnit;
  period?: string;
  scope: Scope;
  submittedAt?: string;
  sources: XlsxSheetReport['sources'];
  problems: Problem[];
}

/** Unit, period, scope and submission time of one sheet, with the fallbacks described above. */
function whoAndWhen(sheet: XSheet, headerTo: number, tailRows: number[], fileName: string, registry: XlsxRegistry, modified: Date | undefined): WhoWhen {
  const h = readHeader(sheet, 1, headerTo, tailRows);
  const file = readFileName(fileName);
  const problems: Problem[] = [];
  const sources: XlsxSheetReport['sources'] = { unit: '', period: '', scope: '', submitted_at: '' };

  let period: Found<string> | undefined = h.period;
  if (!period && !h.unreadablePeriod) {
    const fromSheetName = parsePeriodText(sheet.name);
    if (fromSheetName) period = { value: fromSheetName, cell: 'sheet name' };
    else if (file.period) period = { value: file.period, cell: 'file name' };
  }
  const p = period ? parsePeriod(period.value) : undefined;
  if (!p) {
    const bad = h.unreadablePeriod;
    problems.push(bad
      ? problem('xlsx_bad_period', { sheet: sheet.name, cell: bad.cell }, `Không đọc được kỳ báo cáo "${bad.value.slice(0, 60)}" ở ô ${bad.cell}.`,
        `Cannot read the reporting period "${bad.value.slice(0, 60)}" in cell ${bad.cell}.`,
        'Ghi kỳ báo cáo như "2024-Q1", "Tháng 3/2024", "Quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng năm 2024" hoặc "Năm 2024".',
        'Write the period as "2024-Q1", "Tháng 3/2024", "Quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng năm 2024" or "Năm 2024".')
      : problem('xlsx_missing_period', { sheet: sheet.name, cell: h.periodLabelCell ?? 'A1' }, `Trang "${sheet.name}" không ghi kỳ báo cáo.`,
        `Sheet "${sheet.name}" does not state the reporting period.`,
        'Thêm dòng "Kỳ báo cáo:" vào phần đầu (ví dụ "Kỳ báo cáo: 6 tháng đầu năm 2024"), hoặc dùng mẫu chitieu template xlsx.',
        'Add a "Kỳ báo cáo:" line to the header (e.g. "Kỳ báo cáo: 6 tháng đầu năm 2024"), or use the chitieu template xlsx.'));
  } else sources.period = period!.cell;
  const at = p?.start;

  let unit: XlsxUnit | undefined;
  let unitWritten: Found<string> | undefined;
  if (h.unitId) {
    unitWritten = h.unitId;
    unit = registry.unitById(h.unitId.value) ?? registry.resolveUnit(h.unitId.value, at);
  }
  if (!unit && h.unitName) {
    unitWritten ??= h.unitName;
    unit = resolveUnitText(registry, h.unitName.value, at);
    if (unit) unitWritten = h.unitName;
  }
  if (!unit && !unitWritten) {
    for (const c of h.unitCandidates) {
      unit = resolveUnitText(registry, c.value, at);
      if (unit) {
        unitWritten = c;
        break;
      }
    }
  }
  if (!unit && !unitWritten) {
    unit = registry.resolveUnit(sheet.name, at);
    if (unit) unitWritten = { value: sheet.name, cell: 'sheet name' };
  }
  if (!unit && !unitWritten) {
    const byFile = file.unitId ? registry.unitById(file.unitId) : undefined;
    const byName =
      byFile ??
      resolveUnitText(registry, file.stem, at) ??
      file.stem.split(/\s*[_–—]\s*|\s+-\s+/).map((s) => resolveUnitText(registry, s, at)).find(Boolean);
    if (byName) {
      unit = byName;
      unitWritten = { value: file.stem, cell: 'file name' };
    }
  }
  if (unit) sources.unit = unitWritten!.cell;
  else if (unitWritten && unitWritten.cell !== 'file name') {
    problems.push(problem('xlsx_unknown_unit', { sheet: sheet.name, cell: unitWritten.cell },
      `Không tìm thấy đơn vị "${unitWritten.value.slice(0, 80)}" (ô ${unitWritten.cell}) trong danh mục đơn vị${at ? ` tại ngày ${at}` : ''}.`,
      `Unit "${unitWritten.value.slice(0, 80)}" (cell ${unitWritten.cell}) is not in the unit registry${at ? ` on ${at}` : ''}.`,
      'Ghi mã đơn vị (ví dụ p63-94) hoặc tên đầy đủ như "VKSND tỉnh Sóc Trăng"; xem danh sách bằng lệnh chitieu units.',
      'Write the unit id (e.g. p63-94) or the full name such as "VKSND tỉnh Sóc Trăng"; list them with chitieu units.'));
  } else {
    problems.push(problem('xlsx_missing_unit', { sheet: sheet.name, cell: h.unitLabelCell ?? 'A1' },
      `Trang "${sheet.name}" không ghi đơn vị báo cáo.`, `Sheet "${sheet.name}" does not state the reporting unit.`,
      'Thêm dòng "Mã đơn vị:" hoặc "Đơn vị:" vào phần đầu, hoặc dùng mẫu chitieu template xlsx.',
      'Add a "Mã đơn vị:" or "Đơn vị:" line to the header, or use the chitieu template xlsx.'));
  }

  const scope: Scope = h.scope?.value ?? 'unit';
  sources.scope = h.scope?.cell ?? 'default';

  let submittedAt = h.submittedAt?.value;
  sources.submitted_at = h.submittedAt?.cell ?? '';
  if (!submittedAt && modified && !Number.isNaN(modified.getTime())) {
    submittedAt = modified.toISOString();
    sources.submitted_at = 'workbook properties';
  }
  if (!submittedAt && p) {
    // No date anywhere: the end of the period is the earliest the report can have been made.
    submittedAt = `${p.end}T23:59:59+07:00`;
    sources.submitted_at = 'period end';
  }
  return { unit, period: p?.label, scope, submittedAt, sources, problems };
}

export async function parseXlsxWorkbook(bytes: Uint8Array, fileName: string, registry: XlsxRegistry, options: XlsxParseOptions = {}): Promise<XlsxParseResult> {
  const out: XlsxParseResult = { format: 'xlsx', sourceKind: 'structured', reports: [], problems: [], sheets: [], ignoredSheets: [] };
  if (bytes.length === 0) {
    out.problems.push(problem('empty_file', {}, 'Tệp rỗng.', 'The file is empty.', 'Gửi lại tệp bảng tính có nội dung.', 'Send the workbook again with its content.'));
    return out;
  }
  const verdict = inspectXlsxContainer(bytes, options.limits ?? DEFAULT_ZIP_LIMITS);
  if (verdict.kind !== 'zip') {
    out.problems.push(containerProblem(verdict.kind, 'detail' in verdict ? verdict.detail : ''));
    return out;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (e) {
    out.problems.push(containerProblem('corrupt', (e as Error).message.slice(0, 200)));
    return out;
  }
  const resolve = makeResolver(registry);
  const candidates: { sheet: XSheet; table: ReturnType<typeof readSheetTable> }[] = [];
  for (const ws of wb.worksheets) {
    // A hidden sheet was not seen by whoever sent the file (lookup lists, old copies): never a report.
    if (ws.state !== 'visible') {
      out.ignoredSheets.push(ws.name);
      continue;
    }
    const sheet = readSheet(ws);
    const table = readSheetTable(sheet, registry, resolve);
    candidates.push({ sheet, table });
  }
  const withReport = candidates.filter((c) => c.table.recognisedRows > 0);
  for (const { sheet, table } of candidates) {
    if (table.recognisedRows > 0) continue;
    // A table header with no recognisable row is a report gone wrong; anything else is a notes sheet.
    if (table.layout?.fromHeader || withReport.length === 0) {
      if (table.problems.length) out.problems.push(...table.problems);
      else if (sheet.rows.size > 0 || withReport.length === 0) {
        out.problems.push(problem('xlsx_no_indicator', { sheet: sheet.name, cell: table.layout ? `A${table.layout.firstDataRow}` : 'A1' },
          `Trang "${sheet.name}" không có chỉ tiêu nào nhận ra được.`, `Sheet "${sheet.name}" has no recognisable indicator.`,
          'Dùng tên hoặc mã chỉ tiêu như trong mẫu (chitieu template xlsx); cột "Chỉ tiêu" và cột "Kỳ này" phải có tiêu đề.',
          'Use the indicator names or codes of the template (chitieu template xlsx); the "Chỉ tiêu" and "Kỳ này" columns need their headings.'));
      }
    } else out.ignoredSheets.push(sheet.name);
  }

  const modified = wb.modified ?? wb.created;
  const keys = new Map<string, string>();
  for (const { sheet, table } of withReport) {
    out.problems.push(...table.problems);
    const layout = table.layout!;
    const headerTo = (layout.fromHeader ? layout.headerTop : layout.firstDataRow) - 1;
    const tail = [...sheet.rows.keys()].filter((r) => r > table.lastDataRow);
    const who = whoAndWhen(sheet, headerTo, tail, fileName, registry, modified);
    out.problems.push(...who.problems);
    if (!table.values.length) {
      // Rows with bad figures already explain why nothing was read.
      if (table.problems.length) continue;
      out.problems.push(problem('xlsx_no_values', { sheet: sheet.name, cell: `A${layout.firstDataRow}` },
        `Trang "${sheet.name}" có danh sách chỉ tiêu nhưng chưa có số liệu nào.`, `Sheet "${sheet.name}" lists indicators but holds no figures.`,
        'Điền số liệu vào cột "Kỳ này" (hoặc tử số và mẫu số cho tỷ lệ).', 'Fill in the "Kỳ này" column (or numerator and denominator for rates).'));
      continue;
    }
    if (!who.unit || !who.period || !who.submittedAt) continue;
    const key = `${who.unit.id}|${who.period}|${who.scope}`;
    const prior = keys.get(key);
    if (prior) {
      out.problems.push(problem('xlsx_duplicate_report', { sheet: sheet.name, cell: 'A1' },
        `Trang "${sheet.name}" lặp lại báo cáo của trang "${prior}" (cùng đơn vị ${who.unit.id}, kỳ ${who.period}, phạm vi ${who.scope}).`,
        `Sheet "${sheet.name}" repeats the report of sheet "${prior}" (same unit ${who.unit.id}, period ${who.period}, scope ${who.scope}).`,
        'Giữ một trang cho mỗi báo cáo; xoá trang trùng.', 'Keep one sheet per report; delete the duplicate.'));
      continue;
    }
    keys.set(key, sheet.name);
    const report: InputReport = {
      schema_version: 1,
      unit_id: who.unit.id,
      scope: who.scope,
      period: who.period,
      submitted_at: who.submittedAt,
      source: { format: 'xlsx', file_name: fileName.replace(/^.*[\\/]/, '') },
      values: table.values,
    };
    out.sheets.push({ sheet: sheet.name, report, cells: table.cells, lastYear: table.lastYear, sources: who.sources });
  }
  if (!candidates.length) {
    out.problems.push(problem('xlsx_no_indicator', {}, 'Bảng tính không có trang nào.', 'The workbook has no sheet.',
      'Dùng mẫu chitieu template xlsx.', 'Use the chitieu template xlsx.'));
  }
  // A file is accepted or rejected whole.
  out.reports = out.problems.length ? [] : out.sheets.map((s) => s.report);
  return out;
}
