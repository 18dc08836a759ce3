/**
 * Month-by-month simulation of one unit's workload. Cases flow through stages with stocks that
 * carry over (a pending crime report at the end of a month is "carried over" in the next one),
 * so counts are consistent within a report and across months: to_resolve = received +
 * carried_over − transferred, resolved ≤ to_resolve, pending = to_resolve − resolved.
 * Rates are not produced here; the report builder derives them from numerator and denominator.
 */
import type { Unit } from '../units.ts';
import { Rng } from './prng.ts';
import { covidFactor, inflowFactor, keyCaseFactor, outputFactor, throughputShift, yearsSince2016 } from './seasonality.ts';
import type { Sizes } from './sizes.ts';
import { statYearOfMonth } from '../calendar.ts';

export interface MonthCounts {
  month: string;
  counts: Record<string, number>;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Steady-state stock of a stage with monthly inflow λ and monthly resolution probability p. */
const steady = (lambda: number, p: number) => Math.round((lambda * (1 - p)) / p);

/** Base monthly resolution probabilities in 2016 (they improve slowly over the years). */
const P = {
  crime: 0.83, investigation: 0.5, prosecution: 0.9, firstInstance: 0.68, appeal: 0.72, custody: 0.985, detention: 0.5,
  civil: 0.42, complaints: 0.85, criminalEnforcement: 0.95, civilEnforcement: 0.35, admin: 0.35, adminEnforcement: 0.25,
  onTime: 0.975, correctOffence: 0.993, protestAccepted: 0.72, recommendationAccepted: 0.85,
};

/**
 * The stages with a stock of their own: each month what is on hand (the stock carried over plus
 * the month's inflow) and how much of it is resolved, Binomial(on hand, p); the rest carries over.
 * Listed in the order a month draws them (the random stream depends on it).
 */
interface Stage {
  /** Base resolution probability, moved by the unit's quality: P[p] + weight × q, within 0.05..hi. */
  p: keyof typeof P;
  weight?: number;
  hi?: number;
  /** Monthly Poisson inflow per unit of caseload; absent when the stage before it feeds it. */
  inflow?: number;
  /** The inflow per unit of caseload whose steady state the stock starts at (default: inflow); 0: starts empty. */
  start?: number;
  /** Whose caseload: the unit's own, or (for the provincial office) its whole province's. */
  caseload: 'unit' | 'province';
  /** The indicators of the month's on-hand and resolved counts. */
  counts: readonly [onHand: string, resolved: string];
}

const STAGES = {
  investigation: { p: 'investigation', inflow: 9, caseload: 'unit', counts: ['investigation_cases_to_handle', 'investigation_cases_resolved'] },
  prosecution: { p: 'prosecution', weight: 0.5, start: 7, caseload: 'unit', counts: ['prosecution_cases_to_handle', 'prosecution_cases_resolved'] },
  firstInstance: { p: 'firstInstance', start: 6.5, caseload: 'unit', counts: ['first_instance_cases_to_try', 'first_instance_cases_resolved'] },
  // Custody is short: it starts empty, the few not decided by a month's end carry over.
  custody: { p: 'custody', weight: 0.3, hi: 1, inflow: 14, start: 0, caseload: 'unit', counts: ['custody_persons', 'custody_persons_resolved'] },
  detention: { p: 'detention', start: 5, caseload: 'unit', counts: ['detention_persons', 'detention_persons_resolved'] },
  civil: { p: 'civil', inflow: 35, caseload: 'unit', counts: ['civil_cases_to_resolve', 'civil_cases_resolved'] },
  complaints: { p: 'complaints', inflow: 2.5, caseload: 'unit', counts: ['judicial_complaints_to_resolve', 'judicial_complaints_resolved'] },
  appeal: { p: 'appeal', inflow: 0.5, caseload: 'province', counts: ['appeal_cases_to_try', 'appeal_cases_resolved'] },
  // Sentences awaiting enforcement: like custody, a stock that starts empty.
  sentences: { p: 'criminalEnforcement', weight: 0.3, hi: 1, inflow: 1.2, start: 0, caseload: 'province', counts: ['criminal_sentences_to_enforce', 'criminal_sentences_enforced'] },
  civilEnforcement: { p: 'civilEnforcement', inflow: 4, caseload: 'province', counts: ['civil_enforcement_cases_to_handle', 'civil_enforcement_cases_completed'] },
  admin: { p: 'admin', inflow: 0.6, caseload: 'province', counts: ['admin_cases_to_resolve', 'admin_cases_resolved'] },
  adminEnforcement: { p: 'adminEnforcement', inflow: 0.15, caseload: 'province', counts: ['admin_enforcement_cases_to_handle', 'admin_enforcement_cases_completed'] },
} as const satisfies Record<string, Stage>;
type StageName = keyof typeof STAGES;

/** Stages fed by a Poisson inflow alone, drawn one after the other: the unit's, then the provincial office's. */
const UNIT_FLOWS: readonly StageName[] = ['civil', 'complaints'];
const PROVINCE_FLOWS: readonly StageName[] = ['appeal', 'sentences', 'civilEnforcement', 'admin', 'adminEnforcement'];

export function* simulateUnit(unit: Unit, months: readonly string[], seed: number, sz: Sizes): Generator<MonthCounts> {
  const rng = Rng.of(seed, 'sim', unit.id);
  const size = sz.size(unit);
  const isProvince = unit.level === 'province';
  // The province's whole district-level caseload drives appeals and enforcement at the provincial office.
  const provinceTotal = isProvince ? sz.provinceTotal(unit) : 0;
  const unitQ = Rng.of(seed, 'quality', unit.id).normal() * 0.03;
  const yearQ = new Map<number, number>();
  const outScale0 = sz.outputScale(unit);

  // Stocks, initialised at their steady state (the provincial office's only in a province).
  let crime = steady(22 * size, P.crime);
  let protestsPending = isProvince ? 1 : 0;
  const stock = {} as Record<StageName, number>;
  for (const [name, s] of Object.entries(STAGES) as [StageName, Stage][]) {
    const start = s.start ?? s.inflow!;
    stock[name] = start === 0 || (s.caseload === 'province' && !isProvince) ? 0 : steady(start * (s.caseload === 'unit' ? size : provinceTotal), P[s.p]);
  }

  for (const month of months) {
    const year = Number(month.slice(0, 4));
    const mo = Number(month.slice(5, 7));
    const statYear = statYearOfMonth(year, mo);
    if (!yearQ.has(statYear)) yearQ.set(statYear, Rng.of(seed, 'quality', unit.id, statYear).normal() * 0.015);
    const yrs = yearsSince2016(year, mo);
    const q = unitQ + yearQ.get(statYear)! + 0.008 * yrs + throughputShift(year, mo);
    const lam = size * (1 + 0.025 * yrs) * inflowFactor(year, mo);
    const outScale = outScale0 * (1 + 0.02 * yrs) * outputFactor(year, mo);
    const p = (base: number, weight = 1, hi = 0.995) => clamp(base + weight * q, 0.05, hi);
    const c: Record<string, number> = {};

    /** A stage's month given its inflow: the counts recorded, the stock carried over, the resolved returned. */
    const advance = (name: StageName, inflow: number): number => {
      const s: Stage = STAGES[name];
      const onHand = stock[name] + inflow;
      const resolved = rng.binomial(onHand, p(P[s.p], s.weight, s.hi));
      stock[name] = onHand - resolved;
      c[s.counts[0]] = onHand;
      c[s.counts[1]] = resolved;
      return resolved;
    };
    /** A stage fed by its own Poisson inflow, scaled by the month's caseload. */
    const flow = (name: StageName, caseload: number): number => advance(name, rng.poisson((STAGES[name] as Stage).inflow! * caseload));

    // Crime reports: resolved / (received + carried over − transferred).
    const received = rng.poisson(22 * lam);
    const carried = crime;
    const transferred = rng.binomial(received + carried, 0.025);
    const toResolve = received + carried - transferred;
    const resolved = rng.binomial(toResolve, p(P.crime));
    const pending = toResolve - resolved;
    c.crime_reports_received = received;
    c.crime_reports_carried_over = carried;
    c.crime_reports_transferred = transferred;
    c.crime_reports_to_resolve = toResolve;
    c.crime_reports_resolved = resolved;
    c.crime_reports_pending = pending;
    c.crime_reports_overdue = rng.binomial(pending, clamp(0.08 - q, 0, 0.3));
    crime = pending;

    // Investigation → prosecution → first-instance trial.
    const invResolved = flow('investigation', lam);
    const prosResolved = advance('prosecution', rng.binomial(invResolved, 0.85));
    const indicted = prosResolved > 0 ? prosResolved + rng.poisson(0.45 * prosResolved) : 0;
    c.prosecution_defendants_indicted = indicted;
    c.prosecution_defendants_on_time = rng.binomial(indicted, p(P.onTime, 0.3, 1));
    const fiResolved = advance('firstInstance', rng.binomial(prosResolved, 0.92));

    // Custody (short) and pre-trial detention (a stock).
    flow('custody', lam);
    advance('detention', rng.binomial(indicted, 0.6) + rng.poisson(lam));

    // Civil cases and complaints.
    for (const name of UNIT_FLOWS) flow(name, lam);

    // Direct inspections and proactive outputs ("chủ động").
    const inspections = rng.poisson(0.7 * outScale);
    c.direct_inspections = inspections;
    c.conclusions_issued = rng.binomial(inspections, 0.9) + rng.poisson(0.2 * outScale);
    const appealProtests = rng.poisson(0.35 * outScale);
    c.appeal_protests = appealProtests;
    const recJudicial = rng.poisson(0.9 * outScale);
    const recPrevention = rng.poisson(0.6 * outScale);
    c.recommendations_issued = recJudicial + recPrevention;
    c.lessons_learned_notices = rng.poisson(0.5 * outScale);
    c.key_cases = rng.poisson(0.5 * outScale0 * keyCaseFactor(mo) * covidFactor(year, mo));
    c.model_trial_sessions = rng.poisson(0.9 * outScale);

    if (isProvince) {
      const lamP = provinceTotal * (1 + 0.025 * yrs) * inflowFactor(year, mo);
      const tried = fiResolved > 0 ? fiResolved + rng.poisson(0.4 * fiResolved) : 0;
      c.prosecution_defendants_tried = tried;
      c.prosecution_defendants_correct_offence = rng.binomial(tried, p(P.correctOffence, 0.2, 1));

      // Appeals and enforcement at the provincial office.
      for (const name of PROVINCE_FLOWS) flow(name, lamP);

      c.cassation_reopening_protests = rng.poisson(0.12 * outScale);
      const protestsTo = protestsPending + appealProtests;
      const decided = rng.binomial(protestsTo, 0.6);
      protestsPending = protestsTo - decided;
      c.appeal_protests_decided = decided;
      c.appeal_protests_accepted = rng.binomial(decided, p(P.protestAccepted, 1, 1));
      c.recommendations_accepted = rng.binomial(c.recommendations_issued, p(P.recommendationAccepted, 0.5, 1));
    }

    yield { month, counts: c };
  }
}
