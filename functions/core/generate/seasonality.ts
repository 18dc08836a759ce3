/**
 * Calendar effects of the synthetic data: Tết (the lunar new year, in January or February),
 * the year-end push before the statistical year closes on 30 November, the COVID-19 months,
 * and slow multi-year trends. Numbers are plausible shapes, not estimates of real figures.
 */

/** Calendar month (YYYY-MM) containing Tết Nguyên đán, 2015–2027. */
const TET_MONTH: Record<number, number> = {
  2015: 2, 2016: 2, 2017: 1, 2018: 2, 2019: 2, 2020: 1, 2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1, 2026: 2, 2027: 2,
};

export function isTetMonth(year: number, month: number): boolean {
  return TET_MONTH[year] === month;
}

/** The month just before Tết (December for a January Tết), when arrests and reports rise. */
export function isPreTetMonth(year: number, month: number): boolean {
  if (month === 12) return TET_MONTH[year + 1] === 1;
  const tm = TET_MONTH[year];
  return tm !== undefined && tm > 1 && month === tm - 1;
}

/** Incoming workload (crime reports, new cases) relative to an ordinary month. */
export function inflowFactor(year: number, month: number): number {
  let f = 1;
  if (isTetMonth(year, month)) f *= 0.85;
  if (isPreTetMonth(year, month)) f *= 1.1;
  return f * covidFactor(year, month);
}

/** Shift of monthly resolution probabilities: slow in the Tết month, a push in Oct–Nov. */
export function throughputShift(year: number, month: number): number {
  let s = 0;
  if (isTetMonth(year, month)) s -= 0.08;
  if (month === 10) s += 0.02;
  if (month === 11) s += 0.05;
  if (month === 12) s -= 0.02; // a new statistical year starts
  if (covidFactor(year, month) < 0.9) s -= 0.05;
  return s;
}

/** Proactive outputs (protests, recommendations, model trials): bunched before the year closes. */
export function outputFactor(year: number, month: number): number {
  let f = 1;
  if (month === 10) f *= 1.25;
  if (month === 11) f *= 1.5;
  if (month === 12) f *= 0.8;
  if (isTetMonth(year, month)) f *= 0.6;
  return f * covidFactor(year, month);
}

/** Key cases ("vụ án trọng điểm") are mostly designated at the start of the statistical year. */
export function keyCaseFactor(month: number): number {
  return month === 12 || month === 1 ? 2.5 : month === 6 ? 1.3 : 0.8;
}

/** Social-distancing months of 2020–2021 slowed everything. */
export function covidFactor(year: number, month: number): number {
  if (year === 2020 && month === 4) return 0.8;
  if (year === 2021 && (month === 8 || month === 9)) return 0.7;
  if (year === 2021 && (month === 7 || month === 10)) return 0.85;
  return 1;
}

/** Years since the start of the demo period (December 2015), fractional. */
export function yearsSince2016(year: number, month: number): number {
  return (year - 2015) + (month - 12) / 12;
}
