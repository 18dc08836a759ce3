/**
 * Strings that were typed in a TCVN3 (.VnTime) or VNI (VNI-Times) font and then read as
 * Latin-1/cp1252 — XLSX cells, DOCX runs, text converted to UTF-8 by a program that assumed
 * cp1252. They look like "Ninh B×nh" or "Vieät Nam"; this recovers the Unicode text.
 */
import { decodeTcvn3 } from './tcvn3.ts';
import { decodeVniLatin1 } from './vni.ts';
import { plausibility } from './plausibility.ts';

export type LegacyFont = 'tcvn3' | 'vni';

// cp1252 puts printable characters on 0x80–0x9F; map them back to their byte.
const CP1252_HIGH: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87],
  [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91],
  [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98],
  [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

const LEGACY_HINT = new RegExp(`[\\u0080-\\u00ff${[...CP1252_HIGH.keys()].map((c) => String.fromCharCode(c)).join('')}]`);

/** The bytes the string was decoded from, or undefined when it holds characters no 8-bit decoding yields. */
function toBytes(s: string): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0xff) out.push(c);
    else {
      const b = CP1252_HIGH.get(c);
      // Typographic quotes and dashes are common in real Unicode text; they do not prove anything
      // either way, so keep them as their byte and let the scoring decide.
      if (b === undefined) return undefined;
      out.push(b);
    }
  }
  return out;
}

/**
 * Recovers a legacy-font string. Returns the text unchanged (font null) unless a TCVN3 or VNI
 * reading is clearly more Vietnamese than the string as it is. With `prefer` (the font the rest of
 * a document is in), that font wins whenever it beats the string as it is: a short cell or
 * paragraph can look plausible in both fonts.
 */
export function fixLegacy(s: string, prefer?: LegacyFont): { text: string; font: LegacyFont | null } {
  if (!LEGACY_HINT.test(s)) return { text: s, font: null };
  const bytes = toBytes(s);
  if (!bytes) return { text: s, font: null };
  const asIs = plausibility(s.normalize('NFC')).score;
  const tcvn = decodeTcvn3(bytes);
  let latin1 = '';
  for (const b of bytes) latin1 += String.fromCharCode(b);
  const vni = decodeVniLatin1(latin1);
  const tScore = plausibility(tcvn).score;
  const vScore = plausibility(vni).score;
  if (prefer === 'tcvn3' && tScore > asIs) return { text: tcvn, font: 'tcvn3' };
  if (prefer === 'vni' && vScore > asIs) return { text: vni, font: 'vni' };
  if (tScore > asIs && tScore >= vScore) return { text: tcvn, font: 'tcvn3' };
  if (vScore > asIs) return { text: vni, font: 'vni' };
  return { text: s, font: null };
}

/** `fixLegacy(s).text`: the string in Unicode NFC when it was a mis-decoded TCVN3/VNI string, else unchanged. */
export function fixLegacyString(s: string): string {
  return fixLegacy(s).text;
}
