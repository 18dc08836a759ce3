/**
 * VNI (VNI-Windows fonts: VNI-Times etc.) ↔ Unicode.
 *
 * VNI writes most Vietnamese letters as an ASCII base letter followed by one "mark" byte
 * (á = 'a' 0xF9; ấ = 'a' 0xE1), and a few as a single byte (đ 0xF1, ơ 0xF4, ư 0xF6, í ì ỉ ĩ ị ỵ).
 * Capitals use the same scheme with the mark byte 0x20 lower.
 *
 * The table is transcribed from the VNI table of xvnkb (Dao Hai Lam, vni.h, GPL-2;
 * github.com/lamdao/xvnkb) and checked entry by entry against the VNI charset of the npm package
 * vietnamese-conversion (github.com/duydev/vietnamese-conversion, src/charsets.ts). Both write the
 * bytes as their Latin-1 characters, which is also how a VNI string looks when a program decoded it
 * as Latin-1/cp1252 — the form XLSX cells and DOCX runs in VNI fonts arrive in.
 */

// VNI spells a toned vowel as its base letter followed by one mark byte, and the mark bytes of
// the five tones are the same after every vowel, so the table is written as its rows of letters
// (base, acute, grave, hook above, tilde, dot below) and the three sets of marks, in Latin-1
// (lower case; capitals are derived below).
const TONE = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
/** After â ê ô one byte carries both the circumflex and the tone. */
const CIRCUMFLEX = ['â', 'á', 'à', 'å', 'ã', 'ä'];
/** After ă one byte carries both the breve and the tone. */
const BREVE = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
const ROWS: ReadonlyArray<readonly [letters: string, base: string, marks: readonly string[]]> = [
  ['aáàảãạ', 'a', TONE], ['âấầẩẫậ', 'a', CIRCUMFLEX], ['ăắằẳẵặ', 'a', BREVE], ['eéèẻẽẹ', 'e', TONE], ['êếềểễệ', 'e', CIRCUMFLEX],
  ['oóòỏõọ', 'o', TONE], ['ôốồổỗộ', 'o', CIRCUMFLEX], ['ơớờởỡợ', 'ô', TONE], ['uúùủũụ', 'u', TONE], ['ưứừửữự', 'ö', TONE],
  ['yýỳỷỹỵ', 'y', TONE],
];
/** Letters VNI writes as a single byte (instead of what the rows give). */
const SINGLE: Readonly<Record<string, string>> = { í: 'í', ì: 'ì', ỉ: 'æ', ĩ: 'ó', ị: 'ò', ỵ: 'î', đ: 'ñ' };

/** Upper-cases a VNI spelling: ASCII letters by toUpperCase, mark bytes 0xE0–0xFF by −0x20. */
function upperVni(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c >= 0xe0 && c <= 0xff ? String.fromCharCode(c - 0x20) : ch.toUpperCase();
  }
  return out;
}

/** Unicode letter → VNI spelling (Latin-1 string), for every non-ASCII letter. */
export const VNI_OF: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  const add = (u: string, vni: string) => {
    m.set(u, vni);
    m.set(u.toUpperCase(), upperVni(vni));
  };
  for (const [letters, base, marks] of ROWS) {
    [...letters].forEach((u, i) => {
      const vni = base + marks[i];
      if (vni.length > 1 || vni.charCodeAt(0) >= 0x80) add(u, vni); // a plain ASCII letter is itself
    });
  }
  for (const [u, vni] of Object.entries(SINGLE)) add(u, vni);
  return m;
})();

/** VNI spelling → Unicode letter; two-character spellings are tried before one-character ones. */
const UNI_OF: ReadonlyMap<string, string> = new Map([...VNI_OF].map(([u, v]) => [v, u]));

/** Decodes a VNI string whose bytes are held as Latin-1 characters (char codes 0..255) to NFC. */
export function decodeVniLatin1(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const two = UNI_OF.get(s.slice(i, i + 2));
    if (two && s.length > i + 1) {
      out += two;
      i++;
      continue;
    }
    out += UNI_OF.get(s[i]) ?? s[i];
  }
  return out.normalize('NFC');
}

/** Decodes VNI bytes to Unicode NFC. */
export function decodeVni(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return decodeVniLatin1(s);
}

/** Encodes Unicode text to VNI bytes with the same table (used to make test samples); '?' if unmappable. */
export function encodeVni(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    const v = cp < 0x80 ? ch : VNI_OF.get(ch);
    if (v === undefined) out.push(0x3f);
    else for (const c of v) out.push(c.charCodeAt(0));
  }
  return Uint8Array.from(out);
}
