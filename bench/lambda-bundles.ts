/**
 * Each Lambda bundle as the CDK app builds it (the same function, `bundleLambda` of
 * infra/bundling/lambda-bundle.ts: esbuild with code splitting, ESM, node22, minified, source maps
 * of our code, the never-bundled native modules left out, the files copied beside it), zipped; and
 * the cold import of the bundled handler module (index.mjs, which loads its static chunks) in a
 * fresh `node` process with the NODE_OPTIONS the functions get (LAMBDA_NODE_OPTIONS of
 * infra/constructs/chitieu-function.ts). Bundles are written outside the repository, so an import
 * of a module left out of the bundle fails here as it would in Lambda, instead of being found in
 * ./node_modules.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { REPO } from './dataset.ts';
import { metric, notMeasured, type Metric } from './metric.ts';
import { median } from './stats.ts';

interface Entry {
  entry: string;
  name: string;
  copy: { fromDir: string; pattern: string; toDir?: string }[];
}

function listTs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listTs(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The Lambda entry points named in infra/ (`entry: '…'`), with the files copied beside each. */
export function lambdaEntries(): Entry[] {
  const out: Entry[] = [];
  for (const f of listTs(join(REPO, 'infra'))) {
    const text = readFileSync(f, 'utf8');
    const re = /entry:\s*'([^']+\.ts)'/g;
    const hits = [...text.matchAll(re)];
    hits.forEach((m, i) => {
      const window = text.slice(m.index!, hits[i + 1]?.index ?? m.index! + 2000);
      // toDir too: a file copied into a folder of its own (the digest's fonts) is part of the zip.
      const copy = [...window.matchAll(/fromDir:\s*'([^']+)',\s*pattern:\s*'([^']+)'(?:,\s*toDir:\s*'([^']+)')?/g)]
        .map((c) => ({ fromDir: c[1], pattern: c[2], ...(c[3] ? { toDir: c[3] } : {}) }));
      const entry = m[1];
      const name = basename(dirname(entry)) === 'custom-resources' ? basename(entry, '.ts') : basename(dirname(entry));
      out.push({ entry, name, copy });
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

function zipBytes(dir: string): number {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return zipSync(files, { level: 6 }).length;
}

/** Wall time of the import, and the CPU time (user + system, all threads) it took: steadier on a busy machine. */
const IMPORT_CODE = `const c = process.cpuUsage(); const t = performance.now();
try { await import(process.argv[1]); const ms = performance.now() - t; const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ ms, cpuMs: (u.user + u.system) / 1000 })); }
catch (e) { process.stdout.write(JSON.stringify({ error: String((e && e.message) || e).split('\\n')[0] })); }`;

/** Environment a function gets from the stack (names only matter; nothing is called at import). */
const LAMBDA_ENV = {
  AWS_REGION: 'ap-southeast-1',
  WAREHOUSE_BUCKET: 'chitieu-bench',
  WAREHOUSE_PREFIX: '',
  ATHENA_WORKGROUP: 'chitieu-bench',
  GLUE_DATABASE: 'chitieu_bench',
  DIGEST_TOPIC_ARN: 'arn:aws:sns:ap-southeast-1:000000000000:chitieu-bench',
  POWERTOOLS_SERVICE_NAME: 'chitieu',
};

function coldImport(file: string, nodeOptions: string): Promise<{ ms?: number; cpuMs?: number; error?: string }> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env, ...LAMBDA_ENV, NODE_OPTIONS: nodeOptions };
    const p = spawn(process.execPath, ['--input-type=module', '-e', IMPORT_CODE, pathToFileURL(file).href], { cwd: dirname(file), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        resolve({ error: (err || out || 'no output').split('\n')[0] });
      }
    });
  });
}

