/** Text encodings of Vietnamese files: detection and conversion to Unicode NFC. */
export { decodeText, type DecodedText, type TextEncoding } from './decode-text.ts';
export { fixLegacy, fixLegacyString, type LegacyFont } from './fix-legacy.ts';
export { decodeTcvn3, encodeTcvn3 } from './tcvn3.ts';
export { decodeVni, decodeVniLatin1, encodeVni } from './vni.ts';
export { decodeWindows1258, encodeWindows1258 } from './windows-1258.ts';
export { plausibility, isVietnameseSyllable } from './plausibility.ts';
