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
import { parsePeriod, type Period, type PeriodType } from '../calendar.ts';
import type { ExtractedPeriod } from './types.ts';
import { looseRe } from './loose.ts';

interface Mention {
  type: PeriodType;
  /** Quarter/half index or calendar month; null for 9M and Y. */
  index: number | null;
  /** Year as written (statistical year; the calendar year for months), or null. */
  year: number | null;
  start: number;
  end: number;
  inHeader: boolean;
  /** Named as the period of tasks being launched ("triển khai nhiệm vụ năm 2024"), not reviewed. */
  plan?: boolean;
}

// "triển khai nhiệm vụ (công tác) năm 2024", "phương hướng năm 2024", "kế hoạch công tác năm 2024".
const PLAN_BEFORE = looseRe(String.raw`(?:triển\s+khai|phương\s+hướng|kế\s+hoạch|giải\s+pháp\s+cho|nhiệm\s+vụ)(?:\s+(?:công\s+tác|nhiệm\s+vụ|kiểm\s+sát|trọng\s+tâm|của))*\s*$`, 'iu');
// A year that is a comparison base ("so với cùng kỳ năm 2017"), part of a span ("giai đoạn 2016 -
// 2021", "nhiệm kỳ 2021-2026"), or a date line's month ("Hải Dương, tháng 1/2019").
const NOT_REVIEWED_BEFORE = looseRe(String.raw`(?:so\s+với(?:\s+cùng\s+kỳ)?|cùng\s+kỳ|giai\s+đoạn(?:\s+từ)?|nhiệm\s+kỳ|khóa|từ|đến)\s*$`, 'iu');
const SPAN_AFTER = /^\s*(?:năm\s+)?\d{4}\s*[-–]\s*\d{4}/u;
const DATELINE_HEAD = /^\s*\p{Lu}[\p{L}\p{M}]*(?:\s+\p{Lu}[\p{L}\p{M}]*){0,3}\s*,\s*$/u;

function notTheReviewedPeriod(text: string, start: number, type: PeriodType): boolean {
  const before = text.slice(Math.max(0, start - 30), start);
  if (type === 'year' && NOT_REVIEWED_BEFORE.test(before)) return true;
  if (type === 'year' && SPAN_AFTER.test(text.slice(start + 3, start + 20))) return true;
  if (type === 'month') {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (start - lineStart < 40 && DATELINE_HEAD.test(text.slice(lineStart, start))) return true;
  }
  return false;
}

// "năm qua", "một năm qua", "năm vừa qua": the year before the one being launched.
const PAST_YEAR = looseRe(String.raw`(?<![\p{L}])(?:một\s+)?năm\s+(?:vừa\s+)?qua(?![\p{L}])`, 'iu');
// "Từ đầu năm đến nay": the cumulative period ended by the report date.
const YEAR_TO_DATE = looseRe(String.raw`từ\s+đầu\s+năm(?:\s+đến\s+nay)?`, 'iu');

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const YEAR_AFTER = looseRe(String.raw`^(?:\s*(?:năm|\/|-)\s*|\s+)(\d{4})(?!\d)`, 'iu');
// "Quý I và giao ban Quý II năm 2024": a year a little further on in the same clause.
const YEAR_NEAR = looseRe(String.raw`^[^.;\n]{0,60}?\b(?:năm|\/)\s*(\d{4})(?!\d)`, 'iu');

const DATE_BEFORE_YEAR = looseRe(String.raw`tháng\s*\d{1,2}\s*$`);

type Rule = { re: RegExp; make: (m: RegExpExecArray) => Omit<Mention, 'start' | 'end' | 'inHeader' | 'year'> | undefined };

