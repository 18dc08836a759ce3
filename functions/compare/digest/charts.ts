/**
 * Charts for the digest: Observable Plot rendered on the server into SVG, with linkedom as Plot's
 * `document` (no browser, no network), then inlined in the HTML. Text from data reaches the SVG
 * only as DOM text nodes, which the serializer escapes.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Indicator, Target } from '../../core/catalog.ts';
import type { ProvinceRow } from '../types.ts';
import { trusted, type Html } from './html.ts';
import { comparator, num, signedNum, value as fmtValue, type Lang } from './format.ts';
import { isMarked } from './first-page.ts';

export const COLORS = { met: '#1b7f3b', missed: '#c0392b', neutral: '#3b6ea8', national: '#222', target: '#c0392b' };

function newDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

function serialize(node: Element | SVGSVGElement | HTMLElement): Html {
  return trusted((node as Element).outerHTML);
}

export interface RankingChartInput {
  indicator: Indicator;
  rows: ProvinceRow[];
  national: number | null;
  target: Target | null;
  lang?: Lang;
}

/** The font the charts name: the page's own (the PDF registers DejaVu Sans under this name). */
export const CHART_FONT = '"DejaVu Sans", system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';

/** What every digest chart shares: drawn into a fresh server-side document, the page's width, room for province names, the page's font. */
function frame(height: number) {
  return {
    document: newDocument(),
    width: 760,
    height,
    marginLeft: 150,
    marginRight: 70,
    marginBottom: 40,
    style: { fontFamily: CHART_FONT, fontSize: '11px' },
  };
}

/**
 * Provinces ranked on one indicator: dots on a zoomed axis for rates (bars from zero would hide
 * the differences between 88 % and 95 %), bars from zero for counts. Coloured đạt / chưa đạt when
 * the indicator has a target; the national value and the target as rules.
 */
export function rankingChart({ indicator, rows, national, target, lang = 'vi' }: RankingChartInput): Html {
  const en = lang === 'en';
  const isRate = indicator.kind === 'rate';
  const data = rows.filter((r) => r.value !== null).map((r) => ({
    name: r.unit_name,
    value: r.value as number,
    lo: r.ci_low,
    hi: r.ci_high,
    status: r.met === null ? 'neutral' : r.met ? 'met' : 'missed',
    // A value whose rank or verdict rests on partial, unreviewed or unreconciled figures is marked as in the tables.
    label: `${fmtValue(r.value, indicator.unit, lang)}${isMarked(r) ? ' *' : ''}`,
    title: `${r.unit_name}: ${fmtValue(r.value, indicator.unit, lang)}${r.rank ? ` · ${en ? 'rank' : 'hạng'} ${rankText(r)}/${r.ranked}` : ''}${r.met === null ? '' : r.met ? (en ? ' · met' : ' · đạt') : en ? ' · missed' : ' · chưa đạt'}`,
  }));
  const values = data.map((d) => d.value);
  const refs = [isRate ? national : null, target?.threshold].filter((x): x is number => x !== null && x !== undefined);
  const lo = Math.min(...values, ...refs);
  const hi = Math.max(...values, ...refs);
  const pad = Math.max((hi - lo) * 0.08, isRate ? 1 : 0);
  const domain: [number, number] = isRate ? [Math.max(0, lo - pad), Math.min(100, hi + pad)] : [0, hi * 1.12 || 1];
  const order = data.map((d) => d.name); // rows arrive in rank order
  const fill = (d: { status: string }) => COLORS[d.status as 'met' | 'missed' | 'neutral'];
  const marks: Plot.Markish[] = [Plot.gridX({ stroke: '#ddd', strokeOpacity: 1 })];
  if (isRate) {
    // The 95 % interval as a grey bar behind the dot: a small province's figure is a wide bar.
    const withCi = data.filter((d) => d.lo !== null && d.hi !== null).map((d) => ({ ...d, lo: Math.max(domain[0], d.lo as number), hi: Math.min(domain[1], d.hi as number) }));
    marks.push(
      Plot.ruleY(withCi, { y: 'name', x1: 'lo', x2: 'hi', stroke: '#b8c2cf', strokeWidth: 3 }),
      Plot.dot(data, { y: 'name', x: 'value', fill, r: 4, title: 'title' }),
    );
  } else {
    marks.push(Plot.barX(data, { y: 'name', x: 'value', fill, title: 'title' }));
  }
  marks.push(Plot.text(data, { y: 'name', x: 'value', text: 'label', dx: 8, textAnchor: 'start', fontSize: 10 }));
  // Reference lines, each labelled on its own row above the plot (so two close lines never
  // overlap), the label running away from the nearer edge. A count's national value is the sum of
  // the provinces, not comparable with one province: only rates get the national line.
  const refLines: { x: number; text: string; color: string; dash?: string; width?: number }[] = [];
  if (national !== null && isRate) refLines.push({ x: national, text: `${en ? 'National' : 'Toàn quốc'} ${fmtValue(national, indicator.unit, lang)}`, color: COLORS.national, dash: '4,3' });
  if (target) refLines.push({ x: target.threshold, text: `${en ? 'Target' : 'Chỉ tiêu'} ${comparator(target.comparator)} ${fmtValue(target.threshold, indicator.unit, lang)}`, color: COLORS.target, width: 1.5 });
  refLines.forEach((ref, i) => {
    const right = ref.x < (domain[0] + domain[1]) / 2;
    marks.push(
      Plot.ruleX([ref.x], { stroke: ref.color, strokeDasharray: ref.dash, strokeWidth: ref.width ?? 1 }),
      Plot.text([ref.x], { x: (d: number) => d, frameAnchor: 'top', dy: -8 - 13 * i, dx: right ? 4 : -4, textAnchor: right ? 'start' : 'end', text: () => ref.text, fill: ref.color, fontSize: 10, fontWeight: 600 }),
    );
  });
  const svg = Plot.plot({
    ...frame(Math.max(120, data.length * 17 + 70)),
    marginTop: 36,
    ariaLabel: en ? `Provinces ranked: ${indicator.name_en}` : `Xếp hạng các tỉnh: ${indicator.name_vi}`,
    x: { domain, label: isRate ? (en ? 'Rate (%)' : 'Tỷ lệ (%)') : en ? 'Count' : 'Số lượng', tickFormat: (d: number) => num(d, 1), grid: false },
    y: { domain: order, label: null },
    marks,
  });
  return serialize(svg as unknown as Element);
}

