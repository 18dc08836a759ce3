/**
 * How every Lambda function's code is built, in one place: the CDK app (through
 * bundle-cli.ts, from infra/constructs/chitieu-function.ts) and the benchmark
 * (bench/lambda-bundles.ts) both call `bundleLambda`, so what is measured is what is deployed.
 *
 * Why not NodejsFunction's own esbuild run: it writes a single file (`--outfile`), so a module
 * imported with `import()` (the XLSX/DOCX/legacy-text parsers, the AWS SDK's rarely used
 * credential providers) is inlined into it and compiled at every cold start. Here esbuild splits
 * the code (ESM, `splitting`): `index.mjs` and the chunks it imports statically are what a cold
 * start loads; dynamically imported code sits in chunks/ until a request needs it.
 *
 * Also for the cold start: JSON modules (the unit registry is 380 KB) become
 * `JSON.parse('…')` instead of an object literal (V8 parses JSON several times faster than the same
 * data as JavaScript), and source maps cover our code only (trim-source-map.ts).
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { trimSourceMap, type RawSourceMap } from './trim-source-map.ts';

/** Repository root (infra/bundling/ → ../..). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Modules never bundled: native binaries have no place in a Lambda zip built on another OS/arch. */
export const NEVER_BUNDLED = ['@duckdb/node-api', '@duckdb/node-bindings'];

/** The runtime the bundles target (infra/constructs/chitieu-function.ts pins Node.js 22). */
export const BUNDLE_TARGET = 'node22';

/** Folder of the lazily loaded chunks, inside the bundle. */
export const CHUNK_DIR = 'chunks';

export interface CopyFiles {
  /** Folder relative to the repository root. */
  fromDir: string;
  /** File name pattern; `*` is the only wildcard. */
  pattern: string;
  /** Subfolder of the bundle folder it lands in (default: beside the code that reads it). */
  toDir?: string;
}

export interface LambdaBundle {
  /** esbuild's metafile, outputs relative to the bundle folder (index.mjs, chunks/…), inputs to the repository. */
  metafile: Metafile;
  /** Output files (relative to the bundle folder) a cold start loads: index.mjs and its static imports. */
  initial: string[];
  /** Bytes of those files. */
  initialBytes: number;
}