const RULES: Rule[] = [
  { re: looseRe(String.raw`(?<!\d)0?6\s+tháng\s+cuối\s+năm`, 'giu'), make: () => ({ type: 'half', index: 2 }) },
  { re: looseRe(String.raw`(?<!\d)0?6\s+tháng\s+đầu\s+năm|(?:sơ\s+kết|tổng\s+kết)(?:\s+công\s+tác)?(?:\s+kiểm\s+sát)?\s+0?6\s+tháng`, 'giu'), make: () => ({ type: 'half', index: 1 }) },
  { re: looseRe(String.raw`(?<!\d)0?9\s+tháng(?:\s+đầu\s+năm)?`, 'giu'), make: () => ({ type: 'nine_months', index: null }) },
  {
    re: looseRe(String.raw`quý\s+(IV|I{1,3}|[1-4])(?![\p{L}\d])`, 'giu'),
    make: (m) => ({ type: 'quarter', index: ROMAN[m[1].toLowerCase()] ?? Number(m[1]) }),
  },
  {
    re: looseRe(String.raw`(?<!\d\s{0,2})tháng\s+(\d{1,2})(?!\d)(?!\s*\/\s*\d{1,2}\/)`, 'giu'),
    make: (m) => (Number(m[1]) >= 1 && Number(m[1]) <= 12 ? { type: 'month', index: Number(m[1]) } : undefined),
  },
  { re: looseRe(String.raw`(?<![\p{L}])năm(?=\s+\d{4}(?!\d))`, 'giu'), make: () => ({ type: 'year', index: null }) },
];

function mentions(text: string, headerEnd: number): Mention[] {
  const out: Mention[] = [];
  // Characters already taken by a more specific rule.
  const taken = new Uint8Array(text.length + 1);
  const isTaken = (a: number, b: number) => {
    for (let i = a; i < b; i++) if (taken[i]) return true;
    return false;
  };
  for (const rule of RULES) {
    const re = new RegExp(rule.re.source, rule.re.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const made = rule.make(m);
      if (!made) continue;
      const start = m.index;
      let end = start + m[0].length;
      // "tháng 3 năm 2024" inside a full date "ngày 14 tháng 3 năm 2024" is a date, not a period.
      if (made.type === 'month' && looseRe(String.raw`ngày\s*\d{1,2}\s*$`).test(text.slice(Math.max(0, start - 12), start))) continue;
      // "ngày 14 tháng 3 năm 2024": the year of a date, not the year reported on.
      if (made.type === 'year' && DATE_BEFORE_YEAR.test(text.slice(Math.max(0, start - 16), start))) continue;
      if (isTaken(start, end)) continue; // a more specific rule took it
      if (notTheReviewedPeriod(text, start, made.type)) continue;
      let year: number | null = null;
      const after = text.slice(end, end + 80);
      const y = YEAR_AFTER.exec(after);
      if (y) {
        year = Number(y[1]);
        end += y[0].length;
      } else if (made.type !== 'year' && made.type !== 'month') {
        const near = YEAR_NEAR.exec(after);
        if (near) year = Number(near[1]);
      }
      if (made.type === 'year' && year === null) continue;
      out.push({ ...made, year, start, end, inHeader: start < headerEnd, plan: PLAN_BEFORE.test(text.slice(Math.max(0, start - 60), start)) });
      taken.fill(1, start, end);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function labelOf(type: PeriodType, index: number | null, year: number): string {
  switch (type) {
    case 'month':
      return `${year}-${String(index).padStart(2, '0')}`;
    case 'quarter':
      return `${year}-Q${index}`;
    case 'half':
      return `${year}-H${index}`;
    case 'nine_months':
      return `${year}-9M`;
    case 'year':
      return `${year}-Y`;
  }
}

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
  if (found) return found;
  return findImplied(text, headerEnd, reportDate);
}

/**
 * A period only implied: "năm qua" in an article launching the tasks of year Y is Y−1 (or the
 * latest year ended by the report date); "từ đầu năm đến nay" is the latest cumulative period
 * (Q1, H1, 9 months, year) ended by the report date.
 */
function findImplied(text: string, headerEnd: number, reportDate: string | null): PeriodFinding | undefined {
  const past = PAST_YEAR.exec(text);
  if (past) {
    const plan = mentions(text, headerEnd).find((m) => m.plan && m.type === 'year' && m.year !== null);
    const p = plan ? parsePeriod(labelOf('year', null, plan.year! - 1)) : reportDate ? resolve({ type: 'year', index: null, year: null, start: 0, end: 0, inHeader: false }, reportDate, null) : undefined;
    if (p) return { period: p, span: [past.index, past.index + past[0].length] };
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
  const bodyOrder = onlyYears ? [...body].sort((a, b) => (b.year ?? 0) - (a.year ?? 0)) : body;
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

export function toExtractedPeriod(p: Period): ExtractedPeriod {
  return { type: p.type, index: p.index, year: p.statYear, label: p.label };
}

