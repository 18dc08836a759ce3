/**
 * The comparison's moment (contract 4) without an engine: how a given as_of becomes the instant
 * recorded, what is refused, and where the digest, the PDF pack and the tables say it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAsOf } from '../../functions/compare/as-of.ts';
import { CompareError } from '../../functions/compare/compare-error.ts';
import { renderDigest } from '../../functions/compare/digest/render.ts';
import { renderPdf } from '../../functions/compare/pdf/pack.ts';
import { COMPARE_TABLES, tableRows, type CompareTableName } from '../../functions/compare/tables.ts';
import { sampleComparison } from './compare-sample.ts';

const STARTED = new Date('2026-11-21T03:00:00.000Z');

describe('resolveAsOf', () => {
  it('defaults to the moment the run starts, to the millisecond', () => {
    expect(resolveAsOf(undefined, new Date('2026-11-21T03:00:00.123Z'))).toBe('2026-11-21T03:00:00.123Z');
  });

  it('reads a date as the end of that day in Vietnam (UTC+7)', () => {
    expect(resolveAsOf('2025-11-05', STARTED)).toBe('2025-11-05T16:59:59.999Z');
    expect(resolveAsOf('2024-02-29', STARTED)).toBe('2024-02-29T16:59:59.999Z');
  });

  it('reads timestamps with their zone', () => {
    expect(resolveAsOf('2025-11-05T08:00:00Z', STARTED)).toBe('2025-11-05T08:00:00.000Z');
    expect(resolveAsOf('2025-11-05T15:00:00+07:00', STARTED)).toBe('2025-11-05T08:00:00.000Z');
    expect(resolveAsOf('2025-11-05T08:00:00.250Z', STARTED)).toBe('2025-11-05T08:00:00.250Z');
  });

  it('refuses a timestamp without a zone, an impossible date and a moment not reached yet', () => {
    for (const bad of ['2025-11-05T08:00:00', '2025-02-30', '5/11/2025', 'latest', '2026-11-21T03:00:01Z']) {
      expect(() => resolveAsOf(bad, STARTED), bad).toThrow(CompareError);
    }
    try {
      resolveAsOf('2025-11-05T08:00:00', STARTED);
    } catch (e) {
      expect((e as CompareError).message_vi).toMatch(/múi giờ/);
      expect((e as CompareError).message_en).toMatch(/zone/);
    }
  });
});

describe('the recorded moment in the outputs', () => {
  const c = { ...sampleComparison(), as_of: '2026-11-20T09:15:30.500Z' };

  it('every table row carries it', () => {
    for (const name of Object.keys(COMPARE_TABLES) as CompareTableName[]) {
      for (const r of tableRows(c, name)) expect((r as { as_of: string }).as_of, name).toBe(c.as_of);
    }
  });

  it('the digest says it under the title in Vietnam time, and the exact moment for a re-run', () => {
    const vi = renderDigest({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 });
    expect(vi).toContain('Số liệu tính đến 20/11/2026 16:15 (giờ Việt Nam)');
    expect(vi).toContain('2026-11-20T09:15:30.500Z');
    const en = renderDigest({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10, lang: 'en' });
    expect(en).toContain('Figures as of 20/11/2026 16:15 (Vietnam time)');
    expect(en).not.toContain('Số liệu tính đến');
  });

  it('the PDF pack says it on the first page and in every footer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chitieu-asof-pdf-'));
    try {
      const file = join(dir, 'b.pdf');
      writeFileSync(file, await renderPdf({ comparison: c, generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 }));
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
      const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
      expect(first).toContain('Số liệu tính đến 20/11/2026 16:15');
      for (let i = 1; i <= pages; i++) {
        const page = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), file, '-'], { encoding: 'utf8' });
        expect(page, `page ${i}`).toContain('số liệu đến 20/11/2026 16:15');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a comparison without a moment says nothing about one', () => {
    const html = renderDigest({ comparison: sampleComparison(), generatedAt: '2026-11-21T03:00:00Z', runId: 'r1', closed: true, graceDays: 10 });
    expect(html).not.toContain('Số liệu tính đến');
  });
});
