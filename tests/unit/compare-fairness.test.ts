/**
 * Fair to small units: the comparison's judgements account for the denominator. Generated
 * provinces of many sizes with no real change, small provinces swinging on a handful of cases,
 * and one planted real shift: only the planted shift is flagged. The distributions are checked
 * against direct sums and published values, not against themselves.
 */
import { describe, expect, it } from 'vitest';
import { period as periodOf } from '../../functions/core/calendar.ts';
import { provincesAt } from '../../functions/core/units.ts';
import { assembleComparison, type CompareAnswers } from '../../functions/compare/assemble.ts';
import { periodContext } from '../../functions/compare/closed-period.ts';
import { binomialCdf, binomialSf, poissonCdf, poissonInterval, wilson } from '../../functions/compare/stats/distributions.ts';
import { rankRanges } from '../../functions/compare/stats/ranks.ts';
import type { ProvinceValueRow, YoyRow } from '../../functions/compare/types.ts';
// mulberry32: a small seeded generator, so the data are the same on every run.
import { mulberry32 as rng } from '../../functions/core/generate/prng.ts';

function binomial(r: () => number, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (r() < p) x++;
  return x;
}

function poisson(r: () => number, lambda: number): number {
  // Sum of unit-rate exponential gaps (exact; λ here is at most a few thousand).
  let k = 0;
  let t = -Math.log(1 - r());
  while (t < lambda) {
    k++;
    t += -Math.log(1 - r());
  }
  return k;
}

