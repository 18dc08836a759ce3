/**
 * Named parameters (`:name`) in query files are bound, never spliced: this turns them into
 * positional `?` placeholders plus a value list, which both DuckDB prepared statements and
 * Athena ExecutionParameters accept. Text inside quotes, comments, and `::` casts is left alone.
 */
export interface BoundSql {
  sql: string;
  names: string[];
  values: unknown[];
}

const TOKEN = /('(?:[^']|'')*')|("(?:[^"]|"")*")|(--[^\n]*)|(\/\*[\s\S]*?\*\/)|(::)|:([A-Za-z_][A-Za-z0-9_]*)/g;

/** Names of the parameters a SQL text uses, in order of first use. */
export function parameterNames(sql: string): string[] {
  const seen = new Set<string>();
  for (const m of sql.matchAll(TOKEN)) if (m[6]) seen.add(m[6]);
  return [...seen];
}

export function bindNamed(sql: string, params: Record<string, unknown> = {}): BoundSql {
  const names: string[] = [];
  const values: unknown[] = [];
  const out = sql.replace(TOKEN, (whole, _s, _d, _c1, _c2, _cast, name: string | undefined) => {
    if (!name) return whole;
    if (!(name in params)) throw new Error(`Thiếu tham số / missing parameter :${name}`);
    names.push(name);
    values.push(params[name]);
    return '?';
  });
  return { sql: out, names, values };
}
