/**
 * Bytes → text for structured formats (JSON, CSV): UTF-8 with or without BOM, UTF-16 with a BOM.
 * Legacy 8-bit Vietnamese encodings are handled by functions/core/encoding for narrative text.
 */
export function decodeStructuredText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** True when the bytes are not valid UTF-8 (so the file needs an encoding fix before import). */
export function isInvalidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/**
 * True for UTF-16 text saved without its byte-order mark: ASCII-heavy text (JSON, CSV) then has
 * a NUL at every other byte. Valid UTF-8 as far as a decoder can tell, and read as garbage.
 */
export function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  const n = Math.min(bytes.length - (bytes.length % 2), 256);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  return Math.max(evenNul, oddNul) >= pairs * 0.8 && Math.min(evenNul, oddNul) <= pairs * 0.1;
}
