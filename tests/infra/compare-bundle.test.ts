/**
 * The compare function's bundle as the stack builds it (the copyFiles of infra/chitieu-stack.ts):
 * the PDF library stays out of the cold start, the fonts and their licence travel with the code,
 * the zip stays under 5 MB, and the lazily loaded PDF chunk writes a pack outside the repository
 * (no node_modules to fall back on) from the fonts in the bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { initialInputs, type CopyFiles } from '../../infra/bundling/lambda-bundle.ts';
import { bundleForSuite } from './suite-bundle.ts';
import { filesUnder } from '../helpers/files.ts';
import { LAMBDA_NODE_OPTIONS } from '../../infra/constructs/chitieu-function.ts';
import { sampleComparison } from '../unit/compare-sample.ts';

/** The compare function's copyFiles, read from the stack's source (what `cdk synth` bundles). */
function compareCopyFiles(): CopyFiles[] {
  const text = readFileSync(join(import.meta.dirname, '../../infra/chitieu-stack.ts'), 'utf8');
  const at = text.indexOf("entry: 'functions/compare/lambda.ts'");
  const block = text.slice(at, text.indexOf('deadLetterQueue', at));
  return [...block.matchAll(/\{ fromDir: '([^']+)', pattern: '([^']+)'(?:, toDir: '([^']+)')? \}/g)].map((m) => ({ fromDir: m[1], pattern: m[2], ...(m[3] ? { toDir: m[3] } : {}) }));
}

const compare = bundleForSuite('functions/compare/lambda.ts', 'compare', compareCopyFiles());

describe('compare function bundle', () => {
  it('carries the fonts and their licence; neither pdfkit nor the charts (Plot, linkedom) load at a cold start', () => {
    expect(readdirSync(join(compare.outDir, 'fonts')).sort()).toEqual(['DejaVuSans-Bold.ttf', 'DejaVuSans.ttf', 'LICENSE']);
    const inputs = initialInputs(compare.bundle);
    expect(inputs).toContain('functions/compare/lambda.ts');
    expect(inputs.filter((i) => /node_modules\/(pdfkit|fontkit|svg-to-pdfkit|linebreak|@observablehq|linkedom)\//.test(i) || /^functions\/compare\/(pdf|digest)\//.test(i))).toEqual([]);
    const all = Object.values(compare.bundle.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes('node_modules/pdfkit/'))).toBe(true);
  });

  it('zips to at most 5 MB', () => {
    const files = Object.fromEntries(filesUnder(compare.outDir, '').map((f) => [f, readFileSync(join(compare.outDir, f))]));
    expect(zipSync(files, { level: 6 }).length).toBeLessThanOrEqual(5 * 2 ** 20);
  });

  it('the PDF chunk writes an A4 pack outside the repository, from the bundled fonts', () => {
    const chunk = readdirSync(join(compare.outDir, 'chunks')).find((f) => f.startsWith('pack-') && f.endsWith('.mjs'))!;
    expect(chunk).toBeDefined();
    writeFileSync(join(compare.root, 'comparison.json'), JSON.stringify(sampleComparison()));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { readFileSync, writeFileSync } from 'node:fs';
      const { renderPdf } = await import(${JSON.stringify(pathToFileURL(join(compare.outDir, 'chunks', chunk)).href)});
      const body = await renderPdf({ comparison: JSON.parse(readFileSync('comparison.json', 'utf8')), generatedAt: '2026-11-21T03:00:00Z', runId: 'r', closed: true, graceDays: 10 });
      writeFileSync('pack.pdf', body);`], {
      cwd: compare.root,
      env: { ...process.env, NODE_OPTIONS: LAMBDA_NODE_OPTIONS, LAMBDA_TASK_ROOT: compare.outDir, CHITIEU_FONT_DIR: '' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const info = execFileSync('pdfinfo', [join(compare.root, 'pack.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/\(A4\)/);
    expect(execFileSync('pdftotext', ['-l', '1', join(compare.root, 'pack.pdf'), '-'], { encoding: 'utf8' })).toContain('Tỉnh còn chậm');
  }, 60_000);
});
