/**
 * Number tokens in prose, with what is around them. Vietnamese reports write 1.234 (thousands dot),
 * 71,2 (decimal comma) and 06 (leading zero); the same digits also make dates (14/3/2024), times
 * (10:38), document numbers (01/CT-VKSTC, 05-CT/TW), years (năm 2024) and list commas ("94 kết luận,
 * 93 kiến nghị"). Every token is returned; those that cannot be a figure carry the reason in `skip`.
 */
import { parseViNumberDetailed } from '../numbers-vi.ts';
import { looseRe } from './loose.ts';

export type SkipReason = 'date' | 'time' | 'document_number' | 'year' | 'ordinal' | 'glued';

export interface NumberToken {
  value: number;
  /** [start, end) of the number as written, including a % sign and a "/denominator". */
  start: number;
  end: number;
  raw: string;
  percent: boolean;
  skip?: SkipReason;
  /** "1.234/1.300 tin": the denominator written after a slash (the token is the numerator). */
  denominator?: number;
}

// Thousands-dot groups with an optional decimal comma, or digits with an optional decimal comma.
// A comma followed by a space is a list separator ("94 kết luận, 93 kiến nghị"): the pattern needs
// a digit right after a decimal comma.
const NUMBER = /\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?/g;
const LETTER = /\p{L}/u;
const WORD_BEFORE_YEAR = looseRe(String.raw`(?:năm|tháng|quý|ngày|niên độ)\s*$`, 'iu');
const WORD_BEFORE_ORDINAL = looseRe(String.raw`(?:(?<!tổng\s)số|thứ|điều|khoản|điểm|khóa|khoá|lần|mục|phần|giai đoạn|tầng|phòng|đội|kỳ họp)\s*$`, 'iu');
const DATE_AFTER = /^\/\d{1,2}\/\d{2,4}(?!\d)|^\/\d{4}(?!\d)|^-\d{1,2}-\d{2,4}(?!\d)/;
// The second half of a pair "109 vụ/160 bị can", "80vụ/110 bị cáo": a counted noun, a slash, then
// this number and another counted noun. Not a document number ("01/CT-VKSTC" has no noun before).
const PAIR_NOUN_BEFORE = looseRe(String.raw`(?:vụ(?:\s+án|\s+việc)?|việc|tin|người|bị\s+can|bị\s+cáo|đơn|cuộc|đối\s+tượng)\s?\/\s?$`, 'iu');
const PAIR_NOUN_AFTER = looseRe(String.raw`^\s*(?:bị\s+can|bị\s+cáo|người|vụ|việc|đối\s+tượng|tin|đơn|pháp\s+nhân)(?![\p{L}])`, 'iu');

function classify(text: string, start: number, end: number, value: number, percent: boolean): { skip?: SkipReason; denominator?: number; end: number } {
  const before = text.slice(Math.max(0, start - 16), start);
  const after = text.slice(end, end + 24);
  const prev = text[start - 1];
  const next = text[end];
  if (prev !== undefined && LETTER.test(prev)) return { skip: 'glued', end }; // "truy cập21", "Covid19"
  if (next !== undefined && LETTER.test(next) && !percent) return { skip: 'glued', end }; // "10h", "3G"
  if (/^:\d/.test(after) || /\d:$/.test(before)) return { skip: 'time', end };
  if (PAIR_NOUN_BEFORE.test(before) && PAIR_NOUN_AFTER.test(after)) return { end };
  if (/^\s?[/-]\s?\p{L}/u.test(after) || /\p{L}\s?[/-]$/u.test(before)) return { skip: 'document_number', end };
  if (/\d[/.-]$/.test(before)) return { skip: /^[/-]?\p{L}/u.test(after) ? 'document_number' : 'date', end };
  if (DATE_AFTER.test(after)) return { skip: 'date', end };
  // "a/b": a fraction (numerator/denominator) unless it reads as day/month ("ngày 01/4",
  // "10 và 11/3") — a day/month is not followed by a counted noun.
  const fm = /^\/(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/,])/.exec(after);
  if (fm) {
    const den = parseViNumberDetailed(fm[1]);
    const nounAfter = /^\s+\p{L}/u.test(text.slice(end + fm[0].length, end + fm[0].length + 3));
    const dayMonth = value >= 1 && value <= 31 && den !== undefined && den.value >= 1 && den.value <= 12 && !nounAfter;
    if (!den || dayMonth || looseRe(String.raw`(?:ngày|từ|đến|hôm)\s*$`).test(before)) return { skip: 'date', end };
    return { denominator: den.value, end: end + fm[0].length };
  }
  if (!percent && WORD_BEFORE_YEAR.test(before)) return { skip: 'year', end };
  if (!percent && value >= 1945 && value <= 2100 && Number.isInteger(value) && !/\./.test(text.slice(start, end))) return { skip: 'year', end };
  if (WORD_BEFORE_ORDINAL.test(before)) return { skip: 'ordinal', end };
  return { end };
}

/** All number tokens of `text`, in order. */
export function scanNumbers(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  const re = new RegExp(NUMBER.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index;
    if (start > 0 && /\d/.test(text[start - 1])) continue;
    // The rest of an English-formatted number ("1,907,987" after "1,907").
    if (/\d[.,]$/.test(text.slice(Math.max(0, start - 2), start))) continue;
    let end = start + m[0].length;
    const parsed = parseViNumberDetailed(m[0]);
    if (!parsed) continue;
    const pm = /^\s?%/.exec(text.slice(end, end + 2));
    const percent = pm !== null;
    if (pm) end += pm[0].length;
    const c = classify(text, start, start + m[0].length, parsed.value, percent);
    const tok: NumberToken = { value: parsed.value, start, end: Math.max(end, c.end), raw: m[0], percent };
    if (c.skip) tok.skip = c.skip;
    if (c.denominator !== undefined) {
      tok.denominator = c.denominator;
      re.lastIndex = tok.end;
    }
    out.push(tok);
  }
  return out;
}
