/**
 * Runs once before every test file: builds the explorer, so browser test files running in
 * parallel never build (and empty) explorer/dist at the same time.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  const { build } = await import('vite');
  const repo = fileURLToPath(new URL('..', import.meta.url));
  await build({ configFile: join(repo, 'explorer/vite.config.ts'), logLevel: 'warn' });
  process.env.CHITIEU_EXPLORER_BUILT = '1';
}