export async function benchLambdaBundles(opts: { runs: number; log: (s: string) => void }): Promise<Metric[]> {
  const { bundleLambda } = await import('../infra/bundling/lambda-bundle.ts');
  const { LAMBDA_NODE_OPTIONS } = await import('../infra/constructs/chitieu-function.ts');
  const entries = lambdaEntries();
  const root = mkdtempSync(join(tmpdir(), 'chitieu-bench-lambda-'));
  const out: Metric[] = [];
  try {
    const built: { e: Entry; file: string }[] = [];
    // Node's own share of an import (module loader, an ES module's job): an empty module.
    const empty = join(root, 'empty', 'index.mjs');
    mkdirSync(dirname(empty), { recursive: true });
    writeFileSync(empty, 'export const handler = () => {};\n');
    for (const e of entries) {
      const dir = join(root, e.name);
      let initial: { files: number; bytes: number };
      try {
        const b = await bundleLambda(e.entry, dir, e.copy);
        initial = { files: b.initial.length, bytes: b.initialBytes };
      } catch (err) {
        out.push(notMeasured(`lambda.${e.name}.zip`, 'bundles', 'MB', { op: '<=', value: 5 }, `esbuild failed: ${(err as Error).message.split('\n')[0]}`));
        continue;
      }
      const zip = zipBytes(dir);
      const all = listFiles(dir);
      const code = all.filter((f) => f.endsWith('.mjs')).reduce((s, f) => s + readFileSync(f).length, 0);
      const maps = all.filter((f) => f.endsWith('.map')).reduce((s, f) => s + readFileSync(f).length, 0);
      out.push(metric({
        name: `lambda.${e.name}.zip`, group: 'bundles', value: zip / 2 ** 20, unit: 'MB', target: { op: '<=', value: 5 },
        note: `${e.entry}: ${(code / 2 ** 20).toFixed(2)} MB of code in ${all.filter((f) => f.endsWith('.mjs')).length} files, of which ${(initial.bytes / 2 ** 20).toFixed(2)} MB in ${initial.files} loaded at import (index.mjs and its static chunks), + ${(maps / 2 ** 20).toFixed(2)} MB source maps${e.copy.length ? ` + ${e.copy.map((c) => `${c.fromDir}/${c.pattern}${c.toDir ? ` → ${c.toDir}/` : ''}`).join(', ')}` : ''}, zip (deflate 6)`,
      }));
      built.push({ e, file: join(dir, 'index.mjs') });
    }
    // Fresh processes, round-robin over the bundles and the empty module, after one unmeasured
    // pass (page cache).
    const runs = [...built, { e: { entry: '', name: '(empty)', copy: [] }, file: empty }];
    const samples = new Map<string, number[]>(runs.map((b) => [b.e.name, []]));
    const cpu = new Map<string, number[]>(runs.map((b) => [b.e.name, []]));
    const errors = new Map<string, string>();
    for (let i = -1; i < opts.runs; i++) {
      for (const b of runs) {
        if (errors.has(b.e.name)) continue;
        const r = await coldImport(b.file, LAMBDA_NODE_OPTIONS);
        if (r.error) errors.set(b.e.name, r.error);
        else if (i >= 0) {
          samples.get(b.e.name)!.push(r.ms!);
          cpu.get(b.e.name)!.push(r.cpuMs!);
        }
      }
    }
    for (const b of built) {
      const name = `lambda.${b.e.name}.cold_import`;
      const err = errors.get(b.e.name);
      if (err) {
        out.push({ ...notMeasured(name, 'bundles', 'ms', { op: '<=', value: 150 }, `the bundled module fails to import outside the repository: ${err}`), pass: false });
        continue;
      }
      const s = samples.get(b.e.name)!;
      out.push(metric({ name, group: 'bundles', value: median(s), unit: 'ms', target: { op: '<=', value: 150 }, note: `import() of the bundle in a fresh node process, median of ${s.length}, NODE_OPTIONS=${LAMBDA_NODE_OPTIONS}; CPU time of the import (user + system) median ${median(cpu.get(b.e.name)!).toFixed(1)} ms; an empty module: ${median(samples.get('(empty)')!).toFixed(1)} ms (CPU ${median(cpu.get('(empty)')!).toFixed(1)} ms)`, samples: s }));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return out;
}
