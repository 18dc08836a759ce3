/**
 * Reporting periods as workbooks and file names write them: a calendar label ("2024-Q1"),
 * Vietnamese words ("Tháng 3/2024", "Quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng năm 2024",
 * "Năm 2024"), or the covered dates ("từ 01/12/2023 đến 31/5/2024"). Years after a quarter, half,
 * 9 months or year are statistical years (DOMAIN §2); a month is a calendar month.
 */
import { parsePeriod, periodsOfYear, statYearOfMonth, type Period, type PeriodType } from '../calendar.ts';
import { fold } from '../text.ts';
import { labelOf, periodMentions } from '../extract/period-grammar.ts';

const LABEL_RE = /(?<![\dA-Za-z])(\d{4})-(0[1-9]|1[0-2]|[Qq][1-4]|[Hh][12]|9[Mm]|[Yy])(?![\dA-Za-z])/;
const DATE_RE = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/g;
// A document date line ("Sóc Trăng, ngày 05 tháng 6 năm 2024") must not be read as a monthly period.
const DATE_LINE_RE = /\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\b/g;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validYear(y: number): boolean {
  return y >= 2000 && y <= 2100;
}

/** The period whose first and last days are the given dates, if any. */
function periodOfRange(start: string, end: string): Period | undefined {
  const year = Number(end.slice(0, 4));
  const statYear = statYearOfMonth(year, Number(end.slice(5, 7)));
  const types: PeriodType[] = ['month', 'quarter', 'half', 'nine_months', 'year'];
  for (const t of types) {
    const hit = periodsOfYear(t, statYear).find((p) => p.start === start && p.end === end);
    if (hit) return hit;
  }
  return undefined;
}

/** The period label written in a piece of text, or undefined when none is recognised. */
export function parsePeriodText(text: string): string | undefined {
  if (!text) return undefined;
  const label = LABEL_RE.exec(text);
  if (label) {
    const l = `${label[1]}-${label[2].toUpperCase()}`;
    if (parsePeriod(l)) return l;
  }
  // Dates first, on the raw text (folding would turn "31/5/2024" into "31 5 2024").
  const dates = [...text.matchAll(DATE_RE)]
    .map((m) => ({ d: Number(m[1]), m: Number(m[2]), y: Number(m[3]) }))
    .filter((x) => x.d >= 1 && x.d <= 31 && x.m >= 1 && x.m <= 12 && validYear(x.y))
    .map((x) => `${x.y}-${pad(x.m)}-${pad(x.d)}`);
  if (dates.length >= 2) {
    const p = periodOfRange(dates[0], dates[1]);
    if (p) return p.label;
  }
  // Words: the grammar narrative reports are read with (extract/period-grammar.ts), so a workbook
  // and an article name the same period the same way. The first mention with a year wins.
  const mentions = periodMentions(text.normalize('NFC')).filter((m) => m.year !== null && validYear(m.year));
  const first = mentions[0];
  if (!first) return undefined;
  // "Quý V năm 2024": a quarter or month we could not read leaves only the year; refuse it.
  if (first.type === 'year' && /\bquy\b|\bthang \d|\d thang\b/.test(fold(text).replace(DATE_LINE_RE, ' ').replace(/\b(?:12|muoi hai) thang\b/, ' '))) return undefined;
  const found = labelOf(first.type, first.index, first.year!);
  return parsePeriod(found) ? found : undefined;
}

/** A period from a date typed into a "Kỳ báo cáo" cell that Excel turned into a date (03/2024 → 1 Mar 2024): its month. */
export function periodOfDateCell(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}
