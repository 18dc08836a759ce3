/**
 * Vietnamese text normalization. Names arrive in NFC or NFD, with old or new tone placement
 * (Hoà/Hòa, Thuỷ/Thủy), with or without diacritics: every comparison goes through `fold`.
 */

/** NFC, with the BOM and zero-width characters removed and whitespace collapsed. */
export function nfc(s: string): string {
  return s.replace(/^\uFEFF/, '').replace(/[\u200B-\u200D\u2060]/g, '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

const COMBINING = /[\u0300-\u036f]/g;

/** Lower case, no diacritics, đ→d, punctuation → space, single spaces: the key for matching. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[‐-―–—_.,;:()[\]{}"'“”‘’/\\|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Tone marks as combining characters (grave, acute, hook above, tilde, dot below).
const TONES = /[\u0300\u0301\u0309\u0303\u0323]/;

/**
 * Moves tone marks to the "new" (modern, Unicode-recommended) position in the diphthongs where
 * old and new styles differ: oa, oe, uy (Hoà → Hòa, Thuỷ → Thủy, khoẻ → khỏe).
 * Only the final open syllables differ; e.g. "hoàng" is the same in both styles.
 */
export function newTonePlacement(s: string): string {
  const d = s.normalize('NFD');
  // A vowel pair o/u + a/e/y where the tone sits on the second letter and nothing follows in the syllable.
  const re = /([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\p{L}\u0300-\u036f])/gu;
  return d.replace(re, (_, v1: string, v2: string, tone: string) => `${v1}${tone}${v2}`).normalize('NFC');
}

/** True when the string contains a Vietnamese tone mark. */
export function hasTone(s: string): boolean {
  return TONES.test(s.normalize('NFD'));
}

/** Prefixes of administrative names that do not identify the unit. */
const NAME_PREFIXES = [
  'vien kiem sat nhan dan', 'vksnd', 'vks', 'hai cap', 'thanh pho', 'tp', 'tinh', 'quan', 'huyen', 'thi xa', 'thi tran',
];

/** Folded name without "VKSND", "tỉnh", "TP." etc.: 'VKSND tỉnh Hoà Bình' → 'hoa binh'. */
export function nameKey(s: string): string {
  let k = fold(s);
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of NAME_PREFIXES) {
      if (k === p) continue;
      if (k.startsWith(p + ' ')) {
        k = k.slice(p.length + 1);
        changed = true;
      }
    }
  }
  return k;
}