export interface ChangeChartInput {
  indicator: Indicator;
  rows: ProvinceRow[];
  lang?: Lang;
}

/** "3" or, when the intervals allow several places, "3 (2–7)". */
export function rankText(r: Pick<ProvinceRow, 'rank' | 'rank_best' | 'rank_worst'>): string {
  if (r.rank === null) return '–';
  return r.rank_best !== null && r.rank_worst !== null && r.rank_best !== r.rank_worst ? `${r.rank} (${r.rank_best}–${r.rank_worst})` : String(r.rank);
}

/** Change against the same period last year, per province (diverging bars, points or percent). */
export function changeChart({ indicator, rows, lang = 'vi' }: ChangeChartInput): Html | null {
  const en = lang === 'en';
  const isRate = indicator.kind === 'rate';
  const data = rows
    .map((r) => ({ name: r.unit_name, change: isRate ? r.change_last_year : r.change_last_year_pct, outlier: r.outlier }))
    .filter((d): d is { name: string; change: number; outlier: boolean } => d.change !== null)
    .sort((a, b) => b.change - a.change);
  if (data.length === 0) return null;
  const better = (c: number) => (indicator.direction === 'lower_is_better' ? c < 0 : indicator.direction === 'higher_is_better' ? c > 0 : null);
  const svg = Plot.plot({
    ...frame(Math.max(100, data.length * 15 + 60)),
    ariaLabel: en ? `Change against the same period last year: ${indicator.name_en}` : `Thay đổi so với cùng kỳ năm trước: ${indicator.name_vi}`,
    x: { label: isRate ? (en ? 'Change (pts)' : 'Thay đổi (điểm %)') : en ? 'Change (%)' : 'Thay đổi (%)', tickFormat: (d: number) => num(d, 1), grid: true },
    y: { domain: data.map((d) => d.name), label: null },
    marks: [
      Plot.barX(data, {
        y: 'name', x: 'change',
        fill: (d: { change: number }) => { const g = better(d.change); return g === null ? COLORS.neutral : g ? COLORS.met : COLORS.missed; },
        stroke: (d: { outlier: boolean }) => (d.outlier ? '#000' : 'none'),
        title: (d: { name: string; change: number; outlier: boolean }) => `${d.name}: ${signedNum(d.change, 1)}${isRate ? (en ? ' pts' : ' điểm %') : ' %'}${d.outlier ? (en ? ' · unusual' : ' · bất thường') : ''}`,
      }),
      Plot.ruleX([0], { stroke: '#444' }),
    ],
  });
  return serialize(svg as unknown as Element);
}
