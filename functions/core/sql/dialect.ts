/**
 * The dialect shim: the named queries are written once, in Trino SQL (Athena's dialect, checked
 * by trino-parse.ts), restricted to what DuckDB also runs. Where no common spelling exists, the
 * file uses the Trino function and `renderFor('duckdb', sql)` rewrites the call. For Athena the
 * text is returned unchanged: the file *is* Athena SQL.
 *
 * The whole list of differences we bridge (each found by running both spellings; see
 * tests/unit/dialect.test.ts):
 *
 * | Trino (in the .sql file)           | DuckDB (rendered)                          | why                                   |
 * |------------------------------------|--------------------------------------------|---------------------------------------|
 * | `approx_percentile(x, p)`          | `quantile_cont(x, p)`                      | DuckDB has no approx_percentile; the  |
 * |                                    |                                            | exact, interpolated quantile is what   |
 * |                                    |                                            | tests compare with (Athena's t-digest  |
 * |                                    |                                            | answer is within ~1% of it)           |
 * | `approx_distinct(x)`               | `approx_count_distinct(x)`                 | name                                  |
 * | `regexp_like(s, re)`               | `regexp_matches(s, re)`                    | name; both match anywhere in s        |
 * | `date_add('day', n, d)`            | `CAST((d) + to_days(CAST(n AS INTEGER)) AS DATE)` | DuckDB's date_add takes (date,  |
 * | (also week, month, quarter, year)  | (to_weeks, to_months, 3*to_months, to_years)|  interval) and returns a TIMESTAMP;   |
 * |                                    |                                            | the shim is for DATE values only      |
 * | integer `/` integer (truncates)    | session setting `SET integer_division=true`| DuckDB's `/` is float division by     |
 * |                                    | (DUCKDB_SESSION_SETUP, run at connect)     | default; with the setting it truncates |
 * |                                    |                                            | toward zero like Trino                |
 *
 * Idioms the query files follow instead of shimming (both engines agree on these):
 * - a ratio is `CAST(a AS DOUBLE) / b` (never rely on integer division for a rate);
 * - a month/day shift with a literal is `date_add('month', 1, d)` (shimmed), not `d + INTERVAL …`
 *   (DuckDB returns a TIMESTAMP there, Trino a DATE);
 * - `CAST(date_trunc('month', d) AS DATE)` (DuckDB's date_trunc of a DATE is a TIMESTAMP);
 * - `CAST(round(x) AS INTEGER)`, not `CAST(x AS INTEGER)` on a DOUBLE (DuckDB rounds half to even
 *   there, Trino half away from zero; round() agrees in both);
 * - `coalesce` around `greatest`/`least` arguments (DuckDB skips NULLs, Trino returns NULL);
 * - explicit `CAST(n AS VARCHAR)` before `||` (Trino refuses varchar || integer);
 * - `try_cast`, `count_if`, `max_by`/`min_by`, `arbitrary`, `if`, `date_diff(unit, a, b)`,
 *   `year`/`month`, `lpad`, `split_part`, `strpos`, window functions, FILTER (WHERE …),
 *   GROUPING SETS, CTEs and `CROSS JOIN UNNEST(ARRAY[…]) AS t(x)` are common and used as they are.
 * Sums of integers are HUGEINT in DuckDB and BIGINT in Trino: the engines' value conversion
 * makes both plain numbers.
 */
import { lex, type Token } from './lex.ts';

export type TargetEngine = 'duckdb' | 'athena';

/** Statements the DuckDB engine runs once per connection so that Trino text means the same. */
export const DUCKDB_SESSION_SETUP: readonly string[] = ['SET integer_division = true'];

type Rewrite = (args: string[]) => string | undefined;

const DATE_UNITS: Record<string, (n: string) => string> = {
  day: (n) => `to_days(CAST(${n} AS INTEGER))`,
  week: (n) => `to_weeks(CAST(${n} AS INTEGER))`,
  month: (n) => `to_months(CAST(${n} AS INTEGER))`,
  quarter: (n) => `to_months(3 * CAST(${n} AS INTEGER))`,
  year: (n) => `to_years(CAST(${n} AS INTEGER))`,
};

