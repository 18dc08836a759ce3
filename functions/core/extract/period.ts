/**
 * The reporting period of a narrative report, on the statistical calendar (calendar.ts):
 * "6 tháng đầu năm 2023" → 2023-H1, "Quý I năm 2024" → 2024-Q1, "9 tháng" → 9M, "tháng 3/2024" →
 * 2024-03, "tổng kết công tác năm 2023" → 2023-Y. A mention without a year takes it from the
 * report date: the latest such period that has ended by then (a Quý I review held in March 2024
 * concerns 2024-Q1, which ran 1/12/2023–29/2/2024).
 *
 * Several periods are usually mentioned (the one reviewed, the one planned next, documents of the
 * year). The title outranks the body, earlier outranks later, and a period that had not ended by
 * the report date (plus a few days) is a plan, not the reviewed period.
 */
import { parsePeriod, type Period } from '../calendar.ts';
import { labelOf, periodMentions as mentions, type Mention } from './period-grammar.ts';
import type { ExtractedPeriod } from './types.ts';
import { looseRe } from './loose.ts';

// "năm qua", "một năm qua", "năm vừa qua": the year before the one being launched.
const PAST_YEAR = looseRe(String.raw`(?<![\p{L}])(?:một\s+)?năm\s+(?:vừa\s+)?qua(?![\p{L}])`, 'iu');
// "Từ đầu năm đến nay": the cumulative period ended by the report date.
const YEAR_TO_DATE = looseRe(String.raw`từ\s+đầu\s+năm(?:\s+đến\s+nay)?`, 'iu');
// "Trong năm, ngành Kiểm sát đã …", "(trong) năm nay,", "Trong quý,", "Trong 6 tháng,", "Trong 9
// tháng,": the period the report closes (with its date). Groups: year, quarter, half, nine
// months, "năm nay".
const IN_THE_PERIOD = looseRe(
  String.raw`(?<![\p{L}])(?:trong\s+(?:(năm(?:\s+nay)?)|(quý(?:\s+này)?)|((?:(?<!\d)0?6|sáu)\s+tháng(?:\s+đầu\s+năm)?)|((?:(?<!\d)0?9|chín)\s+tháng(?:\s+đầu\s+năm)?))|(năm\s+nay))(?=\s*[,;:])`,
  'iu',
);
// How long after a period's end a report still speaks of it so (a year review is held in the first
// months of the next year, a quarter's or half's within weeks); later, the words are about the
// period under way.
const IN_THE_YEAR_AFTER_DAYS = 92;
const IN_THE_PART_AFTER_DAYS = 45;
// "6 tháng qua", "sáu tháng vừa qua": the half year ended by the report date.
const PAST_HALF = looseRe(String.raw`(?:(?<!\d)0?6|sáu)\s+tháng\s+(?:vừa\s+)?qua(?![\p{L}])`, 'iu');



function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// A review meeting can be held a little before the books close (a "6 tháng" conference in late May).
const ENDED_SLACK_DAYS = 15;

/** The period a mention means, given the report date for mentions without a year. */
function resolve(m: Mention, reportDate: string | null, fallbackYear: number | null): Period | undefined {
  if (m.year !== null) return parsePeriod(labelOf(m.type, m.index, m.year));
  if (!reportDate) return fallbackYear ? parsePeriod(labelOf(m.type, m.index, fallbackYear)) : undefined;
  const cy = Number(reportDate.slice(0, 4));
  const limit = addDays(reportDate, ENDED_SLACK_DAYS);
  let best: Period | undefined;
  for (const y of [cy - 1, cy, cy + 1]) {
    const p = parsePeriod(labelOf(m.type, m.index, y));
    if (p && p.end <= limit && (!best || p.end > best.end)) best = p;
  }
  return best;
}

export interface PeriodFinding {
  period: Period;
  /** Where the chosen mention is in the text. */
  span: [number, number];
}

/** The period the report is about, or undefined. */
export function findPeriod(text: string, headerEnd: number, reportDate: string | null): PeriodFinding | undefined {
  const found = findStated(text, headerEnd, reportDate);
  // A stated period that had not ended by the report date is the year ahead ("hội nghị công chức
  // năm 2026" held in February 2026 "để nhìn lại kết quả công tác năm qua"): a period only implied
  // that had ended ("năm qua") is the one reviewed.
  if (found && reportDate && found.period.end > addDays(reportDate, ENDED_SLACK_DAYS)) return findImplied(text, headerEnd, reportDate) ?? found;
  return found ?? findImplied(text, headerEnd, reportDate);
}

/**
 * A period only implied: "năm qua" in an article launching the tasks of year Y is Y−1 (or the
 * latest year ended by the report date); "6 tháng qua" the latest half ended by it; "Trong năm, …"
 * the year ended by it when the report closes that year; "từ đầu năm đến nay" is the latest
 * cumulative period (Q1, H1, 9 months, year) ended by the report date.
 */
