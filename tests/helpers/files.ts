/** Files on disk, for tests. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `sub` of `root` (a warehouse, a bundle), its path relative to it with `/`, sorted. */
export function filesUnder(root: string, sub: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  walk(join(root, sub), '');
  return out.sort();
}
