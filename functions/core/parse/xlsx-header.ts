/**
 * The header block above the indicator table: who reports (unit id or name), for which period,
 * with which scope, and when. Fields come from labelled cells ("Đơn vị:", "Kỳ báo cáo:",
 * "Phạm vi:", "Ngày báo cáo:") with the value after the colon or in the next cell to the right,
 * and otherwise from the titles ("BÁO CÁO … 6 THÁNG ĐẦU NĂM 2024 CỦA VKSND HAI CẤP TỈNH SÓC TRĂNG").
 */
import type { Scope } from '../types.ts';
import { fold } from '../text.ts';
import type { XCell, XSheet } from './xlsx-cells.ts';
import { parsePeriodText, periodOfDateCell } from './xlsx-period.ts';

export interface Found<T> {
  value: T;
  /** Address of the cell the value was read from. */
  cell: string;
}

export interface HeaderFields {
  unitId?: Found<string>;
  unitName?: Found<string>;
  /** Text cells that might name the unit ("… VKSND hai cấp tỉnh Sóc Trăng"), for a registry lookup. */
  unitCandidates: Found<string>[];
  period?: Found<string>;
  /** A period-like cell that could not be read (for the problem message). */
  unreadablePeriod?: Found<string>;
  scope?: Found<Scope>;
  /** ISO timestamp. */
  submittedAt?: Found<string>;
  /** The cell labelled as the unit, for pointing at it in problems. */
  unitLabelCell?: string;
  periodLabelCell?: string;
}

type Field = 'unitId' | 'unitName' | 'period' | 'periodDates' | 'scope' | 'submitted';

const LABELS: [Field, RegExp][] = [
  ['unitId', /^(ma don vi|ma dv|ma vks|ma don vi bao cao|unit id|unit_id)$/],
  ['unitName', /^(don vi|ten don vi|don vi bao cao|ten don vi bao cao|co quan|co quan bao cao|unit|unit name)$/],
  ['period', /^(ky bao cao|ky|thoi ky|ky thong ke|ky so lieu|nhan ky|ma ky|period)$/],
  ['periodDates', /^(tu ngay den ngay|tu ngay|thoi gian|thoi gian bao cao|thoi gian so lieu|so lieu tu ngay)$/],
  ['scope', /^(pham vi|pham vi bao cao|pham vi so lieu|cap bao cao|scope)$/],
  ['submitted', /^(ngay bao cao|ngay gui|ngay lap|ngay nop|ngay lap bieu|ngay gui bao cao|submitted at)$/],
];

const UNIT_ID_RE = /(?<![A-Za-z0-9])(p63-\d{2}|p34-\d{2}|d-\d{3}|kv-\d{2}-\d{1,2})(?!\d)/i;
const DATE_LINE_RE = /\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b/;
const DMY_RE = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/;

function pad(n: number | string): string {
  return String(n).padStart(2, '0');
}

/** An ISO timestamp at Vietnam time (UTC+7) for a date written in a report. */
function vnTimestamp(y: number, m: number, d: number, hh = 0, mm = 0): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 2000 || y > 2100) return undefined;
  return `${y}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}:00+07:00`;
}

/** Excel stores a date as a wall-clock value; exceljs returns it as that wall-clock time in UTC. */
export function timestampOfDateCell(d: Date): string {
  return vnTimestamp(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes())!;
}