function findImplied(text: string, headerEnd: number, reportDate: string | null): PeriodFinding | undefined {
  const past = PAST_YEAR.exec(text);
  if (past) {
    const plan = mentions(text, headerEnd).find((m) => m.plan && m.type === 'year' && m.year !== null);
    const p = plan ? parsePeriod(labelOf('year', null, plan.year! - 1)) : reportDate ? resolve({ type: 'year', index: null, year: null, start: 0, end: 0, inHeader: false }, reportDate, null) : undefined;
    if (p) return { period: p, span: [past.index, past.index + past[0].length] };
  }
  const half = PAST_HALF.exec(text);
  if (half && reportDate) {
    const limit = addDays(reportDate, ENDED_SLACK_DAYS);
    let best: Period | undefined;
    for (const index of [1, 2]) {
      const p = resolve({ type: 'half', index, year: null, start: 0, end: 0, inHeader: false }, reportDate, null);
      if (p && p.end <= limit && (!best || p.end > best.end)) best = p;
    }
    if (best) return { period: best, span: [half.index, half.index + half[0].length] };
  }
  // "Trong năm, …" in a report dated at the close of the year (or a little after): that year; so
  // "Trong quý, …", "Trong 6 tháng, …" (the first half) and "Trong 9 tháng, …".
  const inPeriod = IN_THE_PERIOD.exec(text);
  if (inPeriod && reportDate) {
    const [, inYear, quarter, half, , thisYear] = inPeriod;
    const year = inYear ?? thisYear;
    const kinds: Array<[Mention['type'], number | null]> = year ? [['year', null]] : quarter ? [['quarter', 1], ['quarter', 2], ['quarter', 3], ['quarter', 4]] : half ? [['half', 1]] : [['nine_months', null]];
    let best: Period | undefined;
    for (const [type, index] of kinds) {
      const p = resolve({ type, index, year: null, start: 0, end: 0, inHeader: false }, reportDate, null);
      if (p && (!best || p.end > best.end)) best = p;
    }
    const after = year ? IN_THE_YEAR_AFTER_DAYS : IN_THE_PART_AFTER_DAYS;
    if (best && reportDate <= addDays(best.end, after)) return { period: best, span: [inPeriod.index, inPeriod.index + inPeriod[0].length] };
  }
  const ytd = YEAR_TO_DATE.exec(text);
  if (ytd && reportDate) {
    const limit = addDays(reportDate, ENDED_SLACK_DAYS);
    let best: Period | undefined;
    for (const [type, index] of [['quarter', 1], ['half', 1], ['nine_months', null], ['year', null]] as const) {
      const p = resolve({ type, index, year: null, start: 0, end: 0, inHeader: false }, reportDate, null);
      if (p && p.end <= limit && (!best || p.end > best.end)) best = p;
    }
    if (best) return { period: best, span: [ytd.index, ytd.index + ytd[0].length] };
  }
  return undefined;
}

function findStated(text: string, headerEnd: number, reportDate: string | null): PeriodFinding | undefined {
  const all = mentions(text, headerEnd);
  if (all.length === 0) return undefined;
  // Once a year is named as launched, later mentions of that year are about the plan too.
  const planYears = all.filter((m) => m.plan && m.year !== null).map((m) => m.year!);
  if (planYears.length) {
    const first = Math.min(...planYears);
    for (const m of all) if (m.year !== null && m.year >= first && m.type === 'year') m.plan = true;
  }
  // Only tasks being launched are named ("triển khai nhiệm vụ năm 2024" and "năm qua"): implied.
  if (all.every((m) => m.plan) && PAST_YEAR.test(text)) return undefined;
  const years = all.map((m) => m.year).filter((y): y is number => y !== null);
  const fallbackYear = years.length ? years[0] : null;
  // The reviewed period before the one launched; in the body, when only plain years are named
  // ("Nếu năm 2016 … thì năm 2020, …"), the latest of them.
  const notPlan = (m: Mention) => !m.plan;
  const body = all.filter((m) => !m.inHeader);
  const onlyYears = body.length > 1 && body.every((m) => m.type === 'year');
  // Among plain years, one whose sentence states figures ("Năm 2015, Viện KSND hai cấp đã thụ lý
  // 3.338 vụ …") outranks one whose sentence states none ("Năm 2016 cần quản lý chặt chẽ hơn …",
  // "Năm 2024, ngành Kiểm sát xác định tập trung …": what is to be done, not what was).
  const figured = onlyYears ? new Map(body.map((m) => [m, statesFigures(text, m)])) : undefined;
  const bodyOrder = figured ? [...body].sort((a, b) => Number(figured.get(b)) - Number(figured.get(a)) || (b.year ?? 0) - (a.year ?? 0)) : body;
  const ordered = [...all.filter((m) => m.inHeader && notPlan(m)), ...bodyOrder.filter(notPlan), ...all.filter((m) => !notPlan(m))];
  const limit = reportDate ? addDays(reportDate, ENDED_SLACK_DAYS) : null;
  let first: PeriodFinding | undefined;
  for (const m of ordered) {
    const p = resolve(m, reportDate, fallbackYear);
    if (!p) continue;
    const finding = { period: p, span: [m.start, m.end] as [number, number] };
    first ??= finding;
    if (!limit || p.end <= limit) return finding;
  }
  return first;
}

// How far a sentence may reach either side of a year: bounded, so the work per mention is too.
const SENTENCE_MAX = 400;
// A number that is not a year or a date ("22/3/2023"): a figure.
const FIGURE = /(?<![\d/.,])(?!(?:19|20)\d\d(?!\d))\d[\d.,]*(?![\d/])/u;

/** Whether the sentence around a year mention states a figure besides years and dates. */
function statesFigures(text: string, m: Mention): boolean {
  const from = Math.max(0, m.start - SENTENCE_MAX);
  const before = text.slice(from, m.start);
  const stop = /[.!?](?=\s)|\n/g;
  let start = 0;
  for (let e = stop.exec(before); e; e = stop.exec(before)) start = e.index + 1;
  const after = text.slice(m.end, m.end + SENTENCE_MAX);
  const end = after.search(/[.!?](?=\s|$)|\n/);
  const sentence = before.slice(start) + ' ' + after.slice(0, end < 0 ? after.length : end);
  return FIGURE.test(sentence.replace(/\d{1,2}\/\d{1,2}(?:\/\d{2,4})?/g, ' '));
}

export function toExtractedPeriod(p: Period): ExtractedPeriod {
  return { type: p.type, index: p.index, year: p.statYear, label: p.label };
}

