/**
 * One real synthesis with every Lambda bundled by the local esbuild, as `npx cdk synth` does it
 * (cdk-nag and CloudFormation validation run in nag.test.ts). Checks what only a real bundle
 * shows: no native binary and no DuckDB in any function, and the files the query registry reads
 * at run time beside it.
 * (Bundle sizes are measured by the benchmark harness, not asserted here.)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthStack } from './synth.ts';

let outdir: string;
let functions: { id: string; dir: string; files: string[]; handler: string }[];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'chitieu-cdk-'));
  const { template } = synthStack({ 'aws:cdk:enable-asset-metadata': true }, { bundle: true, nag: false, outdir });
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any; Metadata?: any }>;
  functions = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs22.x')
    .map(([id, r]) => {
      const dir = join(outdir, r.Metadata['aws:asset:path']);
      return { id, dir, files: walk(dir).map((f) => relative(dir, f)), handler: r.Properties.Handler };
    });
}, 170_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('bundled synth', () => {
  it('bundles every handler with esbuild', () => {
    const ids = functions.map((f) => f.id).join(' ');
    for (const name of ['IngestHandler', 'QueryApiHandler', 'CompactJob', 'AthenaViewsFunction']) expect(ids).toContain(name);
    for (const f of functions) {
      expect(f.files).toContain('index.mjs');
      expect(statSync(join(f.dir, 'index.mjs')).size).toBeGreaterThan(1000);
    }
  });

  it('deploys the split bundle of infra/bundling/lambda-bundle.ts (lazy chunks, maps of our code)', () => {
    for (const f of functions) {
      expect(f.handler).toBe('index.handler');
      expect(f.files).toContain('index.mjs.map');
    }
    const ingest = functions.find((f) => f.id.startsWith('IngestHandler'))!;
    const chunks = ingest.files.filter((x) => x.startsWith('chunks/') && x.endsWith('.mjs'));
    // The XLSX parser (exceljs) is a chunk of its own, imported on the first XLSX upload.
    expect(chunks.some((c) => /^chunks\/xlsx-[A-Z0-9]+\.mjs$/.test(c))).toBe(true);
    expect(readFileSync(join(ingest.dir, 'index.mjs'), 'utf8')).not.toMatch(/exceljs|mammoth/i);
  });

  it('no native binaries, no DuckDB, in any bundle', () => {
    for (const f of functions) {
      expect(f.files.filter((x) => x.endsWith('.node') || x.includes('node_modules'))).toEqual([]);
      for (const js of f.files.filter((x) => x.endsWith('.mjs'))) {
        const code = readFileSync(join(f.dir, js), 'utf8');
        expect(code.includes('@duckdb/'), `${f.id} ${js} references DuckDB`).toBe(false);
      }
    }
  });

  it('ships the named analyses (SQL and declarations) beside the query handler', () => {
    const api = functions.find((f) => f.id.startsWith('QueryApiHandler'))!;
    const queries = readdirSync(join(import.meta.dirname, '../../functions/queries'));
    for (const q of queries.filter((n) => n.endsWith('.sql') || n.endsWith('.json'))) expect(api.files).toContain(q);
  });

  it('writes the cloud assembly', () => {
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
  });
});
