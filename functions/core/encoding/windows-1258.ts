/**
 * Windows-1258 (cp1258) through iconv-lite. cp1258 has precomposed â ê ô ă ơ ư đ but writes most
 * tones as separate combining bytes, so decoded text is composed to NFC.
 */
import iconv from 'iconv-lite';

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Decodes cp1258 bytes to Unicode NFC. */
export function decodeWindows1258(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows1258').normalize('NFC');
}

/**
 * Encodes Unicode text to cp1258 the way Windows does for Vietnamese: letter with its
 * circumflex/breve/horn precomposed, tone as a combining byte (used to make test samples).
 */
export function encodeWindows1258(text: string): Uint8Array {
  const parts: string[] = [];
  for (const ch of text.normalize('NFC')) {
    const d = ch.normalize('NFD');
    const tones = d.match(TONES)?.join('') ?? '';
    parts.push(d.replace(TONES, '').normalize('NFC') + tones);
  }
  return new Uint8Array(iconv.encode(parts.join(''), 'windows1258'));
}
