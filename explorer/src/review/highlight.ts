/**
 * The article cut into plain and highlighted pieces, one highlight per figure span. Spans may
 * overlap (two figures of one clause): a piece is highlighted for the first figure that covers it.
 * Linear in the text plus the spans (sorted once).
 */
export interface Piece {
  text: string;
  /** Index of the figure whose span this piece is in, or -1. */
  figure: number;
}

export function pieces(text: string, spans: ReadonlyArray<readonly [number, number] | null>): Piece[] {
  const order = spans
    .map((s, i) => ({ s, i }))
    .filter((x): x is { s: readonly [number, number]; i: number } => x.s !== null && x.s[1] > x.s[0])
    .sort((a, b) => a.s[0] - b.s[0] || a.i - b.i);
  const out: Piece[] = [];
  let at = 0;
  for (const { s, i } of order) {
    const start = Math.max(at, Math.min(s[0], text.length));
    const end = Math.min(s[1], text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), figure: -1 });
    out.push({ text: text.slice(start, end), figure: i });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), figure: -1 });
  return out;
}