/** A submission date written as d/m/yyyy, "ngày 5 tháng 6 năm 2024", or an ISO date/time. */
export function parseSubmittedText(text: string): string | undefined {
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(t);
  if (iso) {
    if (t.length === 10) return `${t}T00:00:00+07:00`;
    const d = new Date(/Z|[+-]\d{2}:\d{2}$/.test(t) ? t : `${t}+07:00`);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const dmy = DMY_RE.exec(t);
  if (dmy) return vnTimestamp(+dmy[3], +dmy[2], +dmy[1], dmy[4] ? +dmy[4] : 0, dmy[5] ? +dmy[5] : 0);
  const line = DATE_LINE_RE.exec(fold(t));
  if (line) return vnTimestamp(+line[3], +line[2], +line[1]);
  return undefined;
}

function scopeOfText(text: string): Scope | undefined {
  const f = fold(text);
  if (/\b(hai cap|2 cap|toan tinh|toan thanh pho|toan nganh|province total|province_total)\b/.test(f)) return 'province_total';
  if (/\b(don vi|mot cap|1 cap|rieng|cap tinh|cap huyen|khu vuc|unit)\b/.test(f)) return 'unit';
  return undefined;
}

/** The label part of a cell ("Kỳ báo cáo:" → field period) and the value written after its colon, if any. */
function labelOf(c: XCell): { field: Field; rest: string } | undefined {
  if (c.number !== undefined || c.date) return undefined;
  const i = c.text.indexOf(':');
  const head = i >= 0 ? c.text.slice(0, i) : c.text;
  const rest = i >= 0 ? c.text.slice(i + 1).trim() : '';
  const f = fold(head);
  if (!f || f.length > 40) return undefined;
  for (const [field, re] of LABELS) if (re.test(f)) return { field, rest };
  return undefined;
}

/** The first non-empty cell to the right of `c` in its row that is not part of the same merged cell. */
function valueRightOf(sheet: XSheet, c: XCell): XCell | undefined {
  const row = sheet.rows.get(c.row);
  if (!row) return undefined;
  const cols = [...row.keys()].filter((k) => k > c.col).sort((a, b) => a - b);
  for (const k of cols) {
    const v = row.get(k)!;
    if (v.master === c.master) continue;
    if (v.text || v.date) return v;
  }
  return undefined;
}

/**
 * Reads the header fields from rows `fromRow..toRow` (inclusive) of a sheet. The submission date
 * line ("…, ngày 05 tháng 6 năm 2024") is also looked for in `dateLineRows`, since forms put it
 * under the table with the signatures.
 */
export function readHeader(sheet: XSheet, fromRow: number, toRow: number, dateLineRows: number[] = []): HeaderFields {
  const out: HeaderFields = { unitCandidates: [] };
  const used = new Set<string>();
  const rows = [...sheet.rows.keys()].filter((r) => r >= fromRow && r <= toRow).sort((a, b) => a - b);
  const cellsInOrder = rows.flatMap((r) => [...sheet.rows.get(r)!.values()].sort((a, b) => a.col - b.col));
  let periodDates: Found<string> | undefined;

  for (const c of cellsInOrder) {
    if (c.master !== c.address) continue;
    const label = labelOf(c);
    if (!label) continue;
    used.add(c.address);
    let valueCell: XCell | undefined;
    let text = label.rest;
    let at = c.address;
    if (!text) {
      valueCell = valueRightOf(sheet, c);
      if (!valueCell) continue;
      used.add(valueCell.address);
      text = valueCell.text;
      at = valueCell.address;
    }
    switch (label.field) {
      case 'unitId': {
        out.unitLabelCell ??= c.address;
        const m = UNIT_ID_RE.exec(text);
        if (m && !out.unitId) out.unitId = { value: m[1].toLowerCase(), cell: at };
        else if (text && !out.unitName) out.unitName = { value: text, cell: at };
        break;
      }
      case 'unitName':
        out.unitLabelCell ??= c.address;
        if (text && !out.unitName) out.unitName = { value: text, cell: at };
        break;
      case 'period': {
        out.periodLabelCell ??= c.address;
        if (out.period) break;
        const label = valueCell?.date ? periodOfDateCell(valueCell.date) : parsePeriodText(text);
        // The label cell may be followed by the period in words ("2024-H1" | "6 tháng đầu năm 2024").
        if (label) out.period = { value: label, cell: at };
        else out.unreadablePeriod ??= { value: text, cell: at };
        break;
      }
      case 'periodDates': {
        // The dates may be split over two cells ("Từ ngày" 01/12/2023 "đến ngày" 31/05/2024): read the whole row.
        const rowText = [...(sheet.rows.get(c.row)?.values() ?? [])].map((x) => (x.date ? x.date.toISOString().slice(0, 10).split('-').reverse().join('/') : x.text)).join(' ');
        const p = parsePeriodText(rowText);
        if (p && !periodDates) periodDates = { value: p, cell: at };
        break;
      }
      case 'scope': {
        const s = scopeOfText(text);
        if (s && !out.scope) out.scope = { value: s, cell: at };
        break;
      }
      case 'submitted': {
        const iso = valueCell?.date ? timestampOfDateCell(valueCell.date) : parseSubmittedText(text);
        if (iso && !out.submittedAt) out.submittedAt = { value: iso, cell: at };
        break;
      }
    }
  }
  if (!out.period && periodDates) out.period = periodDates;
  // "Đơn vị: VKSND hai cấp tỉnh Sóc Trăng" states the scope too.
  if (!out.scope && out.unitName && /\bhai cap\b/.test(fold(out.unitName.value))) out.scope = { value: 'province_total', cell: out.unitName.cell };

  // Titles and free text: period words, "hai cấp", "VKSND …" unit names, the date line.
  for (const c of cellsInOrder) {
    if (c.master !== c.address || used.has(c.address) || c.number !== undefined || !c.text) continue;
    if (!out.period && !out.unreadablePeriod) {
      const p = parsePeriodText(c.text);
      if (p) out.period = { value: p, cell: c.address };
    }
    if (!out.scope && /\bhai cap\b/.test(fold(c.text))) out.scope = { value: 'province_total', cell: c.address };
    if (!out.unitId) {
      const m = UNIT_ID_RE.exec(c.text);
      if (m) out.unitId = { value: m[1].toLowerCase(), cell: c.address };
    }
    if (/\b(vksnd|vks|vien kiem sat)\b/.test(fold(c.text))) out.unitCandidates.push({ value: c.text, cell: c.address });
  }
  if (!out.submittedAt) {
    const extra = dateLineRows.flatMap((r) => [...(sheet.rows.get(r)?.values() ?? [])]);
    for (const c of [...cellsInOrder, ...extra]) {
      if (!c.text || c.number !== undefined) continue;
      const m = DATE_LINE_RE.exec(fold(c.text));
      const iso = m && vnTimestamp(+m[3], +m[2], +m[1]);
      if (iso) {
        out.submittedAt = { value: iso, cell: c.address };
        break;
      }
    }
  }
  return out;
}

/**
 * Unit names inside a title: the words after "VKSND" / "Viện kiểm sát nhân dân", longest first,
 * so that "… CỦA VKSND HAI CẤP TỈNH SÓC TRĂNG NĂM 2024" yields "hai cấp tỉnh sóc trăng năm 2024",
 * "hai cấp tỉnh sóc trăng năm", … "hai cấp tỉnh sóc trăng" for the registry to try.
 */
export function unitNamePhrases(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const folded = words.map((w) => fold(w));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let start = -1;
    if (folded[i] === 'vksnd' || folded[i] === 'vks') start = i + 1;
    else if (folded[i] === 'vien' && folded[i + 1] === 'kiem' && folded[i + 2] === 'sat') start = folded[i + 3] === 'nhan' && folded[i + 4] === 'dan' ? i + 5 : i + 3;
    if (start < 0) continue;
    for (let end = Math.min(words.length, start + 9); end > start; end--) out.push(words.slice(start, end).join(' '));
  }
  return out;
}

/** Unit id and period written in a file name ("p63-94_2024-H1.xlsx", "Soc Trang - 6 thang dau nam 2024.xlsx"). */
export function readFileName(fileName: string): { unitId?: string; period?: string; stem: string } {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{2,5}$/, '');
  const id = UNIT_ID_RE.exec(base)?.[1]?.toLowerCase();
  // "2024-H1" must survive as a label; word separators become spaces for the Vietnamese forms.
  const period = parsePeriodText(base) ?? parsePeriodText(base.replace(/[_.]+/g, ' '));
  return { unitId: id, period, stem: base };
}
