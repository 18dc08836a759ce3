/**
 * The relations Athena publishes as views, read at synth time from the shared SQL in
 * functions/queries/views/ (the same files DuckDB materializes locally) and put in dependency
 * order: a view is created after every view its SQL names. Nothing is retyped here except the
 * `reports` alias of the ledger, which DuckDB also creates in code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ViewDefinition {
  name: string;
  sql: string;
}

/** Relations created in code rather than from a file (mirrors the local DuckDB warehouse). */
const BUILT_IN: ViewDefinition[] = [{ name: 'reports', sql: 'SELECT * FROM curated_reports' }];

export function viewDefinitions(viewsDir: string): ViewDefinition[] {
  const fromFiles = existsSync(viewsDir)
    ? readdirSync(viewsDir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((f) => ({ name: f.slice(0, -4), sql: stripComments(readFileSync(join(viewsDir, f), 'utf8')) }))
    : [];
  return dependencyOrder([...BUILT_IN.filter((b) => !fromFiles.some((f) => f.name === b.name)), ...fromFiles]);
}

/** Line comments off (Athena keeps view text verbatim; comments there only add noise), trimmed. */
export function stripComments(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n')
    .trim()
    .replace(/;\s*$/, '');
}

/** Topological order by the names each view's SQL mentions; stable (alphabetical among equals). */
export function dependencyOrder(views: ViewDefinition[]): ViewDefinition[] {
  const byName = new Map(views.map((v) => [v.name, v]));
  const deps = new Map(
    views.map((v) => [v.name, views.filter((o) => o.name !== v.name && new RegExp(`\\b${o.name}\\b`).test(v.sql)).map((o) => o.name)]),
  );
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: ViewDefinition[] = [];
  const visit = (name: string) => {
    if (done.has(name)) return;
    if (visiting.has(name)) throw new Error(`views: dependency cycle through ${name}`);
    visiting.add(name);
    for (const d of deps.get(name) ?? []) visit(d);
    visiting.delete(name);
    done.add(name);
    out.push(byName.get(name)!);
  };
  for (const v of [...views].sort((a, b) => a.name.localeCompare(b.name))) visit(v.name);
  return out;
}

/** Athena DDL for one view in a database. */
export function createViewStatement(database: string, view: ViewDefinition): string {
  return `CREATE OR REPLACE VIEW "${database}"."${view.name}" AS\n${view.sql}`;
}
