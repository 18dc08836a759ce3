/**
 * Asks the engine the questions a comparison needs, all as named analyses: which period
 * ("latest" = the latest closed period with reports, from `completeness`), then per indicator
 * `yoy` (each province against the previous period and the same period last year) and `ranking`,
 * and once `national` (every indicator), `provinces_all` (numerators and denominators, which the
 * fairness tests need), `attainment` and `completeness`.
 */
import type { Engine } from '../adapters/engine/engine.ts';
import { parsePeriod, type Period, type PeriodType } from '../core/calendar.ts';
import { indicators, reportedAt } from '../core/catalog.ts';
import { CALENDAR_YEARS } from '../core/reference-tables.ts';
import { askAsOf, hasAnalysis, mapLimit, type Asker } from './analyses.ts';
import type { CompareAnswers, IndicatorAnswers } from './assemble.ts';
import { DEFAULT_GRACE_DAYS, isClosed, latestClosed, periodContext, statYearOfDate } from './closed-period.ts';
import { CompareError } from './compare-error.ts';
import { geographyAt } from './geography.ts';
import { reportDueDays } from './report-due.ts';
import type { TimelinessRow, AttainmentRow, CompletenessRow, NationalAnalysisRow, ProvinceValueRow, RankingRow, ReconciliationRow, YoyRow } from './types.ts';

export { CompareError };

/** Years searched per step when looking back for the latest period with data. */
const LOOKBACK_STEP = 5;

/**
 * The latest closed period of a type that has reports, searching back from `now` a few
 * statistical years at a time (the `completeness` analysis counts the reports received).
 */
export async function findLatestPeriod(engine: Engine | Asker, type: PeriodType, now: Date, graceDays = DEFAULT_GRACE_DAYS): Promise<Period | undefined> {
  const asker = 'ask' in engine ? engine : askAsOf(engine, undefined);
  let to = Math.min(statYearOfDate(now), CALENDAR_YEARS.to);
  while (to >= CALENDAR_YEARS.from) {
    const from = Math.max(CALENDAR_YEARS.from, to - LOOKBACK_STEP + 1);
    const rows = await asker.ask<CompletenessRow>('completeness', { period_type: type, from, to });
    const found = latestClosed(rows.filter((r) => Number(r.received) > 0).map((r) => r.period), type, now, graceDays);
    if (found) return found;
    to = from - 1;
  }
  return undefined;
}

export interface ResolvedPeriod {
  period: Period;
  closed: boolean;
}

/** Turns 'latest' or a label into a period; an explicit label may be open (it is then marked so). */
export async function resolvePeriod(engine: Engine | Asker, label: string, type: PeriodType, now: Date, graceDays: number): Promise<ResolvedPeriod> {
  if (label === 'latest') {
    const p = await findLatestPeriod(engine, type, now, graceDays);
    if (!p) {
      throw new CompareError(
        `Không có kỳ ${type} nào đã khoá sổ (hết kỳ + ${graceDays} ngày) mà có báo cáo.`,
        `No closed ${type} period (end + ${graceDays} grace days) has any reports.`,
      );
    }
    return { period: p, closed: true };
  }
  const p = parsePeriod(label);
  if (!p) {
    throw new CompareError(
      `Kỳ "${label}" không hợp lệ (ví dụ 2025-11, 2025-Q4, 2025-H2, 2025-9M, 2025-Y hoặc latest).`,
      `Invalid period "${label}" (e.g. 2025-11, 2025-Q4, 2025-H2, 2025-9M, 2025-Y or latest).`,
    );
  }
  return { period: p, closed: isClosed(p, now, graceDays) };
}

/** Indicators reported by provinces or their units (the Supreme Procuracy's own are not compared). */
export function comparableIndicators(): string[] {
  return indicators().filter((i) => reportedAt(i, 'province') || reportedAt(i, 'district') || reportedAt(i, 'regional')).map((i) => i.code);
}

export interface GatherOptions {
  concurrency?: number;
  /** Limit to these indicators (tests); default every indicator provinces report. */
  indicators?: string[];
  signal?: AbortSignal;
}

/**
 * Every analysis is asked through `asker`, as of its one moment (contract 4): the answers are the
 * report revisions known then, so the same moment later gives the same answers.
 */
export async function gatherAnswers(engine: Engine | Asker, p: Period, opts: GatherOptions = {}): Promise<CompareAnswers> {
  const asker = 'ask' in engine ? engine : askAsOf(engine, undefined, opts.signal);
  const ask = asker.ask.bind(asker);
  const ctx = periodContext(p);
  const concurrency = opts.concurrency ?? 4;
  const codes = opts.indicators ?? comparableIndicators();
  // The period's own provinces: 63 before 2025-07-01; after it (or across it) the 34, with the
  // earlier periods re-expressed in them so changes compare like with like.
  const geography = geographyAt(ctx.end);
  const indicators: IndicatorAnswers[] = await mapLimit(codes, concurrency, async (code) => {
    const yoy = await ask<YoyRow>('yoy', { indicator: code, period: ctx.period, units: 'provinces', geography });
    if (!yoy.some((r) => r.value !== null)) return { indicator: code, yoy, ranking: null };
    const ranking = await ask<RankingRow>('ranking', { indicator: code, period: ctx.period, geography });
    return { indicator: code, yoy, ranking };
  });
  // The country: one query for every indicator over the two statistical years involved.
  const wanted = new Set([ctx.period, ctx.prior_period, ctx.last_year_period]);
  const national = (await ask<NationalAnalysisRow>('national', { from: p.statYear - 1, to: p.statYear, period_type: p.type }))
    .filter((r) => wanted.has(r.period));
  // Numerators and denominators of every province and indicator, in one query over the same years.
  const wantedCodes = new Set(codes);
  const values = (await ask<ProvinceValueRow>('provinces_all', { period_type: p.type, from: p.statYear - 1, to: p.statYear, geography }))
    .filter((r) => wanted.has(r.period) && wantedCodes.has(r.indicator));
  const attainment = await ask<AttainmentRow>('attainment', { period: ctx.period, level: 'province', geography });
  const row = (await ask<CompletenessRow>('completeness', { period_type: p.type, from: p.statYear, to: p.statYear }))
    .find((r) => r.period === ctx.period);
  const completeness = row ? { ...row, missing_units: unitList(row.missing_units) } : null;
  // Reports that disagree (a period report against its months, a province total against its
  // units), where the engine has the analysis: their figures are marked, the largest listed.
  const reconciliation = hasAnalysis('reconciliation')
    ? (await ask<ReconciliationRow>('reconciliation', { from: p.statYear, to: p.statYear })).filter((r) => r.period === ctx.period)
    : null;
  // Monthly reports sent after their due day (data-schemas/calendar.json report_due).
  const late = hasAnalysis('timeliness')
    ? (await ask<TimelinessRow>('timeliness', { period_type: p.type, from: p.statYear, to: p.statYear, due_days: reportDueDays() })).filter((r) => r.period === ctx.period)
    : null;
  return { late, context: ctx, as_of: asker.asOf ?? null, geography, indicators, national, attainment, values, reconciliation, completeness };
}

/**
 * An array column as a list: DuckDB returns arrays, Athena returns their text ("[p63-06, d-002]");
 * unit ids never contain commas or brackets.
 */
export function unitList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string') return [];
  const inner = v.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner ? inner.split(',').map((x) => x.trim()).filter(Boolean) : [];
}
