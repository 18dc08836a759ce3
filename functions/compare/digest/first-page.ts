/**
 * What a leader reads first, as data (the HTML digest and the PDF pack both lay it out): which
 * provinces are behind on which indicators, what changed since the last period and the same
 * period last year, which reports are missing, and what the figures rest on. Everything here is
 * already worded in the reader's language; numbers in Vietnamese formats.
 */
import { indicatorByCode, type Indicator } from '../../core/catalog.ts';
import { CAVEATS, type Caveat } from '../assemble.ts';
import type { Comparison, NationalRow, ProvinceRow } from '../types.ts';
import { change, comparator, pct, relPct, value as fmtValue, type Lang } from './format.ts';

/** How much the first page shows before "… and N more" (what fits one A4 page). */
export const FIRST_PAGE_LIMITS = { provinces: 8, itemsPerProvince: 2, indicators: 8, shiftProvinces: 5, shiftsPerProvince: 2, silentProvinces: 8 };

export interface BehindItem {
  indicator: string;
  name: string;
  /** "85,2 % (chỉ tiêu > 90 %)" or "78,0 % (toàn quốc 89,1 %)". */
  text: string;
  reason: 'missed' | 'below';
  /** Marked: the judgement rests on partial, extracted or unreconciled figures, or few cases. */
  marked: boolean;
}

export interface BehindProvince {
  unit_id: string;
  name: string;
  items: BehindItem[];
  more: number;
}

export interface KeyIndicator {
  indicator: string;
  name: string;
  value: string;
  vsPrior: string;
  vsLastYear: string;
  /** 'good' | 'bad' | '' for colouring each change by the indicator's direction. */
  priorTone: string;
  lastYearTone: string;
  target: string;
  met: boolean | null;
  /** "12/34 tỉnh chưa đạt" when there is a target. */
  provinces: string;
  /** The national figure includes provincial figures that are partial, extracted and unreviewed, or unreconciled. */
  marked: boolean;
}

export interface Shift {
  indicator: string;
  name: string;
  /** "95,1 % → 81,4 % (−13,7 điểm %)". */
  text: string;
  worse: boolean | null;
  marked: boolean;
}

export interface ShiftProvince {
  unit_id: string;
  name: string;
  items: Shift[];
  more: number;
}

/** Monthly reports sent after their due day, and who sent them (at most a first page's worth of names). */
export interface LateSummary {
  reports: number;
  units: string[];
  more: number;
}

export interface FirstPage {
  behind: BehindProvince[];
  behindMore: number;
  keyIndicators: KeyIndicator[];
  shifts: ShiftProvince[];
  /** Flagged changes not shown on the page. */
  shiftsMore: number;
  reports: {
    received: number; expected: number; share: string; missingUnits: number; silentProvinces: string[]; silentMore: number;
    /** Monthly reports sent after their due day, and the units (names) that sent them; null when not checked. */
    late: LateSummary | null;
  } | null;
  /** Province × indicator figures by caveat (only caveats that occur). */
  data: { caveat: Caveat; count: number }[];
}

/** Caveats that make a rank or verdict rest on something other than complete, reviewed figures. */
const MARKING: readonly Caveat[] = ['partial_period', 'not_harmonized', 'extracted', 'unreviewed', 'unreconciled', 'small_base', 'target_uncertain'];

/** Caveats of a province's figure that also make the total over provinces rest on it. */
const NATIONAL_MARKING: readonly Caveat[] = ['partial_period', 'not_harmonized', 'unreviewed', 'unreconciled'];

export function caveatsOf(p: Pick<ProvinceRow, 'caveats'>): Caveat[] {
  return (p.caveats ?? '').split(';').filter((c): c is Caveat => (CAVEATS as readonly string[]).includes(c));
}

export function isMarked(p: Pick<ProvinceRow, 'caveats'>): boolean {
  return caveatsOf(p).some((c) => MARKING.includes(c));
}

export function indicatorName(ind: Indicator, lang: Lang): string {
  return lang === 'en' ? ind.name_en : ind.name_vi;
}

function tone(ind: Indicator, ch: number | null): string {
  if (ch === null || Math.abs(ch) < 0.05 || ind.direction === 'neutral') return '';
  return (ch > 0) === (ind.direction === 'higher_is_better') ? 'good' : 'bad';
}

/** Worse than the country beyond the control limits, by the indicator's direction. */
function belowCountry(ind: Indicator, p: ProvinceRow): boolean {
  if (ind.direction === 'higher_is_better') return p.level_flag === 'below';
  if (ind.direction === 'lower_is_better') return p.level_flag === 'above';
  return false;
}

