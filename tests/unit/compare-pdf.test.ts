/**
 * The printable pack: an A4 PDF whose first page is the leader's page, page numbers and the data
 * status in every footer, fonts embedded (DejaVu Sans: Vietnamese diacritics), checked with
 * poppler's pdfinfo / pdftotext / pdffonts as a reader's tools would see it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../functions/compare/pdf/pack.ts';
import { firstPage } from '../../functions/compare/digest/first-page.ts';
import { sampleComparison, worstCase } from './compare-sample.ts';

const dir = mkdtempSync(join(tmpdir(), 'chitieu-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdf(lang: 'vi' | 'en'): Promise<string> {
  const c = sampleComparison();
  const body = await renderPdf({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: false, graceDays: 10, lang });
  expect(Buffer.from(body.subarray(0, 5)).toString()).toBe('%PDF-');
  const file = join(dir, `pack-${lang}.pdf`);
  writeFileSync(file, body);
  return file;
}

const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

describe('the PDF briefing pack', () => {
  it('is A4 with page numbers, and its first page is the leader\'s page', async () => {
    const file = await pdf('vi');
    const info = run('pdfinfo', file);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(info).toContain('Bản tin so sánh giữa các tỉnh — Tháng 11/2024');
    const first = run('pdftotext', '-f', '1', '-l', '1', '-layout', file, '-');
    const c = sampleComparison();
    const behind = firstPage(c).behind[0];
    for (const w of ['Tỉnh còn chậm', 'Thay đổi đáng chú ý', 'Báo cáo', 'Tình trạng số liệu', 'Các chỉ tiêu chính', behind.name, c.outliers[0].unit_name, 'DỮ LIỆU MÔ PHỎNG', 'Kỳ chưa khoá sổ']) expect(first).toContain(w);
    expect(first).toContain(`Trang 1/${pages}`);
    const last = run('pdftotext', '-f', String(pages), '-l', String(pages), file, '-');
    expect(last).toContain(`Trang ${pages}/${pages}`);
    expect(last).toMatch(/chưa khoá sổ · 9\/10 báo cáo/);
    const fonts = run('pdffonts', file);
    expect(fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    // Nothing but the embedded DejaVu fonts (no Helvetica fallback that would drop diacritics).
    expect(fonts.split('\n').slice(2).filter((l) => l.trim() && !/DejaVuSans/.test(l))).toEqual([]);
  }, 60_000);

  it('the leader\'s page fits the first sheet even in the worst case', async () => {
    const file = join(dir, 'worst.pdf');
    writeFileSync(file, await renderPdf({ comparison: worstCase(), generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: false, graceDays: 10 }));
    const first = run('pdftotext', '-f', '1', '-l', '1', file, '-');
    expect(first).toContain('Các chỉ tiêu chính');
    expect(first).toContain('Tình trạng số liệu');
    expect(run('pdftotext', '-f', '2', '-l', '2', file, '-')).not.toContain('Tỉnh còn chậm');
  }, 60_000);

  it('in English on request', async () => {
    const file = await pdf('en');
    const first = run('pdftotext', '-f', '1', '-l', '1', file, '-');
    for (const w of ['Provinces behind', 'Notable changes', 'Key indicators', 'Page 1/']) expect(first).toContain(w);
    expect(first).not.toContain('Tỉnh còn chậm');
  }, 60_000);
});