/** `import x from './data.json'` → `export default JSON.parse("…")` (same value, cheaper to load). */
const jsonAsJsonParse: Plugin = {
  name: 'json-as-json-parse',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/** Our code: anything not from node_modules and not data (a map into a JSON file helps no one). */
function isOwnSource(repoRelative: string): boolean {
  return !repoRelative.split(/[\\/]/).includes('node_modules') && !repoRelative.endsWith('.json') && !repoRelative.startsWith('..');
}

/**
 * Bundles `entry` (relative to the repository root; it exports `handler`) into `outDir`:
 * index.mjs (the handler module), chunks/*.mjs, their trimmed source maps, and the copied files.
 */
export async function bundleLambda(entry: string, outDir: string, copyFiles: CopyFiles[] = []): Promise<LambdaBundle> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: join(REPO_ROOT, entry) },
    // esbuild sees a fixed output folder (never written: write is false) so that the chunks'
    // content hashes, which cover their source maps' paths, do not depend on where the bundle is
    // written: the same sources give the same asset hash, hence no needless redeployment.
    outdir: VIRTUAL_OUT,
    write: false,
    outExtension: { '.js': '.mjs' },
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    splitting: true,
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    // The AWS SDK is bundled, not taken from the runtime: the adapters rely on features (S3
    // conditional writes) newer than the runtime's copy may be, and the version is pinned.
    external: NEVER_BUNDLED,
    // CommonJS dependencies (exceljs, mammoth, …) call require() inside ES module chunks.
    banner: { js: "import { createRequire as __chitieuCreateRequire } from 'node:module'; const require = __chitieuCreateRequire(import.meta.url);" },
    plugins: [jsonAsJsonParse],
    metafile: true,
    logLevel: 'warning',
  });
  const metafile = bundleRelative(result.metafile);
  const files = new Map(result.outputFiles.map((f) => [posix(relative(VIRTUAL_OUT, f.path)), f.text]));

  for (const [mapFile, text] of [...files].filter(([f]) => f.endsWith('.map'))) {
    const jsFile = mapFile.slice(0, -'.map'.length);
    const mapDir = dirname(mapFile);
    const repoRelative = (s: string) => posix(relative(REPO_ROOT, resolve(VIRTUAL_OUT, mapDir, s)));
    // Sources named as if the repository were the bundle folder: /var/task/functions/… in Lambda.
    const trimmed = trimSourceMap(JSON.parse(text) as RawSourceMap, (s) => isOwnSource(repoRelative(s)), (s) => posix(relative(mapDir, repoRelative(s))));
    if (trimmed) {
      files.set(mapFile, JSON.stringify(trimmed));
    } else {
      // Dependencies only: no map, and no comment pointing at one (Node would look for it).
      files.delete(mapFile);
      files.set(jsFile, files.get(jsFile)!.replace(new RegExp(`\\n//# sourceMappingURL=${basename(mapFile).replace(/[.]/g, '\\.')}\\s*$`), '\n'));
    }
  }

  rmSync(outDir, { recursive: true, force: true });
  for (const [f, text] of files) {
    mkdirSync(dirname(join(outDir, f)), { recursive: true });
    writeFileSync(join(outDir, f), text);
  }

  for (const c of copyFiles) {
    const rx = new RegExp(`^${c.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const from = posix(c.fromDir).replace(/\/?$/, '/');
    // Code that reads files relative to itself (import.meta.url) finds them beside the output
    // file that holds it, index.mjs or a chunk.
    const targets = c.toDir
      ? [c.toDir]
      : [...new Set(Object.entries(metafile.outputs)
          .filter(([o, v]) => !o.endsWith('.map') && Object.keys(v.inputs).some((i) => i.startsWith(from)))
          .map(([o]) => dirname(o)))];
    for (const to of targets) {
      mkdirSync(join(outDir, to), { recursive: true });
      for (const f of readdirSync(join(REPO_ROOT, c.fromDir))) if (rx.test(f)) cpSync(join(REPO_ROOT, c.fromDir, f), join(outDir, to, f));
    }
  }

  const initial = initialClosure(metafile);
  return {
    metafile,
    initial,
    initialBytes: initial.reduce((s, f) => s + Buffer.byteLength(files.get(f) ?? ''), 0),
  };
}

/** Where esbuild believes it writes (inside the repository, so input paths stay short); never created. */
const VIRTUAL_OUT = join(REPO_ROOT, '.lambda-bundle');

const posix = (p: string) => p.split(sep).join('/');

/** The metafile with outputs (and chunk imports) relative to the bundle folder, inputs to the repository. */
function bundleRelative(m: Metafile): Metafile {
  const out = (o: string) => posix(relative(VIRTUAL_OUT, resolve(REPO_ROOT, o)));
  return {
    inputs: m.inputs,
    outputs: Object.fromEntries(Object.entries(m.outputs).map(([o, v]) => [
      out(o),
      { ...v, imports: v.imports.map((i) => (i.external ? i : { ...i, path: out(i.path) })) },
    ])),
  };
}

/** index.mjs and the chunks it imports statically, transitively (relative to the bundle folder). */
export function initialClosure(metafile: Metafile): string[] {
  const seen = new Set<string>();
  const queue = ['index.mjs'];
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const i of metafile.outputs[f]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) queue.push(i.path);
  }
  return [...seen].sort();
}

/** The inputs (repository-relative, e.g. node_modules/exceljs/…) whose code a cold start loads. */
export function initialInputs(bundle: LambdaBundle): string[] {
  return bundle.initial.flatMap((o) => Object.keys(bundle.metafile.outputs[o]?.inputs ?? {}));
}
