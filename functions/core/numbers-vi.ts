/**
 * Numbers as Vietnamese reports write them: decimal comma and thousands dot ("71,2"; "1.234";
 * "1.234,5"), a trailing percent sign ("71,2%"), leading zeros ("06"), and spaces or non-breaking
 * spaces as thousands separators. Files made on an English-locale machine also arrive ("1,234.5",
 * "71.2"), so a string with both separators is read by which comes last, and a lone separator is
 * read as a thousands separator only when the grouping makes that unambiguous (exactly three digits
 * after it and a first group that does not start with 0).
 */

export interface ViNumber {
  value: number;
  /** True when the text carried a percent sign: `value` is then the number before the sign (71,2% → 71.2). */
  percent: boolean;
}

// Spaces that may separate thousands or surround the sign: ASCII, NBSP, narrow NBSP, thin space.
const SPACES = /[\s\u00a0\u202f\u2009]+/;
// Minus signs as they arrive: hyphen-minus, Unicode minus, en dash.
const MINUS = /^[-\u2212\u2013]/;

/** True when `s` is a run of digit groups of three separated by `sep`, the first group 1–3 digits not starting with 0. */
function isGrouped(s: string, sep: string): boolean {
  const parts = s.split(sep);
  if (parts.length < 2) return false;
  if (!/^[1-9]\d{0,2}$/.test(parts[0])) return false;
  return parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

/** Digits and at most one '.' decimal point from an unsigned body, or undefined when it is not a number. */
function canonical(body: string): string | undefined {
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return undefined;
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: the one that comes last is the decimal separator.
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    const i = body.lastIndexOf(dec);
    const int = body.slice(0, i);
    const frac = body.slice(i + 1);
    if (!/^\d+$/.test(frac) || !isGrouped(int, thou)) return undefined;
    return int.split(thou).join('') + '.' + frac;
  }
  const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '';
  if (!sep) return body;
  const count = body.split(sep).length - 1;
  if (count > 1) return isGrouped(body, sep) ? body.split(sep).join('') : undefined;
  // One separator. A dot followed by exactly three digits is the vi-VN thousands dot ("1.234");
  // a comma is the vi-VN decimal comma ("1,234" = 1.234), whatever follows.
  if (sep === '.' && isGrouped(body, '.')) return body.replace('.', '');
  const [int, frac] = body.split(sep);
  if (!/^\d*$/.test(int) || !/^\d+$/.test(frac)) return undefined;
  return (int || '0') + '.' + frac;
}

/**
 * Parses a number written the Vietnamese way, returning the value and whether a percent sign was
 * present, or undefined when the text is not exactly one number (words, dates, "01/CT-VKSTC").
 * Examples: "71,2" → 71.2; "1.234" → 1234; "1.234,5" → 1234.5; "71,2%" → {71.2, percent};
 * "06" → 6; "0.712" → 0.712; "1,234.5" → 1234.5; "-3" → -3.
 */
export function parseViNumberDetailed(text: string): ViNumber | undefined {
  let s = text.normalize('NFC').trim();
  if (!s) return undefined;
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  let sign = 1;
  if (MINUS.test(s)) {
    sign = -1;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim();
  }
  // Space-grouped thousands ("1 234 567") are allowed only with proper groups of three.
  if (SPACES.test(s)) {
    const groups = s.split(SPACES);
    if (!/^\d{1,3}$/.test(groups[0]) || !groups.slice(1, -1).every((g) => /^\d{3}$/.test(g))) return undefined;
    const last = groups[groups.length - 1];
    if (!/^\d{3}([.,]\d+)?$/.test(last)) return undefined;
    s = groups.join('');
  }
  const c = canonical(s);
  if (c === undefined) return undefined;
  const value = sign * Number(c);
  if (!Number.isFinite(value)) return undefined;
  return { value: value === 0 ? 0 : value, percent };
}

/** The value of a Vietnamese-formatted number (a percent sign is dropped: "71,2%" → 71.2), or undefined. */
export function parseViNumber(text: string): number | undefined {
  return parseViNumberDetailed(text)?.value;
}

/**
 * A regular-expression source matching one number token as Vietnamese text writes it (for
 * scanning prose; validate each match with parseViNumberDetailed). Use with the 'u' flag.
 */
export const VI_NUMBER_PATTERN = String.raw`[-\u2212]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-\u2212]?\d+(?:,\d+)?`;

/** Formats a number the vi-VN way: thousands dot, decimal comma ("1.234,5"). */
export function formatViNumber(n: number, maxFractionDigits = 2): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: maxFractionDigits, useGrouping: true }).format(n);
}
