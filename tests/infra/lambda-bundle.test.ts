/**
 * The Lambda bundles' cold start (issue 7: cold import ≤ 150 ms): what the bundler puts on the
 * import path of the ingest handler, that the lazy chunks still load outside the repository, and
 * that the trimmed source maps still map our code.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleLambda, initialInputs } from '../../infra/bundling/lambda-bundle.ts';
import { bundleForSuite } from './suite-bundle.ts';
import { filesUnder } from '../helpers/files.ts';
import { trimSourceMap } from '../../infra/bundling/trim-source-map.ts';
import { encode } from '@jridgewell/sourcemap-codec';
import { LAMBDA_NODE_OPTIONS } from '../../infra/constructs/chitieu-function.ts';
import { parseText } from '../../functions/core/parse/text.ts';
import { parseXlsx } from '../../functions/core/parse/xlsx.ts';
import { buildXlsxTemplate } from '../../functions/core/template/xlsx-template.ts';
import { fillTemplate } from '../fixtures/xlsx/build.ts';

const ingest = bundleForSuite('functions/ingest/lambda.ts', 'ingest');

function node(code: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: LAMBDA_NODE_OPTIONS, AWS_REGION: 'ap-southeast-1', ...env },
    encoding: 'utf8',
  });
}

describe('ingest handler bundle', () => {
  it('leaves the XLSX, DOCX and legacy-text parsers out of what a cold start loads', () => {
    const inputs = initialInputs(ingest.bundle);
    expect(inputs).toContain('functions/ingest/lambda.ts');
    expect(inputs).toContain('functions/core/parse/json.ts');
    const heavy = inputs.filter((i) => /node_modules\/(exceljs|mammoth|iconv-lite|jszip|unzipper|bluebird)\//.test(i) || /functions\/core\/parse\/(xlsx|docx|text)\.ts$/.test(i));
    expect(heavy).toEqual([]);
    // …while they are in the bundle, for the first upload that needs them.
    const all = Object.values(ingest.bundle.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes('node_modules/exceljs/'))).toBe(true);
  });

  it('loads at most 1.5 MB of code at import (was 2.9 MB as one file)', () => {
    expect(ingest.bundle.initial).toContain('index.mjs');
    expect(ingest.bundle.initialBytes).toBeLessThan(1.5 * 2 ** 20);
  });

  it('every chunk, lazy ones included, loads in a fresh node outside the repository', () => {
    const chunks = readdirSync(join(ingest.outDir, 'chunks')).filter((f) => f.endsWith('.mjs'));
    expect(chunks.length).toBeGreaterThan(3);
    const urls = ['index.mjs', ...chunks.map((c) => `chunks/${c}`)].map((f) => pathToFileURL(join(ingest.outDir, f)).href);
    const r = node(`for (const u of ${JSON.stringify(urls)}) await import(u); console.log('ok');`, ingest.root);
    expect(r.stderr.split('\n').filter((l) => /Error/.test(l))).toEqual([]);
    expect(r.stdout.trim()).toBe('ok');
  }, 60_000);

  it('the lazily loaded XLSX and legacy-text parsers parse as the sources do (exceljs, iconv-lite inside the bundle)', async () => {
    const xlsx = await fillTemplate(await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-H1' }), { conclusions_issued: { value: 7 } }, { date: '2024-06-05' });
    const txtName = readdirSync(join(import.meta.dirname, '../fixtures/narrative')).find((f) => f.endsWith('.txt'))!;
    const txt = readFileSync(join(import.meta.dirname, '../fixtures/narrative', txtName));
    writeFileSync(join(ingest.root, 'in.xlsx'), xlsx);
    writeFileSync(join(ingest.root, 'in.txt'), txt);
    const chunk = (name: string) => `./chunks/${readdirSync(join(ingest.outDir, 'chunks')).find((f) => f.startsWith(`${name}-`) && f.endsWith('.mjs'))}`;
    const r = node(
      `import { readFileSync } from 'node:fs';
       const { parseXlsx } = await import(${JSON.stringify(chunk('xlsx'))});
       const { parseText } = await import(${JSON.stringify(chunk('text'))});
       const x = await parseXlsx(new Uint8Array(readFileSync('../in.xlsx')), 'in.xlsx');
       const t = await parseText(new Uint8Array(readFileSync('../in.txt')), ${JSON.stringify(txtName)});
       console.log(JSON.stringify({ x: x.reports, t: t.reports }));`,
      ingest.outDir,
    );
    expect(r.stderr.split('\n').filter((l) => /Error/.test(l))).toEqual([]);
    const bundled = JSON.parse(r.stdout) as { x: unknown[]; t: unknown[] };
    const x = await parseXlsx(xlsx, 'in.xlsx');
    const t = await parseText(new Uint8Array(txt), txtName);
    expect(x.reports.length).toBeGreaterThan(0);
    expect(t.reports.length).toBeGreaterThan(0);
    expect(bundled).toEqual(JSON.parse(JSON.stringify({ x: x.reports, t: t.reports })));
  }, 60_000);

  it('maps a stack trace of our code to the TypeScript source (NODE_OPTIONS as deployed)', () => {
    const r = node(`const m = await import('./index.mjs'); try { await m.handler({ Records: [] }); } catch (e) { console.log(e.stack); }`, ingest.outDir, { WAREHOUSE_BUCKET: '' });
    expect(r.stdout).toMatch(/missing environment variable WAREHOUSE_BUCKET/);
    expect(r.stdout).toMatch(/functions\/ingest\/lambda\.ts:\d+:\d+/);
  }, 30_000);

  it('ships source maps of our code only', () => {
    const maps = [join(ingest.outDir, 'index.mjs.map'), ...readdirSync(join(ingest.outDir, 'chunks')).filter((f) => f.endsWith('.map')).map((f) => join(ingest.outDir, 'chunks', f))];
    const sources = maps.flatMap((m) => (JSON.parse(readFileSync(m, 'utf8')) as { sources: string[] }).sources);
    expect(sources.some((s) => s.endsWith('functions/ingest/ingest-file.ts'))).toBe(true);
    expect(sources.filter((s) => s.includes('node_modules') || s.endsWith('.json'))).toEqual([]);
  });
});

describe('bundleLambda', () => {
  it('writes the same bytes wherever the bundle goes (stable asset hash: no redeployment without a change)', async () => {
    const read = (dir: string) => Object.fromEntries(filesUnder(dir, '').map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const a = join(ingest.root, 'a');
    const b = join(ingest.root, 'b', 'deeper', 'still');
    await bundleLambda('functions/compact/lambda.ts', a);
    await bundleLambda('functions/compact/lambda.ts', b);
    expect(read(b)).toEqual(read(a));
  }, 60_000);
});

describe('trimSourceMap', () => {
  // Generated line 0: col 0 → ours.ts 1:0, col 10 → node_modules/dep.js 5:2 (name "x"),
  // col 20 → ours.ts 2:4 (name "y"); line 1: col 0 → dep only; line 2: col 3 → ours.ts 7:1.
  const map = {
    version: 3,
    sources: ['src/ours.ts', 'node_modules/dep/dep.js'],
    names: ['x', 'y'],
    mappings: encode([
      [[0, 0, 0, 0], [10, 1, 4, 2, 0], [20, 0, 1, 4, 1]],
      [[0, 1, 11, 4]],
      [[3, 0, 6, 1]],
    ]),
  };

  it('keeps our mappings exactly and leaves the dependency unmapped', () => {
    const t = trimSourceMap(map, (s) => !s.includes('node_modules'), (s) => `renamed/${s}`)!;
    expect(t.sources).toEqual(['renamed/src/ours.ts']);
    expect(t.names).toEqual(['y']);
    const sm = new SourceMap({ file: '', sourceRoot: '', sourcesContent: [], ...t } as SourceMapPayload);
    expect(sm.findEntry(0, 0)).toMatchObject({ originalSource: 'renamed/src/ours.ts', originalLine: 0, originalColumn: 0 });
    expect(sm.findEntry(0, 25)).toMatchObject({ originalSource: 'renamed/src/ours.ts', originalLine: 1, originalColumn: 4, name: 'y' });
    expect(sm.findEntry(2, 5)).toMatchObject({ originalSource: 'renamed/src/ours.ts', originalLine: 6, originalColumn: 1 });
    // Column 12 is the dependency's code: not attributed to ours.ts 1:0.
    expect((sm.findEntry(0, 12) as { originalSource?: string }).originalSource).toBeUndefined();
  });

  it('drops a map with nothing of ours', () => {
    expect(trimSourceMap(map, () => false)).toBeUndefined();
    expect(trimSourceMap({ ...map, sources: ['src/ours.ts', 'node_modules/dep/dep.js'], mappings: encode([[[0, 1, 0, 0]]]) }, (s) => !s.includes('node_modules'))).toBeUndefined();
  });
});
