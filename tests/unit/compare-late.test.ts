/**
 * Late reports on the briefing: the due day is one number in the calendar data, which the
 * `timeliness` analysis' default follows; the first page counts late reports and names who sent
 * them, the details list them, and the `late` table carries them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../functions/compare/pdf/pack.ts';
import calendar from '../../data-schemas/calendar.json' with { type: 'json' };
import timeliness from '../../functions/queries/timeliness.json' with { type: 'json' };
import { firstPage } from '../../functions/compare/digest/first-page.ts';
import { renderDigest } from '../../functions/compare/digest/render.ts';
import { reportDueDays } from '../../functions/compare/report-due.ts';
import { tableRows } from '../../functions/compare/tables.ts';
import { assembleComparison } from '../../functions/compare/assemble.ts';
import { sampleAnswers, sampleComparison } from './compare-sample.ts';

describe('the due day', () => {
  it('is the calendar data\'s, and the timeliness analysis defaults to it', () => {
    expect(reportDueDays()).toBe(calendar.report_due.month.days_after_end);
    expect(timeliness.params.find((p) => p.name === 'due_days')!.default).toBe(calendar.report_due.month.days_after_end);
  });
});

describe('late reports on the briefing', () => {
  it('the first page counts them and names the province with how many', () => {
    const c = sampleComparison();
    const fp = firstPage(c);
    expect(fp.reports!.late).toEqual({ reports: 1, units: [`${c.late[0].province_name} (1)`], more: 0 });
    const html = renderDigest({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 });
    const first = html.slice(html.indexOf('id="trang-dau"'), html.indexOf('class="toc"'));
    expect(first).toContain(`báo cáo gửi muộn (quá ${reportDueDays()} ngày sau cuối tháng)`);
    expect(first).toContain(`${c.late[0].province_name} (1)`);
    // The details: the unit, the month and the days late.
    const details = html.slice(html.indexOf('id="gui-muon"'));
    expect(details).toContain(`${c.late[0].unit_name} (Tháng 11/2024: 3 ngày)`);
    expect(tableRows(c, 'late')).toEqual([expect.objectContaining({ unit_id: c.late[0].unit_id, month: '2024-11', days_late: 3, submitted_at: '2024-12-13T03:00:00.000Z' })]);
  });

  it('says none were late when none were, and nothing when lateness was not checked', () => {
    const none = assembleComparison({ ...sampleAnswers(), late: [] });
    expect(firstPage(none).reports!.late).toEqual({ reports: 0, units: [], more: 0 });
    expect(renderDigest({ comparison: none, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 })).toContain('Không có báo cáo nào gửi muộn.');
    const unchecked = assembleComparison({ ...sampleAnswers(), late: null });
    expect(firstPage(unchecked).reports!.late).toBeNull();
    expect(renderDigest({ comparison: unchecked, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 })).not.toContain('gửi muộn');
  });

  it('the PDF pack lists them with the unit, the month and the days late', async () => {
    const c = sampleComparison();
    const dir = mkdtempSync(join(tmpdir(), 'chitieu-late-'));
    try {
      const file = join(dir, 'l.pdf');
      writeFileSync(file, await renderPdf({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 }));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const at = text.indexOf('Báo cáo gửi muộn\n');
      expect(at).toBeGreaterThan(0);
      expect(text.slice(at)).toMatch(new RegExp(`${c.late[0].unit_name}\\s+Tháng 11/2024\\s+3`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
