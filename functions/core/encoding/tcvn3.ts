/**
 * TCVN3 ("ABC", TCVN 5712:1993) ↔ Unicode.
 *
 * The byte table is transcribed from GNU libiconv, lib/tcvn.h (tcvn_2uni_1 / tcvn_2uni_2, the
 * TCVN-5712 converter maintained in libiconv; LGPL, reference copy read at
 * github.com/koron/libiconv lib/tcvn.h). libiconv implements VN1, the full set; the "ABC" fonts
 * (.VnTime etc.) use VN3, the subset in 0xA0–0xFF (lower-case letters plus Ă Â Ê Ô Ơ Ư Đ;
 * other capitals were drawn with the .VnTimeH fonts from the lower-case codes, so the case is
 * lost in the bytes). VN1's extra capitals in 0x01–0x17 and 0x80–0x9F are kept for decoding: they
 * never occur as control characters in prose, and VN1 files do exist.
 * Bytes 0xB0–0xB4 are combining tone marks; the decoded text is composed to NFC afterwards.
 */

/** Unicode code point of each byte 0x80..0xFF (index = byte − 0x80). */
const HIGH: readonly number[] = [
  // 0x80
  0x00c0, 0x1ea2, 0x00c3, 0x00c1, 0x1ea0, 0x1eb6, 0x1eac, 0x00c8, 0x1eba, 0x1ebc, 0x00c9, 0x1eb8, 0x1ec6, 0x00cc, 0x1ec8, 0x0128,
  // 0x90
  0x00cd, 0x1eca, 0x00d2, 0x1ece, 0x00d5, 0x00d3, 0x1ecc, 0x1ed8, 0x1edc, 0x1ede, 0x1ee0, 0x1eda, 0x1ee2, 0x00d9, 0x1ee6, 0x0168,
  // 0xa0
  0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110, 0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0x1eb0,
  // 0xb0
  0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3, 0x00e1, 0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4,
  // 0xc0
  0x1eae, 0x1ea6, 0x1ea8, 0x1eaa, 0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7, 0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0x1ec2, 0x1ebb, 0x1ebd,
  // 0xd0
  0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec, 0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2, 0x0129, 0x00ed, 0x1ecb, 0x00f2,
  // 0xe0
  0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7, 0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9,
  // 0xf0
  0x1ed6, 0x1ee7, 0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef, 0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0,
];

/** VN1 capitals placed on C0 control positions (byte → code point). */
const LOW: ReadonlyMap<number, number> = new Map([
  [0x01, 0x00da], [0x02, 0x1ee4], [0x04, 0x1eea], [0x05, 0x1eec], [0x06, 0x1eee],
  [0x11, 0x1ee8], [0x12, 0x1ef0], [0x13, 0x1ef2], [0x14, 0x1ef6], [0x15, 0x1ef8], [0x16, 0x00dd], [0x17, 0x1ef4],
]);

/** Decodes TCVN3/VN1 bytes (each value 0..255) to Unicode NFC. */
export function decodeTcvn3(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0x80) out += String.fromCharCode(HIGH[b - 0x80]);
    else out += String.fromCharCode(LOW.get(b) ?? b);
  }
  return out.normalize('NFC');
}

let reverse: Map<string, number> | undefined;
function reverseTable(): Map<string, number> {
  if (reverse) return reverse;
  reverse = new Map();
  // Prefer the VN3 positions (0xA0–0xFF) over the VN1-only ones when both could encode a letter.
  for (let b = 0xff; b >= 0x80; b--) {
    const ch = String.fromCharCode(HIGH[b - 0x80]);
    if (!reverse.has(ch) || b >= 0xa0) reverse.set(ch, b);
  }
  for (const [b, cp] of LOW) if (!reverse.has(String.fromCharCode(cp))) reverse.set(String.fromCharCode(cp), b);
  return reverse;
}

const TONE_BYTES: Record<string, number> = { '\u0300': 0xb0, '\u0309': 0xb1, '\u0303': 0xb2, '\u0301': 0xb3, '\u0323': 0xb4 };

/**
 * Encodes Unicode text to TCVN3 bytes with the same table (used to make test samples).
 * With `vn3Only`, capitals that VN3 lacks are written with their lower-case code, as the
 * .VnTimeH fonts did. Characters with no encoding become '?'.
 */
export function encodeTcvn3(text: string, vn3Only = true): Uint8Array {
  const table = reverseTable();
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    let b = table.get(ch);
    if (b !== undefined && vn3Only && (b < 0xa0)) b = table.get(ch.toLowerCase());
    if (b !== undefined) {
      out.push(b);
      continue;
    }
    // Base letter + combining tone mark (e.g. a capital with a tone in VN3).
    const d = ch.normalize('NFD');
    const tone = d.slice(-1);
    const base = d.slice(0, -1).normalize('NFC');
    const bb = base.length === 1 && base.charCodeAt(0) < 0x80 ? base.charCodeAt(0) : table.get(base);
    if (TONE_BYTES[tone] !== undefined && bb !== undefined) out.push(bb, TONE_BYTES[tone]);
    else out.push(0x3f);
  }
  return Uint8Array.from(out);
}
