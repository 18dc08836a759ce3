/**
 * The PostgreSQL grammar of node-sql-parser is only the fallback for what its Trino grammar
 * rejects, so it is loaded on first use (functions/core/sql/trino-parse.ts), not at import: these
 * tests hold that, and that the lazy load works in a Lambda bundle outside the repository (where
 * node_modules cannot rescue a require() esbuild did not bundle).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkAdHocSql } from '../../functions/core/sql/guard.ts';
import { parseForAnalysis, postgresGrammarLoaded, postgresParser } from '../../functions/core/sql/trino-parse.ts';

const SCALAR_SUBQUERY = 'SELECT id, (SELECT max(unit_id) FROM reports) AS latest FROM units';

describe('PostgreSQL fallback grammar', () => {
  it('stays unloaded while everything parses as Trino (the guard, every named analysis and view)', () => {
    expect(postgresGrammarLoaded()).toBe(false);
    const r = checkAdHocSql('SELECT id, name FROM units WHERE id LIKE \'p63-%\' ORDER BY id');
    expect(r.ok && r.grammar).toBe('trino');
    const dir = fileURLToPath(new URL('../../functions/queries/', import.meta.url));
    const files = [
      ...readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => join(dir, f)),
      ...readdirSync(join(dir, 'views')).filter((f) => f.endsWith('.sql')).map((f) => join(dir, 'views', f)),
    ];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(parseForAnalysis(readFileSync(f, 'utf8')).grammar, f).toBe('trino');
    expect(postgresGrammarLoaded()).toBe(false);
  });

  it('is loaded when Trino rejects the text, once, and shared by the guard and the estimator', () => {
    const r = checkAdHocSql(SCALAR_SUBQUERY);
    expect(r.ok && r.grammar).toBe('postgresql');
    expect(postgresGrammarLoaded()).toBe(true);
    const parser = postgresParser();
    expect(parseForAnalysis(SCALAR_SUBQUERY).grammar).toBe('postgresql');
    expect(postgresParser()).toBe(parser);
  });

  it('still refuses what neither grammar parses', () => {
    const r = checkAdHocSql('SELECT FROM WHERE units');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('parse_error');
  });

  it('loads from the bundle itself in a Lambda bundle outside the repository, on first use', async () => {
    const { bundleLambda } = await import('../../infra/bundling/lambda-bundle.ts');
    const root = mkdtempSync(join(tmpdir(), 'chitieu-sql-lazy-'));
    try {
      const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
      const entry = join(root, 'entry.ts');
      writeFileSync(entry, [
        `import { checkAdHocSql } from ${JSON.stringify(here('../../functions/core/sql/guard.ts'))};`,
        `import { postgresGrammarLoaded } from ${JSON.stringify(here('../../functions/core/sql/trino-parse.ts'))};`,
        'export const handler = () => {',
        '  const atImport = postgresGrammarLoaded();',
        `  const trino = checkAdHocSql('SELECT id FROM units');`,
        '  const afterTrino = postgresGrammarLoaded();',
        `  const pg = checkAdHocSql(${JSON.stringify(SCALAR_SUBQUERY)});`,
        '  return { atImport, trino: trino.ok && trino.grammar, afterTrino, pg: pg.ok ? pg.grammar : pg.message_en, after: postgresGrammarLoaded() };',
        '};',
      ].join('\n'));
      const out = join(root, 'bundle');
      const repo = here('../../');
      await bundleLambda(relative(repo, entry), out);
      const code = 'const m = await import(process.argv[1]); process.stdout.write(JSON.stringify(m.handler()));';
      const p = spawnSync(process.execPath, ['--input-type=module', '-e', code, pathToFileURL(join(out, 'index.mjs')).href], { cwd: root, encoding: 'utf8' });
      expect(p.stderr).toBe('');
      expect(JSON.parse(p.stdout)).toEqual({ atImport: false, trino: 'trino', afterTrino: false, pg: 'postgresql', after: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
