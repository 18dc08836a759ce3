/**
 * Bytes of a text file → Unicode NFC, whatever Vietnamese encoding it was saved in: UTF-8 (with or
 * without BOM), UTF-16 (BOM, or unmistakable zero bytes), Windows-1258, TCVN3 (ABC) or VNI. The
 * 8-bit encodings share the byte range and have no marker, so each is tried and the decoding whose
 * words look most like Vietnamese syllables wins (plausibility.ts).
 */
import { decodeTcvn3 } from './tcvn3.ts';
import { decodeVni } from './vni.ts';
import { decodeWindows1258 } from './windows-1258.ts';
import { fixLegacy } from './fix-legacy.ts';
import { plausibility } from './plausibility.ts';

export type TextEncoding =
  | 'ascii'
  | 'utf-8'
  | 'utf-8-bom'
  | 'utf-16le'
  | 'utf-16be'
  | 'windows-1258'
  | 'tcvn3'
  | 'vni'
  /** UTF-8 (or UTF-16) text holding a TCVN3/VNI string that some program read as cp1252. */
  | 'utf-8+tcvn3'
  | 'utf-8+vni';

export interface DecodedText {
  /** The text in NFC, BOM removed, line breaks as in the file (spans index into this string). */
  text: string;
  encoding: TextEncoding;
}

function utf16(bytes: Uint8Array, le: boolean, skip: number): string {
  const n = Math.floor((bytes.length - skip) / 2);
  const units = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const a = bytes[skip + 2 * i];
    const b = bytes[skip + 2 * i + 1];
    units[i] = le ? a | (b << 8) : (a << 8) | b;
  }
  let s = '';
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...units.subarray(i, i + 8192));
  return s;
}

/** UTF-16 without a BOM: most ASCII characters leave a zero byte on one side. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 4 || bytes.length % 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > 0.3 * half && evenZero < 0.05 * half) return 'utf-16le';
  if (evenZero > 0.3 * half && oddZero < 0.05 * half) return 'utf-16be';
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function withLegacyCheck(text: string, enc: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be'): DecodedText {
  const fixed = fixLegacy(text);
  if (fixed.font) return { text: fixed.text.normalize('NFC'), encoding: `utf-8+${fixed.font}` };
  return { text: text.normalize('NFC'), encoding: enc };
}

/** Detects the encoding of a text file and decodes it to NFC. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return withLegacyCheck(new TextDecoder('utf-8').decode(bytes.subarray(3)), 'utf-8-bom');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return withLegacyCheck(utf16(bytes, true, 2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return withLegacyCheck(utf16(bytes, false, 2), 'utf-16be');
  const sniffed = sniffUtf16(bytes);
  if (sniffed) return withLegacyCheck(utf16(bytes, sniffed === 'utf-16le', 0), sniffed);

  let ascii = true;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) { ascii = false; break; }
  if (ascii) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'ascii' };

  try {
    return withLegacyCheck(strictUtf8.decode(bytes), 'utf-8');
  } catch {
    // Not UTF-8: one of the 8-bit encodings.
  }
  const candidates: DecodedText[] = [
    { text: decodeWindows1258(bytes), encoding: 'windows-1258' },
    { text: decodeTcvn3(bytes), encoding: 'tcvn3' },
    { text: decodeVni(bytes), encoding: 'vni' },
  ];
  let best = candidates[0];
  let bestScore = plausibility(best.text).score;
  for (const c of candidates.slice(1)) {
    const s = plausibility(c.text).score;
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}
