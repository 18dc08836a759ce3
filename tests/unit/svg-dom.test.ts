/**
 * The digest's charts drawn on the minimal DOM (functions/compare/digest/svg-dom.ts) are the same
 * bytes as drawn on linkedom, which the charts used before: every chart shape (rates with dots,
 * counts with bars, changes either way), with and without national line and target, missing
 * values, outliers, and names that need escaping.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { indicators, type Indicator } from '../../functions/core/catalog.ts';
import { provincesAt } from '../../functions/core/units.ts';
import type { ProvinceRow } from '../../functions/compare/types.ts';
import { svgDocument } from '../../functions/compare/digest/svg-dom.ts';

type Charts = typeof import('../../functions/compare/digest/charts.ts');

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_NAMES = ['A & B <i>', 'Tỉnh "Mới"', "Hoà Bình's", 'Khu\u00a0vực 3 – Cần Thơ', '&amp; đã thoát'];

function rowsFor(ind: Indicator, seed: number, n: number): ProvinceRow[] {
  const r = random(seed);
  const provinces = provincesAt(seed % 2 ? '2024-06-01' : '2025-08-01').slice(0, n);
  const isRate = ind.kind === 'rate';
  return provinces.map((p, i) => {
    const value = r() < 0.1 ? null : isRate ? 60 + r() * 40 : Math.round(r() * 5000);
    const change = r() < 0.15 ? null : (r() - 0.5) * (isRate ? 20 : 80);
    return {
      indicator: ind.code, unit_id: p.id, unit_name: i < ODD_NAMES.length && seed % 3 === 0 ? ODD_NAMES[i] : p.name,
      value, rank: value === null ? null : i + 1, ranked: n, percentile: null, quartile: null,
      prior_value: null, change_prior: null, change_prior_pct: null, last_year_value: null,
      change_last_year: isRate ? change : null, change_last_year_pct: isRate ? null : change,
      robust_z: null, outlier: r() < 0.1, target_threshold: null,
      met: r() < 0.3 ? null : r() < 0.5, partial_period: false,
    };
  });
}

/** Every chart of a set of inputs, drawn with the charts module as loaded now. */
function drawAll(charts: Charts): string[] {
  const out: string[] = [];
  const list = indicators();
  const pick = [
    list.find((i) => i.kind === 'rate' && i.targets.length > 0)!,
    list.find((i) => i.kind === 'rate' && i.targets.length === 0) ?? list.find((i) => i.kind === 'rate')!,
    list.find((i) => i.kind !== 'rate' && i.direction === 'lower_is_better') ?? list.find((i) => i.kind !== 'rate')!,
    list.find((i) => i.kind !== 'rate' && i.direction === 'higher_is_better') ?? list[0],
    list.find((i) => i.direction === 'neutral') ?? list[1],
  ];
  pick.forEach((indicator, k) => {
    for (const [seed, n] of [[k * 10 + 1, 63], [k * 10 + 3, 34], [k * 10 + 6, 5]] as const) {
      const rows = rowsFor(indicator, seed, n);
      const target = indicator.targets[0] ?? null;
      out.push(charts.rankingChart({ indicator, rows, national: seed % 2 ? 81.5 : null, target }).value);
      out.push(charts.rankingChart({ indicator, rows, national: 1234.5, target: null }).value);
      out.push(charts.changeChart({ indicator, rows })?.value ?? '(no chart)');
    }
  });
  const none = pick[0];
  out.push(charts.changeChart({ indicator: none, rows: rowsFor(none, 2, 3).map((r) => ({ ...r, change_last_year: null, change_last_year_pct: null })) })?.value ?? '(no chart)');
  return out;
}

afterEach(() => {
  vi.doUnmock('../../functions/compare/digest/svg-dom.ts');
  vi.resetModules();
});

describe('minimal SVG document for Plot', () => {
  it('draws every digest chart byte for byte as linkedom did', async () => {
    const mini = drawAll(await import('../../functions/compare/digest/charts.ts'));
    vi.resetModules();
    vi.doMock('../../functions/compare/digest/svg-dom.ts', () => ({
      svgDocument: () => parseHTML('<!doctype html><html><body></body></html>').document,
    }));
    const withLinkedom = drawAll(await import('../../functions/compare/digest/charts.ts'));
    expect(mini.length).toBe(withLinkedom.length);
    expect(mini.filter((s) => s.startsWith('<svg')).length).toBeGreaterThan(40);
    // The escaping paths are exercised: markup characters and no-break spaces in names and values.
    expect(mini.join('')).toContain('A &amp; B &lt;i&gt;');
    expect(mini.join('')).toContain('&#160;');
    for (let i = 0; i < mini.length; i++) expect(mini[i], `chart ${i}`).toBe(withLinkedom[i]);
  });

  it('escapes text and attribute values, keeps attributes newest first, self-closes empty SVG elements', () => {
    const doc = svgDocument();
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'c');
    svg.setAttribute('aria-label', 'a "b" & <c>');
    svg.setAttribute('class', 'd');
    (svg as unknown as { style: Record<string, string> }).style.fontSize = '11px';
    const t = svg.appendChild(doc.createElementNS('http://www.w3.org/2000/svg', 'text'));
    t.textContent = 'x < y & z\u00a0%';
    svg.appendChild(doc.createElementNS('http://www.w3.org/2000/svg', 'path'));
    t.appendChild(doc.createElementNS('http://www.w3.org/2000/svg', 'title')).textContent = "it's \"quoted\"";
    expect(svg.outerHTML).toBe(
      '<svg style="font-size:11px" aria-label="a &quot;b&quot; & <c>" class="d"><text>x &lt; y &amp; z&#160;%<title>it\'s "quoted"</title></text><path /></svg>',
    );
  });

  it('moves a node that is inserted elsewhere, and removes it', () => {
    const doc = svgDocument();
    const ns = 'http://www.w3.org/2000/svg';
    const g1 = doc.createElementNS(ns, 'g');
    const g2 = doc.createElementNS(ns, 'g');
    const a = g1.appendChild(doc.createElementNS(ns, 'a'));
    const b = g1.appendChild(doc.createElementNS(ns, 'b'));
    g1.insertBefore(b, a);
    expect(g1.outerHTML).toBe('<g><b /><a /></g>');
    g2.appendChild(a);
    expect([g1.outerHTML, g2.outerHTML, a.parentNode === g2]).toEqual(['<g><b /></g>', '<g><a /></g>', true]);
    b.remove();
    expect(g1.outerHTML).toBe('<g />');
  });
});