export function firstPage(c: Comparison, lang: Lang = 'vi'): FirstPage {
  const en = lang === 'en';
  const nationalBy = new Map(c.national.map((n) => [n.indicator, n]));

  // Behind: missed targets, and rates worse than the country beyond the control limits.
  const byProvince = new Map<string, BehindProvince & { all: BehindItem[] }>();
  for (const p of c.provinces) {
    const ind = indicatorByCode(p.indicator);
    const n = nationalBy.get(p.indicator);
    if (!ind || !n || p.value === null) continue;
    const missed = p.met === false;
    const below = belowCountry(ind, p);
    if (!missed && !below) continue;
    const value = fmtValue(p.value, ind.unit, lang);
    const text = missed
      ? `${value} (${en ? 'target' : 'chỉ tiêu'} ${comparator(n.target_comparator)} ${fmtValue(n.target_threshold, ind.unit, lang)})`
      : `${value} (${en ? (c.scope ? 'province' : 'national') : c.scope ? 'toàn tỉnh' : 'toàn quốc'} ${fmtValue(n.value, ind.unit, lang)})`;
    let g = byProvince.get(p.unit_id);
    if (!g) byProvince.set(p.unit_id, (g = { unit_id: p.unit_id, name: p.unit_name, items: [], more: 0, all: [] }));
    g.all.push({ indicator: ind.code, name: indicatorName(ind, lang), text, reason: missed ? 'missed' : 'below', marked: isMarked(p) });
  }
  const behindAll = [...byProvince.values()]
    // Most indicators behind first; firm judgements before marked ones; then by name.
    .sort((a, b) => b.all.length - a.all.length || a.all.filter((i) => i.marked).length - b.all.filter((i) => i.marked).length || a.name.localeCompare(b.name, 'vi'));
  const behind = behindAll.slice(0, FIRST_PAGE_LIMITS.provinces).map(({ all, ...g }) => ({
    ...g,
    items: all.slice(0, FIRST_PAGE_LIMITS.itemsPerProvince),
    more: Math.max(0, all.length - FIRST_PAGE_LIMITS.itemsPerProvince),
  }));

  // Key indicators: those with a target, then the rates that moved most against last year.
  const withTarget = c.national.filter((n) => n.target_threshold !== null && n.value !== null);
  const others = c.national
    .filter((n) => n.target_threshold === null && n.value !== null && n.kind === 'rate' && n.change_last_year !== null)
    .sort((a, b) => Math.abs(b.change_last_year!) - Math.abs(a.change_last_year!));
  const keyIndicators = [...withTarget, ...others].slice(0, FIRST_PAGE_LIMITS.indicators).map((n: NationalRow) => {
    const ind = indicatorByCode(n.indicator)!;
    const verdicts = (n.provinces_met ?? 0) + (n.provinces_missed ?? 0);
    return {
      indicator: n.indicator,
      name: indicatorName(ind, lang),
      value: fmtValue(n.value, ind.unit, lang),
      vsPrior: change(ind.kind, n.change_prior, n.change_prior_pct, lang),
      vsLastYear: change(ind.kind, n.change_last_year, n.change_last_year_pct, lang),
      priorTone: tone(ind, n.change_prior),
      lastYearTone: tone(ind, n.change_last_year),
      target: n.target_threshold === null ? '' : `${comparator(n.target_comparator)} ${fmtValue(n.target_threshold, ind.unit, lang)}`,
      met: n.met,
      marked: c.provinces.some((p) => p.indicator === n.indicator && caveatsOf(p).some((cv) => (NATIONAL_MARKING as readonly string[]).includes(cv))),
      provinces: n.target_threshold === null || verdicts === 0 ? '' : en ? `${n.provinces_missed}/${verdicts} missed` : `${n.provinces_missed}/${verdicts} chưa đạt`,
    };
  });

  // Changes beyond chance for the province's size, largest first, grouped by province.
  const flagged = [...c.outliers].sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  const shiftGroups = new Map<string, ShiftProvince & { all: Shift[] }>();
  for (const o of flagged) {
    const ind = indicatorByCode(o.indicator);
    if (!ind) continue;
    const p = c.provinces.find((x) => x.indicator === o.indicator && x.unit_id === o.unit_id);
    // The two values already say how many: a count's change is given in percent only.
    const ch = ind.kind === 'rate' ? change('rate', o.change, null, lang) : relPct(o.change);
    let g = shiftGroups.get(o.unit_id);
    if (!g) shiftGroups.set(o.unit_id, (g = { unit_id: o.unit_id, name: o.unit_name, items: [], more: 0, all: [] }));
    g.all.push({
      indicator: o.indicator,
      name: indicatorName(ind, lang),
      text: `${fmtValue(o.base_value, ind.unit, lang)} → ${fmtValue(o.value, ind.unit, lang)} (${ch})`,
      worse: o.movement === 'worsened' ? true : o.movement === 'improved' ? false : null,
      marked: p ? isMarked(p) : false,
    });
  }
  const shiftAll = [...shiftGroups.values()];
  const shifts = shiftAll.slice(0, FIRST_PAGE_LIMITS.shiftProvinces).map(({ all, ...g }) => ({
    ...g,
    items: all.slice(0, FIRST_PAGE_LIMITS.shiftsPerProvince),
    more: Math.max(0, all.length - FIRST_PAGE_LIMITS.shiftsPerProvince),
  }));
  const shiftsMore = flagged.length - shifts.reduce((a, g) => a + g.items.length, 0);

  const comp = c.completeness;
  let reports: FirstPage['reports'] = null;
  if (comp) {
    const reporting = new Set(c.provinces.map((p) => p.unit_id));
    // The country's page names provinces with no report at all; a province's page names its units missing any.
    const silent = c.scope
      ? [...new Set(c.missing.map((m) => m.unit_name))]
      : [...new Map(c.missing.filter((m) => m.province_id && !reporting.has(m.province_id)).map((m) => [m.province_id, m.province_name])).values()];
    reports = {
      received: comp.received,
      expected: comp.expected,
      share: comp.expected > 0 ? pct((100 * comp.received) / comp.expected) : '–',
      missingUnits: comp.missing_count,
      silentProvinces: silent.slice(0, FIRST_PAGE_LIMITS.silentProvinces),
      silentMore: Math.max(0, silent.length - FIRST_PAGE_LIMITS.silentProvinces),
      late: c.late_checked ? lateSummary(c) : null,
    };
  }

  const counts = new Map<Caveat, number>();
  for (const p of c.provinces) for (const cv of caveatsOf(p)) counts.set(cv, (counts.get(cv) ?? 0) + 1);
  const data = CAVEATS.filter((cv) => counts.has(cv)).map((cv) => ({ caveat: cv, count: counts.get(cv)! }));

  return { behind, behindMore: Math.max(0, behindAll.length - behind.length), keyIndicators, shifts, shiftsMore, reports, data };
}

