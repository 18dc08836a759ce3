/**
 * One period grammar for narrative text and for workbooks (parse/xlsx-period.ts): the ways a
 * Vietnamese report names a reporting period — "6 tháng đầu năm 2023", "nửa đầu năm 2021",
 * "sáu tháng năm 2017", "sáu tháng cuối năm",
 * "Ba tháng đầu năm 2019", "Quý I năm 2024", "Quý 2/2024", "9 tháng (đầu năm)", "tháng 3/2024", "T3/2024", "12 tháng năm
 * 2024", "năm 2023" — with the year written after it or a little further on. Each mention says
 * where it is, whether it names tasks being launched ("triển khai nhiệm vụ năm 2024"), and it is
 * left out when it is a date ("ngày 14 tháng 3 năm 2024"), a comparison base ("so với cùng kỳ
 * năm 2017"), part of a span ("giai đoạn 2016 - 2021") or a date line's month ("Hải Dương,
 * tháng 1/2019").
 */
import type { PeriodType } from '../calendar.ts';
import { looseRe } from './loose.ts';

export interface Mention {
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
// "thực hiện tốt nhiệm vụ năm 2022", "hoàn thành xuất sắc nhiệm vụ năm 2021": the year reviewed,
// not launched.
const REVIEW_BEFORE = looseRe(String.raw`(?:thực\s+hiện|hoàn\s+thành|kết\s+quả(?:\s+thực\s+hiện)?)(?:\s+(?:tốt|xuất\s+sắc|thắng\s+lợi|toàn\s+diện))?(?:\s+các)?\s+nhiệm\s+vụ(?:\s+(?:công\s+tác|kiểm\s+sát|trọng\s+tâm))*\s*$`, 'iu');
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

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const YEAR_AFTER = looseRe(String.raw`^(?:\s*(?:năm|\/|-)\s*|\s+)(\d{4})(?!\d)`, 'iu');
// "Quý I và giao ban Quý II năm 2024": a year a little further on in the same clause.
const YEAR_NEAR = looseRe(String.raw`^[^.;\n]{0,60}?\b(?:năm|\/)\s*(\d{4})(?!\d)`, 'iu');

const DATE_BEFORE_YEAR = looseRe(String.raw`tháng\s*\d{1,2}\s*$`);

type Rule = { re: RegExp; make: (m: RegExpExecArray) => Omit<Mention, 'start' | 'end' | 'inHeader' | 'year'> | undefined };

// "6" or "sáu", "9" or "chín", "12" or "mười hai" months.
const SIX = String.raw`(?:(?<!\d)0?6|sáu)`;
const NINE = String.raw`(?:(?<!\d)0?9|chín)`;
// "nửa" (half) as a word, not inside another ("nửa đầu năm").
const HALF = String.raw`(?<![\p{L}])nửa`;

// Most specific first: a later rule never takes characters an earlier one took.
// "3" or "ba" months: the first quarter ("Ba tháng đầu năm 2019").
const THREE = String.raw`(?:(?<!\d)0?3|ba)`;

const RULES: Rule[] = [
  { re: looseRe(String.raw`${THREE}\s+tháng\s+đầu\s+năm`, 'giu'), make: () => ({ type: 'quarter', index: 1 }) },
  // The second half: "6 tháng cuối năm", "sáu tháng sau năm", "nửa cuối năm", "nửa năm sau".
  { re: looseRe(String.raw`${SIX}\s+tháng\s+(?:cuối|sau)\s+năm|${HALF}\s+(?:cuối|sau)\s+năm|${HALF}\s+năm\s+(?:cuối|sau)`, 'giu'), make: () => ({ type: 'half', index: 2 }) },
  // The first half, however it is written: "6 tháng đầu năm", "nửa đầu năm", "nửa năm đầu", a
  // review or the results of "sáu tháng" ("kết quả sáu tháng"), and "6 tháng năm 2021" (six months named with a year are the first six;
  // a bare "6 tháng" is a duration: "phạt tù 6 tháng").
  {
    re: looseRe(
      String.raw`${SIX}\s+tháng\s+đầu\s+năm|${HALF}\s+đầu\s+năm|${HALF}\s+năm\s+đầu|(?:sơ\s+kết|tổng\s+kết|kết\s+quả|công\s+tác|báo\s+cáo)(?:\s+công\s+tác)?(?:\s+kiểm\s+sát)?\s+${SIX}\s+tháng(?!\s+(?:vừa\s+)?qua)|${SIX}\s+tháng(?=\s*(?:năm\s+|\/\s*)\d{4}(?!\d))`,
      'giu',
    ),
    make: () => ({ type: 'half', index: 1 }),
  },
  { re: looseRe(String.raw`${NINE}\s+tháng(?:\s+đầu\s+năm)?`, 'giu'), make: () => ({ type: 'nine_months', index: null }) },
  { re: looseRe(String.raw`(?<!\d)(?:12|mười\s+hai)\s+tháng(?:\s+năm)?(?=\s+\d{4})`, 'giu'), make: () => ({ type: 'year', index: null }) },
  {
    re: looseRe(String.raw`quý\s+(IV|I{1,3}|[1-4])(?![\p{L}\d])`, 'giu'),
    make: (m) => ({ type: 'quarter', index: ROMAN[m[1].toLowerCase()] ?? Number(m[1]) }),
  },
  {
    re: looseRe(String.raw`(?:(?<!\d\s{0,2})tháng\s+|(?<![\p{L}\d])T)(\d{1,2})(?!\d)(?!\s*\/\s*\d{1,2}\/)`, 'giu'),
    make: (m) => (Number(m[1]) >= 1 && Number(m[1]) <= 12 ? { type: 'month', index: Number(m[1]) } : undefined),
  },
  { re: looseRe(String.raw`(?<![\p{L}])năm(?=\s+\d{4}(?!\d))`, 'giu'), make: () => ({ type: 'year', index: null }) },
];

// A year the sentence directs work towards ("đề nghị … tiếp tục nâng cao … trong năm 2024"): the
// year ahead, not the one reviewed. The directive and the year are in one sentence (no . or line break).
const DIRECTED_TAIL = looseRe(String.raw`(?:trong|cho)\s+$`, 'iu');
const DIRECTIVE = looseRe(String.raw`(?:đề\s+nghị|yêu\s+cầu|chỉ\s+đạo|phấn\s+đấu)[^]*(?:tiếp\s+tục|nâng\s+cao|bảo\s+đảm|đảm\s+bảo)`, 'iu');
function directed(before: string): boolean {
  if (!DIRECTED_TAIL.test(before)) return false;
  const sentence = before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf('\n')) + 1);
  return DIRECTIVE.test(sentence);
}

/** Whether a period named right after `before` is the period of tasks being launched ("triển khai nhiệm vụ năm 2024"). */
export function isPlan(before: string): boolean {
  return PLAN_BEFORE.test(before) && !REVIEW_BEFORE.test(before);
}

/** Every period mention of `text`, in order; those before `headerEnd` are in the title. */
export function periodMentions(text: string, headerEnd = 0): Mention[] {
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
      const plan = isPlan(text.slice(Math.max(0, start - 60), start)) || (made.type === 'year' && directed(text.slice(Math.max(0, start - 200), start)));
      out.push({ ...made, year, start, end, inHeader: start < headerEnd, plan });
      taken.fill(1, start, end);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The calendar label of a period: 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y. */
export function labelOf(type: PeriodType, index: number | null, year: number): string {
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
