/**
 * Marks: a rank or verdict built on partial, extracted-unreviewed or unreconciled figures is
 * marked on the first page, in the details, the charts and the PDF; an extracted figure nobody has
 * reviewed gives no verdict, no level flag and no unusual-change flag of its own; the method
 * section says so in plain words.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { assembleComparison, type CompareAnswers } from '../../functions/compare/assemble.ts';
import { firstPage } from '../../functions/compare/digest/first-page.ts';
import { renderDigest } from '../../functions/compare/digest/render.ts';
import { renderPdf } from '../../functions/compare/pdf/pack.ts';
import { sampleAnswers } from './compare-sample.ts';

const RATE = 'crime_report_resolution_rate';

/** The sample with province 0's figure (which misses the target) extracted from text, reviewed or not. */
function withExtracted(reviewed: boolean): CompareAnswers {
  const a = sampleAnswers();
  const id = a.indicators[0].yoy[0].unit_id;
  a.values = a.values.map((v) => (v.unit_id === id && v.period === a.context.period ? { ...v, extracted: true, reviewed } : v));
  // The attainment analysis leaves an unreviewed figure out of its verdicts by default (contract 3).
  if (!reviewed) a.attainment = a.attainment.filter((r) => r.unit_id !== id);
  return a;
}

describe('an extracted figure', () => {
  it('unreviewed: shown and marked, but no verdict, no level flag, no unusual-change flag', () => {
    const a = withExtracted(false);
    const c = assembleComparison(a);
    const p = c.provinces.find((x) => x.indicator === RATE && x.unit_id === a.indicators[0].yoy[0].unit_id)!;
    expect(p, 'the province is in the table').toBeDefined();
    expect(p.value).not.toBeNull();
    expect(p.caveats).toContain('extracted');
    expect(p.caveats).toContain('unreviewed');
    expect(p.met).toBeNull();
    expect(p.level_flag).toBeNull();
    expect(p.shift_flag).toBeNull();
    expect(c.outliers.some((o) => o.unit_id === p.unit_id)).toBe(false);
    expect(c.movers.some((m) => m.unit_id === p.unit_id)).toBe(false);
    // The national figure counts it, so the key indicator is marked.
    expect(firstPage(c).keyIndicators.find((k) => k.indicator === RATE)!.marked).toBe(true);
  });

  it('reviewed: judged like any other, still marked as extracted', () => {
    const a = withExtracted(true);
    const id = a.indicators[0].yoy[0].unit_id;
    const c = assembleComparison(a);
    const p = c.provinces.find((x) => x.indicator === RATE && x.unit_id === id)!;
    expect(p.caveats).toContain('extracted');
    expect(p.caveats).not.toContain('unreviewed');
    expect(p.met).toBe(false);
  });
});

describe('marks on the page and in the PDF', () => {
  it('the first page, the details and the charts mark figures resting on unreconciled data', () => {
    const a = sampleAnswers();
    const c = assembleComparison(a);
    // Province 2's report disagrees with its units (the sample's reconciliation rows).
    const p2 = a.indicators[0].yoy[2];
    const row = c.provinces.find((x) => x.unit_id === p2.unit_id)!;
    expect(row.caveats).toContain('unreconciled');
    const doc = parseHTML(renderDigest({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 })).document;
    // Data status on the first page counts it.
    expect(doc.querySelector('#trang-dau')!.textContent).toContain('các báo cáo của tỉnh không khớp nhau: 1');
    // Details: in the caveats list under its caveat, and its chart label carries the mark.
    expect(doc.querySelector('#luu-y')!.textContent).toContain(p2.unit_name);
    const labels = Array.from(doc.querySelectorAll('#dat-chua-dat svg text')).map((t) => t.textContent ?? '');
    expect(labels.some((l) => l.endsWith(' *'))).toBe(true);
  });

  it('the method section explains the fairness method, reconciliation and the unreviewed default in Vietnamese', () => {
    const html = renderDigest({ comparison: assembleComparison(sampleAnswers()), generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 });
    const method = parseHTML(html).document.querySelector('#phuong-phap')!.textContent!;
    for (const w of ['biểu đồ phễu', 'Đối chiếu số liệu', 'chưa được cán bộ rà soát không được dùng để xếp hạng', 'Báo cáo gửi muộn']) expect(method).toContain(w);
  });

  it('the PDF marks the key indicator and the unreviewed figure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chitieu-marks-'));
    try {
      const file = join(dir, 'm.pdf');
      const c = assembleComparison(withExtracted(false));
      writeFileSync(file, await renderPdf({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 }));
      const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
      const nat = c.national.find((n) => n.indicator === RATE)!;
      expect(first).toMatch(new RegExp(`${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(nat.value!)}\\s%\\s\\*`));
      expect(first).toContain('trích từ văn bản, chưa được rà soát');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
