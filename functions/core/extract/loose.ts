/**
 * Keyword patterns that also match text typed without diacritics ("tang 5 vu so voi cung ky"):
 * every accented letter of a pattern becomes a class of itself and its bare letter. Apply it to
 * pattern sources whose accented letters are outside character classes.
 */

function bare(c: string): string {
  if (c === 'đ') return 'd';
  if (c === 'Đ') return 'D';
  return c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** 'tăng' → 't[ăa]ng'. */
export function loose(source: string): string {
  let out = '';
  for (const c of source.normalize('NFC')) {
    const b = bare(c);
    out += b !== c && b.length === 1 ? `[${c}${b}]` : c;
  }
  return out;
}

/** A RegExp from a pattern source, diacritic-insensitive (see `loose`). */
export function looseRe(source: string, flags = 'iu'): RegExp {
  return new RegExp(loose(source), flags);
}
