/**
 * Confidence that means something: the share of figures of the same kind that were right on the
 * set-aside third of the real-fact corpus (tests/fixtures/extraction/holdout), as a cautious
 * lower bound. A figure's kind is how it was recognised: a rate, a count with a catalog code, or a
 * count known only by its counted noun. The table is data (calibration.json), refitted by
 * tests/fixtures/extraction/fit-calibration.ts; the accuracy test prints it and checks that a
 * confidence of 0.9 or more is right at least 98 % of the time.
 */
import calibration from './calibration.json' with { type: 'json' };

export type Evidence =
  | 'rate_named'
  | 'rate_connector'
  | 'rate_bare'
  | 'count_coded'
  | 'count_noun';

export interface Recognised {
  unit: 'percent' | 'count';
  indicator_code: string | null;
  /** The heuristic score the figure grammar gave (0.5–0.95). */
  confidence: number;
  phrase: string;
  at: number;
}

export function evidenceOf(f: Recognised): Evidence {
  if (f.unit === 'percent') {
    if (f.confidence >= 0.85) return 'rate_named';
    if (/^[\d.,\s%]+$/.test(f.phrase)) return 'rate_bare';
    return 'rate_connector';
  }
  return f.indicator_code ? 'count_coded' : 'count_noun';
}

/**
 * The class of a figure. Finer classes were tried (the evidence of a rate, a ":borderline" mark
 * for sentences naming another agency, a crime verb, a target or another year), but on the
 * corpus they did not separate right from wrong beyond chance and only thinned the counts each
 * confidence rests on; the kept classes are those with enough figures to say something.
 */
export function classOf(f: Recognised): string {
  const e = evidenceOf(f);
  return e.startsWith('rate') ? 'rate' : e;
}

interface Table {
  classes: Record<string, { n: number; right: number; confidence: number }>;
  default: number;
}

const TABLE = calibration as unknown as Table;

/** Calibrated confidence of a figure class (the table's lower bound; the default for unseen classes). */
export function calibratedConfidence(cls: string): number {
  return TABLE.classes[cls]?.confidence ?? TABLE.default;
}

/**
 * One-sided lower bound of a proportion (Wilson score interval, z = 1.645): with few figures of a
 * kind, even all right does not earn a high confidence.
 */
export function wilsonLower(right: number, n: number, z = 1.645): number {
  if (n === 0) return 0;
  const p = right / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const r = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return Math.max(0, (c - r) / d);
}