/** Late reports for the first page: how many, and who sent them (units on a province's page; provinces on the country's). */
function lateSummary(c: Comparison): LateSummary {
  const names = c.scope
    ? [...new Set(c.late.map((l) => l.unit_name))]
    : [...new Map(c.late.map((l) => [l.province_id, `${l.province_name} (${c.late.filter((x) => x.province_id === l.province_id).length})`])).values()];
  const shown = names.slice(0, FIRST_PAGE_LIMITS.silentProvinces);
  return { reports: c.late.length, units: shown, more: names.length - shown.length };
}

/** A caveat in words. */
export function caveatName(cv: Caveat, lang: Lang): string {
  const vi: Record<Caveat, string> = {
    partial_period: 'tỉnh không tồn tại trọn kỳ (sáp nhập 01/07/2025)',
    not_harmonized: 'không quy đổi được về địa giới mới',
    percent_only: 'chỉ có tỷ lệ %, không có tử số và mẫu số (không kiểm định được)',
    extracted: 'trích từ báo cáo dạng văn bản',
    unreviewed: 'trích từ văn bản, chưa được rà soát',
    unreconciled: 'các báo cáo của tỉnh không khớp nhau',
    small_base: 'mẫu số nhỏ (dưới 30 vụ việc)',
    target_uncertain: 'chỉ tiêu nằm trong khoảng tin cậy 95 % (đạt hay chưa đạt chưa chắc chắn)',
  };
  const en: Record<Caveat, string> = {
    partial_period: 'province did not exist for the whole period (merger of 1 July 2025)',
    not_harmonized: 'cannot be re-expressed in the new provinces',
    percent_only: 'known only as a percentage, no numerator and denominator (cannot be tested)',
    extracted: 'extracted from a text report',
    unreviewed: 'extracted from text, not yet reviewed',
    unreconciled: "the province's reports disagree",
    small_base: 'small denominator (under 30 cases)',
    target_uncertain: 'the target lies within the 95 % interval (met or missed is not certain)',
  };
  return (lang === 'en' ? en : vi)[cv];
}

