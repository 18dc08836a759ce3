/**
 * Generated code lives in functions/core/generated/ only, every file there has a builder in
 * scripts/build-generated.ts (`npm run build:generated`), and none is stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILDERS } from '../../scripts/build-generated.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDER = join(ROOT, 'functions/core/generated');

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesBelow(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('generated code', () => {
  it('is written by its builder as it is checked in', () => {
    for (const b of BUILDERS) expect(readFileSync(b.file, 'utf8'), relative(ROOT, b.file)).toBe(b.build());
  });

  it('sits in functions/core/generated/, each file with a builder (hand-written type declarations aside)', () => {
    for (const b of BUILDERS) expect(dirname(b.file)).toBe(FOLDER);
    const built = new Set(BUILDERS.map((b) => basename(b.file)));
    for (const f of readdirSync(FOLDER)) {
      if (f.endsWith('.d.ts')) expect(built.has(f.replace(/\.d\.ts$/, '.js')), f).toBe(true);
      else expect(built.has(f), `${f} has no builder in scripts/build-generated.ts`).toBe(true);
    }
    const elsewhere = filesBelow(join(ROOT, 'functions')).filter((f) => /\.generated\./.test(f) && dirname(f) !== FOLDER);
    expect(elsewhere.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
