/**
 * A worksheet read into plain cells: the text as a person sees it (NFC, legacy fonts repaired),
 * the number it holds (numeric cell, cached formula result, or vi-VN text "1.234,5"), and whether
 * it is shown as a percentage. Everything after this step works on XCell, not on exceljs types.
 */
import type ExcelJS from 'exceljs';
import { parseViNumberDetailed } from '../numbers-vi.ts';
import { nfc } from '../text.ts';
import { cellString } from './xlsx-text.ts';

export interface XCell {
  row: number;
  col: number;
  address: string;
  /** Display text, NFC; '' for an empty cell. */
  text: string;
  /** The number the cell holds, if any (from a number, a formula's cached result, or number text). */
  number?: number;
  /** A numeric cell shown with a % number format: the percentage is number × 100. */
  percentFormat: boolean;
  /** Number text with a % sign ("71,2%"): the percentage is number itself. */
  textPercent: boolean;
  /** The number was read from text (vi-VN or otherwise). */
  fromText: boolean;
  date?: Date;
  /** Excel error value (#DIV/0!, #REF! …) or a formula with no cached result. */
  error?: string;
  /** Address of the top-left cell when this cell is part of a merged range, else its own address. */
  master: string;
}

export interface XSheet {
  name: string;
  hidden: boolean;
  /** Non-empty cells by row then column (1-based). */
  rows: Map<number, Map<number, XCell>>;
}

/** True when an Excel number format shows a percentage (a % outside quotes and escapes). */
export function isPercentFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const stripped = numFmt.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return stripped.includes('%');
}

/** The percentage a cell shows: 0.712 formatted as % → 71.2; "71,2%" → 71.2; 71.2 → 71.2. */
export function shownNumber(c: XCell): number | undefined {
  if (c.number === undefined) return undefined;
  return c.percentFormat ? roundFloat(c.number * 100) : c.number;
}

/** Removes binary floating-point noise from ×100 (0.712 × 100 = 71.19999999999999). */
export function roundFloat(n: number): number {
  return Number(n.toPrecision(12));
}

type Raw = ExcelJS.CellValue;

function textOf(v: Raw): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('text' in v && v.text && typeof v.text === 'object') return textOf(v.text as Raw);
    if ('result' in v) return textOf((v as { result?: Raw }).result ?? null);
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return '';
}

function readCell(cell: ExcelJS.Cell, row: number, col: number): XCell | undefined {
  let v: Raw = cell.value;
  const out: XCell = {
    row,
    col,
    address: cell.address,
    text: '',
    percentFormat: false,
    textPercent: false,
    fromText: false,
    master: cell.isMerged ? cell.master.address : cell.address,
  };
  if (v && typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
    // Formulas: use the value Excel cached when it last calculated; there is no calculation engine here.
    const result = (v as { result?: Raw }).result;
    if (result === undefined || result === null) {
      out.error = 'no cached result';
      return out;
    }
    v = result as Raw;
  }
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object' && !(v instanceof Date) && 'error' in v) {
    out.error = String((v as { error: unknown }).error);
    out.text = out.error;
    return out;
  }
  if (typeof v === 'number') {
    out.number = v;
    out.percentFormat = isPercentFormat(cell.numFmt);
    out.text = String(v);
    return out;
  }
  if (v instanceof Date) {
    out.date = v;
    out.text = v.toISOString().slice(0, 10);
    return out;
  }
  const text = nfc(cellString(textOf(v)));
  if (!text) return undefined;
  out.text = text;
  const n = parseViNumberDetailed(text);
  if (n) {
    out.number = n.value;
    out.textPercent = n.percent;
    out.fromText = true;
  }
  return out;
}

/** Reads every non-empty cell of a worksheet. */
export function readSheet(ws: ExcelJS.Worksheet): XSheet {
  const rows = new Map<number, Map<number, XCell>>();
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells = new Map<number, XCell>();
    r.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const c = readCell(cell, rowNumber, colNumber);
      if (c) cells.set(colNumber, c);
    });
    if (cells.size) rows.set(rowNumber, cells);
  });
  return { name: ws.name, hidden: ws.state !== 'visible', rows };
}

/** Column letters of a 1-based column number (1 → A, 28 → AB). */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
