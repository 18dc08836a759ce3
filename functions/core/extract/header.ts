/**
 * The title block of a narrative report: the short lines before the first paragraph. Unit and
 * period named there outrank those in the body ("sơ kết Quý I" in the title, "Quý II" as a plan
 * in the body).
 */

/** End offset (exclusive) of the header: the first line longer than 240 characters starts the body. */
export function headerEnd(text: string): number {
  let pos = 0;
  let lines = 0;
  while (pos < text.length && lines < 6) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end).trim();
    if (line.length > 240) return pos;
    if (line) lines++;
    pos = end + 1;
  }
  return Math.min(pos, text.length);
}