describe('distributions, against direct sums and published values', () => {
  it('binomial tails equal the summed probabilities', () => {
    for (const [n, p] of [[20, 0.3], [50, 0.9], [7, 0.5]] as const) {
      const pmf: number[] = [Math.pow(1 - p, n)];
      for (let k = 0; k < n; k++) pmf.push((pmf[k] * (n - k) * p) / ((k + 1) * (1 - p)));
      let acc = 0;
      for (let k = 0; k <= n; k++) {
        acc += pmf[k];
        expect(binomialCdf(k, n, p)).toBeCloseTo(acc, 10);
        expect(binomialSf(k, n, p)).toBeCloseTo(1 - acc + pmf[k], 10);
      }
    }
  });

  it('Poisson CDF equals the summed probabilities', () => {
    for (const lambda of [0.5, 4, 37.5]) {
      let term = Math.exp(-lambda);
      let acc = term;
      for (let k = 0; k < 80; k++) {
        expect(poissonCdf(k, lambda)).toBeCloseTo(acc, 10);
        term *= lambda / (k + 1);
        acc += term;
      }
    }
  });

  it('Wilson and exact Poisson intervals match published values', () => {
    // Newcombe (1998), Table I: 0/10 → 0.0000–0.2775; 5/10 → 0.2366–0.7634 (95 %).
    expect(wilson(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilson(5, 10).low).toBeCloseTo(0.2366, 4);
    expect(wilson(5, 10).high).toBeCloseTo(0.7634, 4);
    // Garwood exact limits: 0 → (0, 3.689); 10 → (4.795, 18.390).
    expect(poissonInterval(0).high).toBeCloseTo(3.689, 3);
    expect(poissonInterval(10).low).toBeCloseTo(4.795, 3);
    expect(poissonInterval(10).high).toBeCloseTo(18.39, 2);
  });
});

const PROVINCES = provincesAt('2024-11-30');
const CTX = periodContext(periodOf('2024-11'));
const RATE = 'crime_report_resolution_rate';
const COUNT = 'crime_reports_received';

interface Gen {
  id: string;
  now: { x: number; n: number };
  then: { x: number; n: number };
}

/** Analysis answers for generated provinces (rates: x of n; counts: x, n unused). */
function answers(indicator: string, rows: Gen[]): CompareAnswers {
  const isRate = indicator === RATE;
  const val = (c: { x: number; n: number }) => (isRate ? Math.round((10000 * c.x) / c.n) / 100 : c.x);
  const name = (id: string) => PROVINCES.find((u) => u.id === id)!.name;
  const yoy: YoyRow[] = rows.map((g) => {
    const v = val(g.now);
    const ly = val(g.then);
    return {
      unit_id: g.id, unit_name: name(g.id), value: v, prior_value: null, change_prior: null, last_year_value: ly,
      change_last_year: isRate ? Math.round((v - ly) * 100) / 100 : ly > 0 ? Math.round((10000 * (v - ly)) / ly) / 100 : null,
      change_unit: isRate ? 'percentage_points' : 'percent',
    };
  });
  const values: ProvinceValueRow[] = rows.flatMap((g) => [
    { unit_id: g.id, period: CTX.period, indicator, value: val(g.now), numerator: isRate ? g.now.x : null, denominator: isRate ? g.now.n : null, flag: null },
    { unit_id: g.id, period: CTX.last_year_period, indicator, value: val(g.then), numerator: isRate ? g.then.x : null, denominator: isRate ? g.then.n : null, flag: null },
  ]);
  const sign = 1;
  return {
    context: CTX,
    geography: 'as_reported',
    indicators: [{ indicator, yoy, ranking: [...yoy].sort((a, b) => sign * ((b.value ?? 0) - (a.value ?? 0))).map((r, i) => ({ unit_id: r.unit_id, unit_name: r.unit_name, value: r.value!, rank: i + 1 })) }],
    national: [],
    attainment: [],
    values,
    completeness: null,
  };
}

/** Modified z of the changes (the method this replaces), for contrast. */
function robustZ(xs: number[]): number[] {
  const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const m = med(xs);
  const mad = med(xs.map((x) => Math.abs(x - m)));
  return xs.map((x) => (0.6745 * (x - m)) / mad);
}

describe('fair to small units: rates', () => {
  const r = rng(20261204);
  const big = PROVINCES.slice(0, 40).map((u) => {
    const n0 = 200 + Math.floor(r() * 2800);
    const n1 = Math.round(n0 * (0.9 + 0.2 * r()));
    // Each province's own true rate, the same in both years: no real change.
    const p = 0.86 + 0.08 * r();
    return { id: u.id, then: { x: binomial(r, n0, p), n: n0 }, now: { x: binomial(r, n1, p), n: n1 } };
  });
  // Small provinces swinging on a handful of cases (100 % → 75 %, 100 % → 60 %, 50 % → 100 %).
  const small: Gen[] = [
    { id: PROVINCES[40].id, then: { x: 4, n: 4 }, now: { x: 3, n: 4 } },
    { id: PROVINCES[41].id, then: { x: 5, n: 5 }, now: { x: 3, n: 5 } },
    { id: PROVINCES[42].id, then: { x: 3, n: 6 }, now: { x: 6, n: 6 } },
  ];
  // A planted real fall: true rate 90 % → 78 % on about 1,500 cases.
  const planted: Gen = { id: PROVINCES[43].id, then: { x: binomial(r, 1500, 0.9), n: 1500 }, now: { x: binomial(r, 1450, 0.78), n: 1450 } };
  const gens = [...big, ...small, planted];
  const c = assembleComparison(answers(RATE, gens));

  it('flags the planted shift and none of the small swings', () => {
    const flagged = c.outliers.map((o) => o.unit_id);
    expect(flagged).toContain(planted.id);
    for (const s of small) expect(flagged).not.toContain(s.id);
    // 40 provinces without a real change: at 99.8 % limits a false alarm is rare.
    expect(flagged.filter((id) => big.some((b) => b.id === id)).length).toBeLessThanOrEqual(1);
    const o = c.outliers.find((x) => x.unit_id === planted.id)!;
    expect(o.movement).toBe('worsened');
    expect(o.method).toBe('rate_shift');
  });

  it('where the robust z-score of the changes flagged the small swings', () => {
    const changes = gens.map((g) => 100 * (g.now.x / g.now.n - g.then.x / g.then.n));
    const z = robustZ(changes);
    for (const s of small) expect(Math.abs(z[gens.indexOf(s)])).toBeGreaterThanOrEqual(3.5);
  });

  it('small swings are not movers; small denominators are marked', () => {
    for (const s of small) {
      expect(c.movers.map((m) => m.unit_id)).not.toContain(s.id);
      expect(c.provinces.find((p) => p.unit_id === s.id)!.caveats).toContain('small_base');
    }
    expect(c.movers.filter((m) => m.movement === 'worsened')[0].unit_id).toBe(planted.id);
  });

  it('a small province\'s rank is a wide range; rank ranges hold the rank', () => {
    const p = c.provinces.find((x) => x.unit_id === small[0].id)!;
    expect(p.rank_worst! - p.rank_best!).toBeGreaterThan(20);
    for (const x of c.provinces) {
      expect(x.rank_best!).toBeLessThanOrEqual(x.rank!);
      expect(x.rank_worst!).toBeGreaterThanOrEqual(x.rank!);
    }
  });
});

describe('fair to small units: counts', () => {
  const r = rng(7);
  const big = PROVINCES.slice(0, 40).map((u) => {
    const lambda = 50 + r() * 1950;
    return { id: u.id, then: { x: poisson(r, lambda), n: 0 }, now: { x: poisson(r, lambda), n: 0 } };
  });
  const small: Gen[] = [
    { id: PROVINCES[40].id, then: { x: 1, n: 0 }, now: { x: 4, n: 0 } }, // +300 %
    { id: PROVINCES[41].id, then: { x: 6, n: 0 }, now: { x: 1, n: 0 } }, // −83 %
  ];
  const planted: Gen = { id: PROVINCES[43].id, then: { x: poisson(r, 400), n: 0 }, now: { x: poisson(r, 620), n: 0 } };
  const c = assembleComparison(answers(COUNT, [...big, ...small, planted]));

  it('flags the planted rise and not +300 % on one case', () => {
    const flagged = c.outliers.map((o) => o.unit_id);
    expect(flagged).toContain(planted.id);
    for (const s of small) expect(flagged).not.toContain(s.id);
    expect(flagged.filter((id) => big.some((b) => b.id === id)).length).toBeLessThanOrEqual(1);
    expect(c.outliers.find((o) => o.unit_id === planted.id)!.method).toBe('count_shift');
  });
});

describe('rank ranges', () => {
  it('overlapping intervals share a range; a clear leader is first for certain', () => {
    const r = rankRanges([{ low: 0.95, high: 0.99 }, { low: 0.80, high: 0.90 }, { low: 0.85, high: 0.92 }, { low: 0.5, high: 0.6 }], 1);
    expect(r).toEqual([{ best: 1, worst: 1 }, { best: 2, worst: 3 }, { best: 2, worst: 3 }, { best: 4, worst: 4 }]);
    const low = rankRanges([{ low: 0.95, high: 0.99 }, { low: 0.5, high: 0.6 }], -1);
    expect(low).toEqual([{ best: 2, worst: 2 }, { best: 1, worst: 1 }]);
  });
});
