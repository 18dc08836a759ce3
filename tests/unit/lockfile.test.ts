/**
 * `npm ci` refuses a lock file that lacks an optional dependency of any locked package. The
 * registry reachable here lacks DuckDB's binaries for other platforms, so an `npm install` run
 * here drops them from the lock; this catches that before CI does.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { optionalDependencies?: Record<string, string> }>;
};

describe('package-lock.json', () => {
  it('holds every optional dependency of every locked package (npm ci checks this)', () => {
    const missing: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        // npm resolves a dependency in the nearest node_modules up the tree
        const parts = path.split('node_modules/').filter(Boolean);
        let found = false;
        for (let i = parts.length; i >= 0 && !found; i--) {
          const base = parts.slice(0, i).map((p) => `node_modules/${p.replace(/\/$/, '')}/`).join('');
          found = `${base}node_modules/${dep}` in lock.packages;
        }
        if (!found) missing.push(`${path || '(root)'} → ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
