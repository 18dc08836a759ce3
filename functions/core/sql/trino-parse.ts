/**
 * Parse SQL as Trino (Athena engine v3's dialect) with node-sql-parser.
 *
 * node-sql-parser 5.x ships a 'trino' grammar (and an 'athena' one, which is older Presto: it
 * rejects `try_cast`, three-part names and `?` placeholders that Athena v3 accepts), so 'trino' is
 * used; only that grammar's build is loaded. `:name` parameters parse as `param` nodes, so query
 * files can be checked before binding. The parser is a check of shape, not an oracle: it accepts
 * some non-Trino syntax (backticks, `::` casts), which is why the guard adds its own lexical rules
 * and the tests run every query on a real engine too.
 */
import { createRequire } from 'node:module';
import trino from 'node-sql-parser/build/trino.js';
import type { AST, Parser } from 'node-sql-parser';

/** The Trino grammar's parser, shared with the SQL guard. */
export const trinoParser = new trino.Parser();
const OPTIONS = { database: 'trino' } as const;

let pgParser: Parser | undefined;

/**
 * node-sql-parser's PostgreSQL grammar, the fallback for what its Trino grammar rejects (here and
 * in the SQL guard), built on first use: evaluating that grammar cost ~18 ms of every cold start
 * of the query API, which named analyses never need (they all parse as Trino).
 */
export function postgresParser(): Parser {
  return (pgParser ??= new (loadPostgresGrammar().Parser)());
}

/** Whether postgresParser() has been called (for tests: the fallback stays unloaded until needed). */
export function postgresGrammarLoaded(): boolean {
  return pgParser !== undefined;
}

function loadPostgresGrammar(): { Parser: typeof Parser } {
  // A require() call so that the grammar is evaluated when first needed while callers stay
  // synchronous (an import() would make the guard and the estimator asynchronous). In a bundle
  // (esbuild: the Lambda code) `require` is defined and esbuild resolves this call to its bundled
  // copy of the module; run unbundled as an ES module (tsx, vitest) there is no `require`, and
  // Node's resolves it from node_modules.
  return typeof require === 'function'
    ? require('node-sql-parser/build/postgresql.js')
    : createRequire(import.meta.url)('node-sql-parser/build/postgresql.js');
}

export type TrinoParse =
  | { ok: true; ast: AST[] }
  | { ok: false; message_vi: string; message_en: string; line?: number; column?: number };

export function parseTrino(sql: string): TrinoParse {
  try {
    const ast = trinoParser.astify(sql, OPTIONS);
    return { ok: true, ast: (Array.isArray(ast) ? ast : [ast]).filter((s) => s != null) };
  } catch (error) {
    const e = error as { message?: string; location?: { start?: { line: number; column: number } } };
    const at = e.location?.start;
    const where = at ? ` (dòng ${at.line}, cột ${at.column})` : '';
    const whereEn = at ? ` (line ${at.line}, column ${at.column})` : '';
    const detail = shorten(e.message ?? String(error));
    return {
      ok: false,
      message_vi: `Không phân tích được câu SQL theo cú pháp Trino${where}: ${detail}`,
      message_en: `Cannot parse the SQL as Trino${whereEn}: ${detail}`,
      ...(at ? { line: at.line, column: at.column } : {}),
    };
  }
}

/**
 * For reading a query's structure (cost estimate): the Trino grammar first, then PostgreSQL's,
 * because node-sql-parser's Trino grammar rejects scalar subqueries, EXISTS and GROUPING SETS
 * that both engines run. Not a dialect check — use parseTrino for that.
 */
export function parseForAnalysis(sql: string): TrinoParse & { grammar?: 'trino' | 'postgresql' } {
  const first = parseTrino(sql);
  if (first.ok) return { ...first, grammar: 'trino' };
  try {
    const ast = postgresParser().astify(sql, { database: 'postgresql' });
    return { ok: true, ast: (Array.isArray(ast) ? ast : [ast]).filter((s) => s != null), grammar: 'postgresql' };
  } catch {
    return first;
  }
}

/** The parser's "Expected a, b, c, … but x found." lists dozens of tokens; keep what helps. */
function shorten(message: string): string {
  const found = /but (.+) found\.?$/.exec(message);
  if (found && message.startsWith('Expected')) return `unexpected ${found[1]}`;
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/** Re-generate SQL text from an AST (used in tests and messages, never to run a query). */
export function sqlifyTrino(ast: AST | AST[]): string {
  return trinoParser.sqlify(ast, OPTIONS);
}