/** Trino function → DuckDB spelling. `undefined` means "leave the call as written". */
const TO_DUCKDB: Record<string, Rewrite> = {
  approx_percentile: (a) => (a.length === 2 ? `quantile_cont(${a[0]}, ${a[1]})` : undefined),
  approx_distinct: (a) => (a.length === 1 ? `approx_count_distinct(${a[0]})` : undefined),
  regexp_like: (a) => (a.length === 2 ? `regexp_matches(${a[0]}, ${a[1]})` : undefined),
  date_add: (a) => {
    if (a.length !== 3) return undefined; // DuckDB's own 2-argument form: already DuckDB
    const unit = /^\s*'([a-z]+)'\s*$/i.exec(a[0]!)?.[1]?.toLowerCase();
    const interval = unit ? DATE_UNITS[unit] : undefined;
    if (!interval) throw new Error(`date_add: đơn vị không hỗ trợ ${a[0]} / unsupported unit ${a[0]} (day, week, month, quarter, year)`);
    return `CAST((${a[2]}) + ${interval(a[1]!)} AS DATE)`;
  },
};

/** The names the shim rewrites for DuckDB (for documentation and tests). */
export const SHIMMED_FUNCTIONS: readonly string[] = Object.keys(TO_DUCKDB);

/** Render a query written in the common Trino/DuckDB subset for one engine. */
export function renderFor(engine: TargetEngine, sql: string): string {
  if (engine === 'athena') return sql;
  return rewriteCalls(sql, TO_DUCKDB);
}

/**
 * Rewrite calls `name(args…)` found by the lexer (never inside strings, quoted identifiers or
 * comments; never a qualified `x.name(`), innermost arguments first.
 */
function rewriteCalls(sql: string, rules: Record<string, Rewrite>): string {
  const tokens = lex(sql);
  let out = '';
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const rule = t.kind === 'word' ? rules[t.text.toLowerCase()] : undefined;
    const open = rule ? nextSignificant(tokens, i + 1) : -1;
    const prev = prevSignificant(tokens, i - 1);
    if (rule && open >= 0 && tokens[open]!.text === '(' && !(prev >= 0 && tokens[prev]!.text === '.')) {
      const call = splitCall(tokens, open);
      const args = call.args.map((arg) => rewriteCalls(arg, rules));
      const replaced = rule(args.map((a) => a.trim()));
      out += replaced ?? `${t.text}(${args.join(',')})`;
      i = call.end + 1;
      continue;
    }
    out += t.text;
    i++;
  }
  return out;
}

function nextSignificant(tokens: Token[], from: number): number {
  for (let i = from; i < tokens.length; i++) if (!isTrivia(tokens[i]!)) return i;
  return -1;
}

function prevSignificant(tokens: Token[], from: number): number {
  for (let i = from; i >= 0; i--) if (!isTrivia(tokens[i]!)) return i;
  return -1;
}

function isTrivia(t: Token): boolean {
  return t.kind === 'ws' || t.kind === 'line_comment' || t.kind === 'block_comment';
}

/** Arguments (as text) of the call whose '(' is tokens[open], and the index of its ')'. */
function splitCall(tokens: Token[], open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) {
      depth++;
      if (depth === 1) continue;
    } else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
      depth--;
      if (depth === 0) {
        if (current.trim() !== '' || args.length > 0) args.push(current);
        return { args, end: i };
      }
    } else if (depth === 1 && t.kind === 'punct' && t.text === ',') {
      args.push(current);
      current = '';
      continue;
    }
    // Line comments inside a call would swallow the rebuilt text after them: keep them as blocks.
    current += t.kind === 'line_comment' ? `/*${t.text.slice(2).replaceAll('*/', '* /')}*/` : t.text;
  }
  throw new Error('Thiếu dấu ) đóng lời gọi hàm / unbalanced parentheses in a function call');
}
