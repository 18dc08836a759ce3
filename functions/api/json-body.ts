/**
 * A JSON object assembled from pieces that are each already serialized: the members of an object
 * (`"a":1,"b":2`, no braces), some cached as bytes. Joining them gives exactly the bytes
 * JSON.stringify would give for the object with all those members in that order, without
 * serializing the large piece again.
 */

/** The members of `obj` as JSON text without the braces ('' for an object with none). */
export function jsonMembers(obj: Record<string, unknown>): string {
  return JSON.stringify(obj).slice(1, -1);
}

/** `{` + the non-empty pieces joined by commas + `}`, as UTF-8 bytes. */
export function jsonObjectBytes(pieces: (string | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let text = '{';
  let first = true;
  for (const p of pieces) {
    if (p.length === 0) continue;
    if (!first) text += ',';
    first = false;
    if (typeof p === 'string') {
      text += p;
    } else {
      parts.push(Buffer.from(text), p);
      text = '';
    }
  }
  parts.push(Buffer.from(`${text}}`));
  // Buffer.from(string) and Buffer.concat allocate plain ArrayBuffers (never shared ones).
  return (parts.length === 1 ? parts[0] : Buffer.concat(parts)) as Uint8Array<ArrayBuffer>;
}
