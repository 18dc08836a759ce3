/**
 * Finds the indicator table in a sheet: the header row(s) naming the columns (possibly merged
 * over two or three rows, possibly followed by a column-numbering row "(1) (2) (3)"), the role of
 * each column, and the first data row. When no header is recognisable, the table is found from
 * the data: the column whose texts resolve to the most indicators, and the first mostly-numeric
 * column to its right.
 */
import { fold } from '../text.ts';
import type { XCell, XSheet } from './xlsx-cells.ts';
import type { XlsxIndicator } from './xlsx-registry.ts';

export type ColumnRole =
  | 'code'
  | 'name'
  | 'value'
  | 'numerator'
  | 'denominator'
  | 'last_year'
  | 'note'
  | 'ignored';

export interface TableLayout {
  /** First and last header rows (equal to the first data row − 1 … when found from data: 0). */
  headerTop: number;
  headerBottom: number;
  firstDataRow: number;
  columns: Partial<Record<Exclude<ColumnRole, 'ignored'>, number>>;
  /** True when the header row was recognised (not inferred from the data). */
  fromHeader: boolean;
}

// Tested in this order: the more specific phrase first ("mã chỉ tiêu" before "chỉ tiêu",
// "số liệu cùng kỳ" before "số liệu", "chỉ tiêu giao" (a target) before "chỉ tiêu").
const ROLE_PATTERNS: [ColumnRole, RegExp][] = [
  ['note', /\b(ghi chu|note)\b/],
  ['numerator', /\b(tu so|numerator)\b/],
  ['denominator', /\b(mau so|denominator)\b/],
  ['last_year', /\b(cung ky|nam truoc|last year)\b/],
  ['ignored', /\b(don vi tinh|dvt|luy ke|ky truoc|ke hoach|chi tieu giao|muc tieu|tang giam|so sanh|chenh lech|stt|tt|so thu tu)\b/],
  ['code', /\b(ma chi tieu|ma so|ma|code)\b/],
  ['name', /\b(chi tieu|ten chi tieu|noi dung|indicator)\b/],
  ['value', /\b(ky nay|ky bao cao|so lieu|gia tri|thuc hien|ket qua|value|so luong|ty le)\b/],
];

export function roleOf(headerText: string): ColumnRole | undefined {
  const f = fold(headerText);
  if (!f) return undefined;
  for (const [role, re] of ROLE_PATTERNS) if (re.test(f)) return role;
  return undefined;
}

function rowCells(sheet: XSheet, r: number): XCell[] {
  return [...(sheet.rows.get(r)?.values() ?? [])];
}

/** A row of column numbers under the header: "1 2 3 …" or "(1) (2) (3) …". */
function isNumberingRow(cells: XCell[]): boolean {
  if (cells.length < 2) return false;
  return cells.every((c) => /^\(?\d{1,2}\)?$/.test(c.text) || /^\([a-z0-9=+*/x -]+\)$/i.test(c.text));
}

/** True when a row looks like part of a header: text cells only, none of them a number. */
function isTextRow(cells: XCell[]): boolean {
  return cells.length > 0 && cells.every((c) => c.number === undefined && !c.date);
}

/** Columns of a row covered by a merged cell that spans more than one column. */
function horizontallyMergedColumns(cells: XCell[]): Set<number> {
  const byMaster = new Map<string, number[]>();
  for (const c of cells) byMaster.set(c.master, [...(byMaster.get(c.master) ?? []), c.col]);
  const out = new Set<number>();
  for (const cols of byMaster.values()) if (cols.length > 1) cols.forEach((c) => out.add(c));
  return out;
}

function rolesOfRow(cells: XCell[]): Set<ColumnRole> {
  const out = new Set<ColumnRole>();
  for (const c of cells) {
    const r = roleOf(c.text);
    if (r) out.add(r);
  }
  return out;
}

