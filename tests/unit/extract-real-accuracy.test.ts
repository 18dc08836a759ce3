/**
 * Extraction on articles written from real public news items (issue 13): figure precision and
 * recall, change accuracy, province and period accuracy, printed for the tuning set, for each set
 * set aside before any tuning on it (SET_ASIDE_DIRS: tests/fixtures/extraction/holdout) and for the
 * shared development set (../shared/extraction/dev beside the clone). The issue's targets must
 * hold on every set-aside set and on the shared set: below them the test fails (no ratchet). The
 * confidence calibration table (fitted on the set-aside articles) is printed, and a confidence
 * of 0.9 or more must be right at least 98 % of the time there.
 */
import { describe, expect, it } from 'vitest';
import { extractFromText } from '../../functions/core/extract/extract.ts';
import { calibratedConfidence } from '../../functions/core/extract/confidence.ts';
import {
  addReal,
  emptyReal,
  formatRates,
  goldArticles,
  HOLDOUT_DIR,
  HOLDOUT3_DIR,
  HOLDOUT4_DIR,
  HOLDOUT5_DIR,
  HOLDOUT6_DIR,
  HOLDOUT7_DIR,
  MOVED_FROM_HOLDOUT2,
  rates,
  SET_ASIDE_DIRS,
  scoreReal,
  sharedDevDir,
  TARGETS,
  TUNING_DIR,
  type RealCounts,
} from '../fixtures/extraction/real-score.ts';
import { classCounts } from '../fixtures/extraction/calibration-data.ts';
import calibration from '../../functions/core/extract/calibration.json' with { type: 'json' };

function scoreSet(dir: string): { total: RealCounts; errors: string[]; conf: Array<{ confidence: number; right: boolean }> } {
  let total = emptyReal();
  const errors: string[] = [];
  const conf: Array<{ confidence: number; right: boolean }> = [];
  for (const a of goldArticles(dir)) {
    const r = extractFromText(a.text);
    const s = scoreReal(r.extraction, a.gold);
    total = addReal(total, s.counts);
    for (const e of s.errors) errors.push(`${a.name}: ${e}`);
    r.details.forEach((d, i) => conf.push({ confidence: d.confidence, right: s.right[i] }));
  }
  return { total, errors, conf };
}

const dev = sharedDevDir();
const count = (dir: string | undefined) => (dir ? goldArticles(dir).length : 0);
// [label, directory, whether the targets must hold]. The targets bind on every set-aside set and on
// the shared set; the tuning set is reported only.
const sets: Array<[string, string | undefined, boolean]> = [
  [`tuning (${count(TUNING_DIR)} articles)`, TUNING_DIR, false],
  [`set-aside holdout (${count(HOLDOUT_DIR)})`, HOLDOUT_DIR, true],
  [`set-aside holdout3 (${count(HOLDOUT3_DIR)})`, HOLDOUT3_DIR, true],
  [`set-aside holdout4 (${count(HOLDOUT4_DIR)})`, HOLDOUT4_DIR, true],
  [`set-aside holdout5 (${count(HOLDOUT5_DIR)})`, HOLDOUT5_DIR, true],
  [`set-aside holdout6 (${count(HOLDOUT6_DIR)})`, HOLDOUT6_DIR, true],
  [`set-aside holdout7 (${count(HOLDOUT7_DIR)})`, HOLDOUT7_DIR, true],
  [`shared/extraction/dev (${count(dev)})`, dev, true],
];

/**
 * Floors below the targets for a set-aside set with a known shortfall (none now). holdout3,
 * holdout4, holdout5 and holdout6 were below target when first measured (holdout5: change .5,
 * period .9; holdout6: precision .818, period .895); their failure kinds were then written down
 * and fixed through the grammar and gazetteer, so they meet the targets now but are no longer
 * unseen measurements. holdout7 was measured once, unseen, on 8c41100 and met every target
 * (precision .963, recall, change, province and period 1.000: holdout7/FIRST-MEASUREMENT.txt).
 * A set that falls below target again gets an entry here only with a README note saying why.
 */
const SHORTFALL_FLOOR: Record<string, Partial<Record<keyof typeof TARGETS, number>>> = {};
/** Confidence ≥ 0.9 right on the set-aside articles: the target (1.000, 513/513 with holdout6, after the known failure kinds were fixed). */
const CALIBRATION_FLOOR = 0.98;

