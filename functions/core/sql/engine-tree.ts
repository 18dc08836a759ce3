/**
 * The guard's second reader: the statement as DuckDB itself parsed it (`json_serialize_sql`, run
 * by the DuckDB adapter on the very text it will execute), walked for the relations and functions
 * it names. The first reader (guard.ts) is node-sql-parser, a parser for other dialects; where the
 * two could ever disagree about what a statement reads, this one is the engine's own word. Both
 * must admit a statement for it to run.
 *
 * Scoping is SQL's: a CTE's name is in scope after its definition (inside its own body only when
 * it is recursive); system relations are refused whatever shadows them; a BASE_TABLE that is not
 * a CTE in scope must be a published relation; table functions other than UNNEST, SHOW/DESCRIBE/
 * SUMMARIZE sources and the deny-listed functions are refused wherever they appear.
 */
import { cteNameRefusal, functionRefusal, relationRefusal, tableFunctionRefusal, treeNode, type Refusal } from './guard.ts';

type Json = Record<string, unknown>;

export type TreeCheck = { ok: true; relations: string[] } | Refusal;

/** Table sources that are never data an analyst may read through ad-hoc SQL. */
const REFUSED_SOURCES = new Set(['SHOW_REF', 'COLUMN_DATA', 'DELIM_GET', 'BOUND_TABLE_REF']);
/** Table functions DuckDB's own rewriting may produce for an allowed UNNEST. */
const UNNEST_NAMES = new Set(['unnest', 'unlist']);
/** DuckDB qualifies some of its own rewrites (`[1, 2]` → main.list_value); nothing else may be. */
const INTERNAL_FUNCTION_SCHEMAS = new Set(['', 'main']);

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message_en);
  }
}

function fail(refusal: Refusal | undefined): void {
  if (refusal) throw new Refused(refusal);
}

/** Check the JSON that DuckDB's json_serialize_sql gave for a statement. */
export function checkDuckDbTree(serialized: unknown, allowedRelations: readonly string[]): TreeCheck {
  const tree = (typeof serialized === 'string' ? JSON.parse(serialized) : serialized) as Json;
  if (!tree || tree.error !== false || !Array.isArray(tree.statements)) {
    const reason = typeof tree?.error_message === 'string' ? tree.error_message : 'unknown';
    return {
      ok: false,
      code: 'parse_error',
      message_vi: `DuckDB không phân tích được câu SQL (${reason}); câu không phân tích được thì không được chạy.`,
      message_en: `DuckDB cannot parse the SQL (${reason}); SQL that cannot be parsed is not run.`,
    };
  }
  if (tree.statements.length !== 1) {
    return { ok: false, code: 'multiple_statements', message_vi: 'Chỉ được gửi một câu lệnh', message_en: 'Only one statement is allowed' };
  }
  const allowed = new Set(allowedRelations.map((r) => r.toLowerCase()));
  const relations = new Set<string>();
  try {
    walk((tree.statements[0] as Json).node, { ctes: new Set(), allowed, relations });
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
  return { ok: true, relations: [...relations].sort() };
}

interface Scope {
  ctes: Set<string>;
  allowed: Set<string>;
  relations: Set<string>;
}

function walk(value: unknown, scope: Scope): void {
  const node = treeNode(value, (item) => walk(item, scope));
  if (!node) return;
  let inner = scope;
  const ctes = (node.cte_map as { map?: { key: string; value: { query?: { node?: Json } } }[] } | undefined)?.map;
  if (Array.isArray(ctes) && ctes.length > 0) {
    inner = { ...scope, ctes: new Set(scope.ctes) };
    for (const { key, value: cte } of ctes) {
      const name = String(key).toLowerCase();
      fail(cteNameRefusal(name));
      const body = cte?.query?.node;
      const bodyScope = { ...inner, ctes: new Set(inner.ctes) };
      if (body?.type === 'RECURSIVE_CTE_NODE') bodyScope.ctes.add(name);
      walk(body, bodyScope);
      inner.ctes.add(name);
    }
  }
  const type = typeof node.type === 'string' ? node.type : '';
  if (REFUSED_SOURCES.has(type)) {
    fail({ ok: false, code: 'not_select', message_vi: 'Chỉ cho phép SELECT trên các bảng đã công bố (không SHOW, DESCRIBE, SUMMARIZE)', message_en: 'Only SELECT over the published relations is allowed (not SHOW, DESCRIBE, SUMMARIZE)' });
  }
  if (type === 'BASE_TABLE') {
    const qualifiers = [node.catalog_name, node.schema_name].map((q) => String(q ?? '')).filter((q) => q !== '');
    const table = String(node.table_name ?? '');
    fail(relationRefusal(table, qualifiers, inner.ctes, inner.allowed));
    if (!inner.ctes.has(table.toLowerCase())) inner.relations.add(table.toLowerCase());
  }
  if (type === 'TABLE_FUNCTION') {
    const fn = node.function as Json | undefined;
    const name = String(fn?.function_name ?? '').toLowerCase();
    if (!UNNEST_NAMES.has(name)) fail(tableFunctionRefusal(name));
  }
  if (node.class === 'FUNCTION' || type === 'FUNCTION') {
    const name = String(node.function_name ?? '');
    const schema = String(node.schema ?? '').toLowerCase();
    const catalog = String(node.catalog ?? '').toLowerCase();
    if (!INTERNAL_FUNCTION_SCHEMAS.has(schema) || catalog !== '') {
      fail({ ok: false, code: 'qualified_function', message_vi: `Không được gọi hàm có lược đồ (${schema}.${name})`, message_en: `Schema-qualified functions are not allowed (${schema}.${name})` });
    }
    fail(functionRefusal(name));
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'cte_map') continue;
    walk(child, inner);
  }
}
