/**
 * The change against the same period last year written after a figure: "đạt 71,2% (tăng 6,2%)",
 * "1.234 tin, giảm 56 tin so với cùng kỳ", "so với cùng kỳ năm trước tăng 3,5 điểm phần trăm".
 * After a rate, "tăng 6,2%" is a change in percentage points; after a count it is a relative change
 * (DOMAIN.md §3). An explicit "điểm phần trăm" is always percentage points.
 */
import { parseViNumber } from '../numbers-vi.ts';
import type { Change } from './types.ts';
import { looseRe } from './loose.ts';

const NUM = String.raw`\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?`;
const SAME_PERIOD = String.raw`(?:so\s+với|so)\s+(?:cùng\s+kỳ|CK)(?:\s+năm\s+(?:trước|\d{4}))?`;
const CLASSIFIER = String.raw`vụ\s+án|vụ\s+việc|vụ|việc|tin|người|bị\s+can|bị\s+cáo|đơn|trường\s+hợp|cuộc|kháng\s+nghị|kiến\s+nghị|phiên(?:\s+tòa)?|quyết\s+định|lượt`;
const CHANGE = looseRe(
  String.raw`^[\s,]*(\(\s*)?(?:(${SAME_PERIOD})\s*,?\s*)?(tăng|giảm)\s+(?:thêm\s+|được\s+)?(${NUM})\s*(điểm\s+phần\s+trăm|điểm\s*%|%|điểm)?` +
    String.raw`(?:\s*(?:${CLASSIFIER}))?(?:\s*\(\s*(?:${NUM})\s*%\s*\))?(?:\s*,?\s*(${SAME_PERIOD}))?(\s*\))?`,
);
const SAME_AS = looseRe(String.raw`^[\s,]*\(?\s*(?:bằng|tương\s+đương)\s+(?:với\s+)?cùng\s+kỳ(?:\s+năm\s+trước)?\s*\)?`);

export interface ChangeMatch {
  change: Change | null;
  /** End offset (exclusive) of the change text in the full text. */
  end: number;
}

/** Reads a change starting at `from`; `afterRate` says whether it follows a percentage. */
export function readChange(text: string, from: number, afterRate: boolean): ChangeMatch | undefined {
  const rest = text.slice(from, from + 160);
  const same = SAME_AS.exec(rest);
  if (same) return { change: null, end: from + same[0].length };
  const m = CHANGE.exec(rest);
  if (!m) return undefined;
  const [whole, open, , dir, num, unitWord, , close] = m;
  const value = parseViNumber(num);
  if (value === undefined) return undefined;
  const u = (unitWord ?? '').toLowerCase().replace(/\s+/g, ' ');
  let unit: Change['unit'];
  if (/^(?:điểm|diem)/.test(u)) unit = 'percentage_point';
  else if (u === '%') unit = afterRate ? 'percentage_point' : 'percent';
  else unit = afterRate ? 'percentage_point' : 'count';
  // Keep a closing bracket only when this change opened one.
  let len = whole.length;
  if (close && !open) len -= close.length;
  return { change: { direction: /^t[ăa]ng$/i.test(dir) ? 'up' : 'down', value, unit }, end: from + len };
}