describe('extraction on real-fact articles', () => {
  it('finds the shared development set beside the clone', () => {
    expect(dev, 'shared/extraction/dev next to the repository (or its main checkout)').toBeDefined();
    expect(goldArticles(dev!).length).toBeGreaterThanOrEqual(12);
  });

  it('has at least 40 articles of its own, a third of them set aside before tuning, and a third of the second round', () => {
    const t = count(TUNING_DIR);
    const h = SET_ASIDE_DIRS.reduce((n, d) => n + count(d), 0);
    expect(t + h).toBeGreaterThanOrEqual(40);
    // holdout2's articles were set aside before any tuning on them, measured once (README), then
    // moved to tuning/: they count as set aside at the split, and are in tuning/ now.
    const tuning = goldArticles(TUNING_DIR);
    const moved = tuning.filter((a) => (MOVED_FROM_HOLDOUT2 as readonly string[]).includes(a.name));
    expect(moved.map((a) => a.name)).toEqual([...MOVED_FROM_HOLDOUT2]);
    expect((h + moved.length) / (t + h)).toBeGreaterThanOrEqual(1 / 3);
    // The second round's news items (README): at least a third of them were set aside in holdout2/,
    // and none of those was a news item of the first round.
    const firstRound = new Set([...tuning, ...goldArticles(HOLDOUT_DIR)].filter((a) => Number(a.name) <= 142).map((a) => a.gold.source_url));
    const secondRound = new Set(tuning.filter((a) => Number(a.name) >= 143 && Number(a.name) <= 155).map((a) => a.gold.source_url));
    const held2 = new Set(moved.map((a) => a.gold.source_url));
    for (const u of held2) expect(firstRound.has(u), `${u} is a new news item`).toBe(false);
    expect(secondRound.size).toBe(10);
    expect(held2.size / secondRound.size).toBeGreaterThanOrEqual(1 / 3);
  });

  for (const [label, dir, binding] of sets) {
    it(`${label}: ${binding ? 'meets' : 'reports'} precision ≥ 0.95, recall ≥ 0.90, change ≥ 0.90, province ≥ 0.95, period ≥ 0.95`, () => {
      const { total, errors } = scoreSet(dir!);
      console.log(`${formatRates(label, total)}${errors.length ? `\n  ${errors.slice(0, 40).join('\n  ')}` : ''}`);
      if (!binding) return;
      const r = rates(total);
      const below = (Object.keys(TARGETS) as Array<keyof typeof TARGETS>).filter((field) => r[field] < TARGETS[field]);
      if (below.length) console.warn(`BELOW TARGET on ${label}: ${below.map((f) => `${f} ${r[f].toFixed(3)} < ${TARGETS[f]}`).join(', ')}`);
      const floor = SHORTFALL_FLOOR[dir!] ?? {};
      for (const field of Object.keys(TARGETS) as Array<keyof typeof TARGETS>) expect(r[field], field).toBeGreaterThanOrEqual(Math.min(TARGETS[field], floor[field] ?? TARGETS[field]));
    });
  }

  it('prints the calibration and keeps confidence ≥ 0.9 right at least 98 % of the time on the set-aside articles', () => {
    const table = (calibration as { classes: Record<string, { n: number; right: number; confidence: number; fitted_on: string }> }).classes;
    const lines = Object.entries(table)
      .sort((a, b) => b[1].confidence - a[1].confidence)
      .map(([cls, c]) => `  ${cls.padEnd(14)} confidence ${calibratedConfidence(cls).toFixed(3)}   fitted on ${c.fitted_on.padEnd(16)} right ${c.right}/${c.n} (${(c.right / c.n).toFixed(3)})`);
    // The table is the fit of the current extractor: refit (fit-calibration.ts) when it changes.
    for (const [cls, c] of classCounts(...SET_ASIDE_DIRS)) if (table[cls]?.fitted_on === 'set-aside') expect({ cls, ...c }).toEqual({ cls, n: table[cls].n, right: table[cls].right });
    const summary: string[] = [];
    const highSetAside: Array<{ confidence: number; right: boolean }> = [];
    for (const [label, dir] of sets) {
      const { conf } = scoreSet(dir!);
      if (SET_ASIDE_DIRS.includes(dir as (typeof SET_ASIDE_DIRS)[number])) highSetAside.push(...conf.filter((c) => c.confidence >= 0.9));
      for (const [lo, hi] of [[0.9, 1.01], [0.7, 0.9], [0, 0.7]]) {
        const inBin = conf.filter((c) => c.confidence >= lo && c.confidence < hi);
        const right = inBin.filter((c) => c.right).length;
        summary.push(`  ${label.padEnd(30)} confidence [${lo.toFixed(1)}, ${Math.min(hi, 1).toFixed(1)}${hi > 1 ? ']' : ')'}: ${right}/${inBin.length} right${inBin.length ? ` (${(right / inBin.length).toFixed(3)})` : ''}`);
      }
    }
    console.log(`Calibration (fitted on the set-aside articles; confidence = Wilson lower bound of the share right):\n${lines.join('\n')}\nBy confidence band:\n${summary.join('\n')}`);
    expect(highSetAside.length).toBeGreaterThan(0);
    const share = highSetAside.filter((c) => c.right).length / highSetAside.length;
    if (share < 0.98) console.warn(`BELOW TARGET: confidence ≥ 0.9 right ${share.toFixed(3)} < 0.98 on the set-aside articles (known shortfall, see SHORTFALL_FLOOR)`);
    expect(share).toBeGreaterThanOrEqual(CALIBRATION_FLOOR);
  });
});
