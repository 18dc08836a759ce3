/**
 * A Lambda bundle built once for the tests of one file, as the stack builds it, in a temporary
 * directory outside the repository: a module left out of the bundle is then not found in
 * ./node_modules, as in Lambda. The directory is removed after the tests.
 */
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { bundleLambda, type CopyFiles, type LambdaBundle } from '../../infra/bundling/lambda-bundle.ts';
import { suiteTempDir } from '../helpers/temp-dir.ts';

export interface SuiteBundle {
  /** The temporary directory (the bundle is in its subfolder `outDir`; tests may write beside it). */
  root: string;
  outDir: string;
  bundle: LambdaBundle;
}

/** Filled in before the file's tests run; read its fields inside tests. */
export function bundleForSuite(entry: string, name: string, copy?: CopyFiles[]): SuiteBundle {
  const tmp = suiteTempDir(`chitieu-${name}-bundle-`);
  const built = {} as SuiteBundle;
  beforeAll(async () => {
    built.root = tmp();
    built.outDir = join(built.root, name);
    built.bundle = await bundleLambda(entry, built.outDir, copy);
  }, 120_000);
  return built;
}