/** Locates the table by its header row, or undefined when no row names both an indicator column and a value column. */
export function findTableByHeader(sheet: XSheet): TableLayout | undefined {
  const rowNumbers = [...sheet.rows.keys()].sort((a, b) => a - b);
  for (const r of rowNumbers) {
    const cells = rowCells(sheet, r);
    if (!isTextRow(cells)) continue;
    const roles = rolesOfRow(cells);
    if (!(roles.has('name') || roles.has('code'))) continue;
    if (!roles.has('value') && !roles.has('last_year') && !roles.has('numerator')) continue;
    // Extend over the rows of a multi-row header: text-only rows sharing merged cells with this one
    // or naming columns themselves.
    let top = r;
    while (sheet.rows.has(top - 1)) {
      const above = rowCells(sheet, top - 1);
      const shared = cells.some((c) => c.master !== c.address && above.some((a) => a.address === c.master));
      if (!isTextRow(above) || !shared) break;
      top--;
    }
    // Sub-headings sit under a heading merged across several columns ("Số liệu" over "Kỳ này |
    // Cùng kỳ năm trước"); a text-only row elsewhere is a data row with blank values.
    let bottom = r;
    for (;;) {
      const spanned = horizontallyMergedColumns(rowCells(sheet, bottom));
      const below = rowCells(sheet, bottom + 1);
      if (!below.length || !isTextRow(below) || isNumberingRow(below)) break;
      const own = below.filter((c) => c.master === c.address);
      if (!own.length || !own.every((c) => spanned.has(c.col))) break;
      bottom++;
    }
    let firstDataRow = bottom + 1;
    if (isNumberingRow(rowCells(sheet, firstDataRow))) firstDataRow++;
    const columns: TableLayout['columns'] = {};
    const maxCol = Math.max(0, ...rowNumbers.filter((x) => x >= top && x <= bottom).flatMap((x) => [...(sheet.rows.get(x)?.keys() ?? [])]));
    for (let col = 1; col <= maxCol; col++) {
      // The column's heading: the distinct texts of its header cells, top to bottom.
      const seen = new Set<string>();
      const parts: string[] = [];
      for (let row = top; row <= bottom; row++) {
        const c = sheet.rows.get(row)?.get(col);
        if (!c || seen.has(c.master)) continue;
        seen.add(c.master);
        parts.push(c.text);
      }
      // Most specific first: the lowest header cell names the column ("Kỳ này" under "Số liệu").
      let role: ColumnRole | undefined;
      for (let i = parts.length - 1; i >= 0 && !role; i--) role = roleOf(parts.slice(i).join(' '));
      if (!role || role === 'ignored') continue;
      // A heading merged across several columns names only its first column, unless a sub-heading says otherwise.
      if (columns[role] === undefined) columns[role] = col;
    }
    if (columns.name === undefined && columns.code === undefined) continue;
    if (columns.value === undefined) continue;
    return { headerTop: top, headerBottom: bottom, firstDataRow, columns, fromHeader: true };
  }
  return undefined;
}

/**
 * Locates the table from its data when the header is missing or unrecognisable: the column with
 * the most cells resolving to an indicator, and the first column to its right where most of
 * those rows hold a number.
 */
export function findTableByData(sheet: XSheet, resolve: (text: string) => XlsxIndicator | undefined): TableLayout | undefined {
  const hits = new Map<number, number[]>();
  for (const [r, cells] of sheet.rows) {
    for (const [col, c] of cells) {
      if (c.number !== undefined || c.master !== c.address || c.text.length < 3) continue;
      if (resolve(c.text)) hits.set(col, [...(hits.get(col) ?? []), r]);
    }
  }
  let best: [number, number[]] | undefined;
  for (const h of hits) if (!best || h[1].length > best[1].length) best = h;
  if (!best) return undefined;
  const [nameCol, rows] = best;
  const maxCol = Math.max(...[...sheet.rows.values()].flatMap((m) => [...m.keys()]));
  for (let col = nameCol + 1; col <= maxCol; col++) {
    const numeric = rows.filter((r) => sheet.rows.get(r)?.get(col)?.number !== undefined).length;
    if (numeric * 2 >= rows.length) {
      const first = Math.min(...rows);
      return { headerTop: 0, headerBottom: 0, firstDataRow: first, columns: { name: nameCol, value: col }, fromHeader: false };
    }
  }
  return undefined;
}
