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

export function* simulateUnit(unit: Unit, months: readonly string[], seed: number, sz: Sizes): Generator<MonthCounts> {
  const rng = Rng.of(seed, 'sim', unit.id);
  const size = sz.size(unit);
  const isProvince = unit.level === 'province';
  // The province's whole district-level caseload drives appeals and enforcement at the provincial office.
  const provinceTotal = isProvince ? sz.provinceTotal(unit) : 0;
  const unitQ = Rng.of(seed, 'quality', unit.id).normal() * 0.03;
  const yearQ = new Map<number, number>();
  const outScale0 = sz.outputScale(unit);

  // Stocks, initialised at their steady state on the first month.
  let crime = -1, investigation = 0, prosecution = 0, firstInstance = 0, appeal = 0, detention = 0;
  let civil = 0, complaints = 0, civilEnf = 0, admin = 0, adminEnf = 0, protestsPending = 0;
  // Custody and sentences awaiting enforcement are workloads too (cũ + mới): the few not decided
  // by the month's end carry over, so a period's figure is not the sum of its months.
  let custodyOpen = 0, sentencesOpen = 0;

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

    if (crime < 0) {
      crime = steady(22 * size, P.crime);
      investigation = steady(9 * size, P.investigation);
      prosecution = steady(7 * size, P.prosecution);
      firstInstance = steady(6.5 * size, P.firstInstance);
      detention = steady(5 * size, P.detention);
      civil = steady(35 * size, P.civil);
      complaints = steady(2.5 * size, P.complaints);
      if (isProvince) {
        appeal = steady(0.5 * provinceTotal, P.appeal);
        civilEnf = steady(4 * provinceTotal, P.civilEnforcement);
        admin = steady(0.6 * provinceTotal, P.admin);
        adminEnf = steady(0.15 * provinceTotal, P.adminEnforcement);
        protestsPending = 1;
      }
    }

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
    const invToHandle = investigation + rng.poisson(9 * lam);
    const invResolved = rng.binomial(invToHandle, p(P.investigation));
    investigation = invToHandle - invResolved;
    c.investigation_cases_to_handle = invToHandle;
    c.investigation_cases_resolved = invResolved;

    const prosToHandle = prosecution + rng.binomial(invResolved, 0.85);
    const prosResolved = rng.binomial(prosToHandle, p(P.prosecution, 0.5));
    prosecution = prosToHandle - prosResolved;
    const indicted = prosResolved > 0 ? prosResolved + rng.poisson(0.45 * prosResolved) : 0;
    c.prosecution_cases_to_handle = prosToHandle;
    c.prosecution_cases_resolved = prosResolved;
    c.prosecution_defendants_indicted = indicted;
    c.prosecution_defendants_on_time = rng.binomial(indicted, p(P.onTime, 0.3, 1));

    const fiToTry = firstInstance + rng.binomial(prosResolved, 0.92);
    const fiResolved = rng.binomial(fiToTry, p(P.firstInstance));
    firstInstance = fiToTry - fiResolved;
    c.first_instance_cases_to_try = fiToTry;
    c.first_instance_cases_resolved = fiResolved;

    // Custody (short) and pre-trial detention (a stock).
    const custody = custodyOpen + rng.poisson(14 * lam);
    const custodyResolved = rng.binomial(custody, p(P.custody, 0.3, 1));
    custodyOpen = custody - custodyResolved;
    c.custody_persons = custody;
    c.custody_persons_resolved = custodyResolved;
    const detToHandle = detention + rng.binomial(indicted, 0.6) + rng.poisson(lam);
    const detResolved = rng.binomial(detToHandle, p(P.detention));
    detention = detToHandle - detResolved;
    c.detention_persons = detToHandle;
    c.detention_persons_resolved = detResolved;

    // Civil cases and complaints.
    const civilTo = civil + rng.poisson(35 * lam);
    const civilRes = rng.binomial(civilTo, p(P.civil));
    civil = civilTo - civilRes;
    c.civil_cases_to_resolve = civilTo;
    c.civil_cases_resolved = civilRes;
    const complTo = complaints + rng.poisson(2.5 * lam);
    const complRes = rng.binomial(complTo, p(P.complaints));
    complaints = complTo - complRes;
    c.judicial_complaints_to_resolve = complTo;
    c.judicial_complaints_resolved = complRes;

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

      const apTo = appeal + rng.poisson(0.5 * lamP);
      const apRes = rng.binomial(apTo, p(P.appeal));
      appeal = apTo - apRes;
      c.appeal_cases_to_try = apTo;
      c.appeal_cases_resolved = apRes;

      const toEnforce = sentencesOpen + rng.poisson(1.2 * lamP);
      const enforced = rng.binomial(toEnforce, p(P.criminalEnforcement, 0.3, 1));
      sentencesOpen = toEnforce - enforced;
      c.criminal_sentences_to_enforce = toEnforce;
      c.criminal_sentences_enforced = enforced;

      const ceTo = civilEnf + rng.poisson(4 * lamP);
      const ceDone = rng.binomial(ceTo, p(P.civilEnforcement));
      civilEnf = ceTo - ceDone;
      c.civil_enforcement_cases_to_handle = ceTo;
      c.civil_enforcement_cases_completed = ceDone;

      const adTo = admin + rng.poisson(0.6 * lamP);
      const adRes = rng.binomial(adTo, p(P.admin));
      admin = adTo - adRes;
      c.admin_cases_to_resolve = adTo;
      c.admin_cases_resolved = adRes;

      const aeTo = adminEnf + rng.poisson(0.15 * lamP);
      const aeDone = rng.binomial(aeTo, p(P.adminEnforcement));
      adminEnf = aeTo - aeDone;
      c.admin_enforcement_cases_to_handle = aeTo;
      c.admin_enforcement_cases_completed = aeDone;

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
