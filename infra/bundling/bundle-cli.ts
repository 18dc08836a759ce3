/**
 * `node --import tsx infra/bundling/bundle-cli.ts ENTRY OUT_DIR [COPY_FILES_JSON]`: one Lambda
 * bundle, for the CDK's local bundling (which must be synchronous, while esbuild plugins need the
 * asynchronous API, so the construct runs this in a child process).
 */
import { bundleLambda, type CopyFiles } from './lambda-bundle.ts';

const [entry, outDir, copy] = process.argv.slice(2);
if (!entry || !outDir) {
  process.stderr.write('usage: bundle-cli.ts ENTRY OUT_DIR [COPY_FILES_JSON]\n');
  process.exit(2);
}
const bundle = await bundleLambda(entry, outDir, copy ? (JSON.parse(copy) as CopyFiles[]) : []);
process.stdout.write(`${entry}: ${bundle.initial.length} files, ${(bundle.initialBytes / 2 ** 20).toFixed(2)} MB loaded at cold start\n`);
