/**
 * The leader's first page and the digest's wording: who is behind on what, what changed, the
 * data status; no internal names, no "−0"; English on request with no Vietnamese left in the
 * page's own words.
 */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { FIRST_PAGE_LIMITS, firstPage } from '../../functions/compare/digest/first-page.ts';
import { pp, relPct, signedNum, sourceText } from '../../functions/compare/digest/format.ts';
import { renderDigest } from '../../functions/compare/digest/render.ts';
import { sampleComparison } from './compare-sample.ts';

const render = (lang: 'vi' | 'en') => renderDigest({ comparison: sampleComparison(), generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10, lang });

describe('numbers', () => {
  it('a change that rounds to zero has no sign', () => {
    expect(pp(-0.04)).toBe('0,0\u00a0điểm\u00a0%');
    expect(pp(0.04)).toBe('0,0\u00a0điểm\u00a0%');
    expect(pp(-0.06)).toBe('−0,1\u00a0điểm\u00a0%');
    expect(relPct(-0.01)).toBe('0,0\u00a0%');
    expect(signedNum(-0.001, 1)).toBe('0,0');
  });

  it('target sources lose references to the project\'s own documents', () => {
    expect(sourceText('Thường được trích dẫn / often quoted (DOMAIN.md §3)')).toBe('Thường được trích dẫn');
    expect(sourceText('DOMAIN.md §3: không để tạm giam quá hạn / overdue detentions should be zero', 'en')).toBe('overdue detentions should be zero');
  });
});

describe('the first page', () => {
  it('names the province behind on its indicator, and the flagged change', () => {
    const c = sampleComparison();
    const fp = firstPage(c);
    const missed = c.provinces.filter((p) => p.met === false).map((p) => p.unit_name);
    // At most FIRST_PAGE_LIMITS.provinces named; the rest counted.
    expect(fp.behind.length).toBe(Math.min(FIRST_PAGE_LIMITS.provinces, new Set(missed).size));
    expect(fp.behind.length + fp.behindMore).toBe(new Set(missed).size);
    for (const b of fp.behind) expect(missed).toContain(b.name);
    expect(fp.behind[0].items[0].text).toMatch(/chỉ tiêu > 90,0/);
    // The planted +15 points in the sample is the one flagged change.
    expect(fp.shifts.map((s) => s.name)).toEqual(c.outliers.map((o) => o.unit_name));
    expect(fp.reports!.received).toBe(9);
  });

  it('comes first in the page, before the details, with links to them', () => {
    const d = parseHTML(render('vi')).document;
    const main = d.querySelector('main')!;
    const sections = Array.from(main.querySelectorAll('section')).map((s) => s.id);
    expect(sections[0]).toBe('trang-dau');
    const fpText = d.querySelector('#trang-dau')!.textContent!;
    for (const w of ['Tỉnh còn chậm', 'Thay đổi đáng chú ý', 'Báo cáo', 'Tình trạng số liệu', 'Các chỉ tiêu chính']) expect(fpText).toContain(w);
    for (const a of Array.from(d.querySelectorAll('#trang-dau a'))) {
      const id = a.getAttribute('href')!.slice(1);
      expect(d.getElementById(id), id).not.toBeNull();
    }
  });

  it('has no internal names and no negative zero', () => {
    for (const lang of ['vi', 'en'] as const) {
      const page = render(lang);
      expect(page).not.toMatch(/DOMAIN\.md|national: national|ranking: ranking|robust-z|provinces_all|\.parquet/);
      expect(page).not.toMatch(/[−-]0,0\u00a0(điểm|pts|%)/);
    }
  });

  it('in English on request, with the method in both languages', () => {
    const en = parseHTML(render('en')).document;
    expect(en.documentElement.getAttribute('lang')).toBe('en');
    const text = en.querySelector('main')!.textContent!;
    for (const w of ['Provinces behind', 'Notable changes', 'Key indicators', 'Method', 'Control limits']) expect(text).toContain(w);
    for (const w of ['Tỉnh còn chậm', 'Cách tính', 'Chưa đạt', 'So với cùng kỳ']) expect(text).not.toContain(w);
    const vi = parseHTML(render('vi')).document.querySelector('#phuong-phap')!.textContent!;
    expect(vi).toContain('Giới hạn kiểm soát');
    expect(vi).toContain('dao động ngẫu nhiên');
  });
});

describe('figures that disagree (reconciliation)', () => {
  it('are marked on the province and listed, largest first, on the first page and in their section', () => {
    const c = sampleComparison();
    expect(c.reconciliation_checked).toBe(true);
    expect(c.disagreements.map((d) => d.unit_id)).toEqual([c.provinces.find((p) => p.unit_id === c.disagreements[0].unit_id)!.unit_id]);
    const p = c.provinces.find((x) => x.unit_id === c.disagreements[0].unit_id)!;
    expect(p.caveats).toContain('unreconciled');
    const d = parseHTML(render('vi')).document;
    expect(d.querySelector('#trang-dau')!.textContent).toContain('số liệu mà các báo cáo không khớp nhau');
    const section = d.querySelector('#khong-khop')!.textContent!;
    expect(section).toContain(p.unit_name);
    expect(section).toContain('+2,8\u00a0điểm\u00a0%');
  });
});
