/**
 * From a parsed query to the reads of stored tables it causes: for every FROM item naming a
 * relation of the relation map (at any depth; CTE names shadow), the columns the query names
 * for it and the predicates in its WHERE/ON that can prune partitions or row groups; then each
 * view is expanded into its own reads (relations.ts) until stored tables remain.
 *
 * Deliberately conservative (an estimate should not promise less than Athena bills):
 * - an unqualified column counts for every relation of its SELECT that may have it;
 * - `*` in a SELECT reading the relation directly means every column;
 * - only AND-ed comparisons of a column with literals or bound parameters prune
 *   (=, IN, BETWEEN, <, <=, >, >=, <>, NOT IN; strict bounds are treated as inclusive); OR,
 *   functions of the column and predicates in an outer query (which Trino might push down) do not;
 * - each FROM occurrence is a separate scan (Athena reads a table once per occurrence), and so is
 *   each reference to a WITH query: Trino inlines WITH queries, it does not materialize them, so a
 *   CTE named twice is planned and read twice (and one never named is not read at all).
 *
 * One planner rule is modelled because the named analyses rely on it: a SELECT whose WHERE has an
 * AND-ed term that is false once parameters are bound (`:geography = 'as_2025'` with
 * geography = 'as_reported') reads nothing. Trino binds the parameters of a prepared statement
 * before planning, folds the constant comparison to FALSE and replaces the filtered subtree with
 * an empty relation (SimplifyExpressions, RemoveTrivialFilters), so no split of that branch is
 * ever scheduled. The other branches of its UNION are still read.
 */
import type { AST } from 'node-sql-parser';
import { DEFAULT_RELATIONS, type RelationMap, type RelationRead } from './relations.ts';

export type Literal = string | number;
/** Inclusive bounds and/or a set of values; a value passes when it satisfies all given parts. */
export interface ValueFilter {
  in?: Literal[];
  /** Values excluded (`<>`, NOT IN): prunes partitions; row groups only when min = max. */
  notIn?: Literal[];
  min?: Literal;
  max?: Literal;
}
export type Filters = Record<string, ValueFilter[]>;

export interface Scan {
  /** Stored table name (data-schemas/tables.json), e.g. 'values'. */
  table: string;
  /** Column names (lower case) or 'all'. May name columns the table does not have; they cost 0. */
  columns: string[] | 'all';
  filters: Filters;
  /** The chain of relations that led here, e.g. ['province_values', 'unit_period_values', 'current_values', 'curated_values']. */
  via: string[];
}

export interface ScanOptions {
  relations?: RelationMap;
  /** Values of `:name` parameters, so that `stat_year = :stat_year` prunes like a literal. */
  params?: Record<string, unknown>;
  /** Filled with relations read that are neither in the map nor CTEs (so they were not counted). */
  unmapped?: Set<string>;
}

type Node = Record<string, unknown>;

interface Found {
  relation: string;
  columns: Set<string> | 'all';
  filters: Filters;
}

export function scansFromAst(ast: AST | AST[], options: ScanOptions = {}): Scan[] {
  const relations = options.relations ?? DEFAULT_RELATIONS;
  const params = options.params ?? {};
  const found: Found[] = [];
  const unmapped = options.unmapped ?? new Set<string>();
  for (const statement of Array.isArray(ast) ? ast : [ast]) walk(statement, new Map(), { relations, params, found, unmapped });
  const scans: Scan[] = [];
  for (const f of found) expand(f.relation, f.columns, f.filters, [f.relation], relations, scans);
  return scans;
}

interface Ctx {
  relations: RelationMap;
  params: Record<string, unknown>;
  found: Found[];
  unmapped: Set<string>;
}

/** A WITH query: its statement and the names it sees (the earlier queries of its WITH, outer ones). */
interface Cte {
  stmt: unknown;
  scope: Ctes;
}
type Ctes = ReadonlyMap<string, Cte>;

function walk(node: unknown, ctes: Ctes, ctx: Ctx): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, ctes, ctx);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (typeof n.type === 'string' && n.type.toLowerCase() === 'select') return walkSelect(n, ctes, ctx);
  for (const [k, v] of Object.entries(n)) if (k !== 'tableList' && k !== 'columnList' && k !== 'loc') walk(v, ctes, ctx);
}

function walkSelect(n: Node, outer: Ctes, ctx: Ctx): void {
  const ctes = new Map(outer);
  for (const w of (n.with ?? []) as Node[]) {
    const name = w.name as { value?: unknown } | string;
    const stmt = w.stmt as Node | undefined;
    // A WITH query sees the ones before it (not itself: no recursive CTEs in Trino's subset here).
    ctes.set(String(typeof name === 'string' ? name : name?.value ?? '').toLowerCase(), {
      stmt: stmt && 'ast' in stmt ? stmt.ast : stmt,
      scope: new Map(ctes),
    });
  }
  if (constantlyFalse(n.where, ctx.params)) {
    // Folded to an empty relation by the planner: nothing beneath this WHERE is read. The next
    // branch of a UNION hangs off this node (`_next`) and is read as usual.
    walk(n._next, ctes, ctx);
    return;
  }
  const items = flattenFrom((n.from ?? []) as Node[]);
  const direct = items.filter((i) => typeof i.table === 'string' && !i.expr);
  const conjuncts = andTerms(n.where);
  for (const item of direct) {
    const relation = String(item.table).toLowerCase();
    const cte = ctes.get(relation);
    if (cte) {
      // Inlined by Trino at each reference: its reads happen once per reference.
      walk(cte.stmt, cte.scope, ctx);
      continue;
    }
    if (!(relation in ctx.relations)) {
      ctx.unmapped.add(relation);
      continue;
    }
    const alias = String(item.as ?? item.table).toLowerCase();
    const names = new Set([alias, relation]);
    const otherAliases = new Set(items.filter((d) => d !== item && (d.as || d.table)).map((d) => String(d.as ?? d.table).toLowerCase()));
    const columns = starFor(n, names) ? 'all' : columnsFor(n, names, otherAliases);
    const filters = filtersFor([...conjuncts, ...andTerms(item.on)], names, ctx.params);
    ctx.found.push({ relation, columns, filters });
  }
  // Subqueries, LATERAL, UNION branches, nested selects in expressions.
  for (const [k, v] of Object.entries(n)) {
    if (k === 'with' || k === 'type') continue;
    if (k === 'from') {
      for (const item of (v ?? []) as Node[]) for (const [ik, iv] of Object.entries(item)) if (ik !== 'table') walk(iv, ctes, ctx);
      continue;
    }
    walk(v, ctes, ctx);
  }
}

/** Is some AND-ed term of the WHERE false whatever the rows (literals and bound parameters only)? */
export function constantlyFalse(where: unknown, params: Record<string, unknown>): boolean {
  return andTerms(where).some((t) => constantTruth(t, params) === false);
}

/** The truth value of a predicate made only of literals and bound parameters; undefined otherwise. */
function constantTruth(node: unknown, params: Record<string, unknown>): boolean | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as Node;
  if (n.type === 'bool' && typeof n.value === 'boolean') return n.value;
  const isNot =
    (n.type === 'unary_expr' && String(n.operator).toUpperCase() === 'NOT') ||
    (n.type === 'function' && functionName(n) === 'NOT');
  if (isNot) {
    const arg = n.type === 'unary_expr' ? n.expr : ((n.args as Node | undefined)?.value as unknown[] | undefined)?.[0];
    const v = constantTruth(arg, params);
    return v === undefined ? undefined : !v;
  }
  if (n.type !== 'binary_expr') return undefined;
  const op = String(n.operator).toUpperCase();
  if (op === 'AND' || op === 'OR') {
    const l = constantTruth(n.left, params);
    const r = constantTruth(n.right, params);
    if (op === 'AND') return l === false || r === false ? false : l === true && r === true ? true : undefined;
    return l === true || r === true ? true : l === false && r === false ? false : undefined;
  }
  const left = literal(n.left, params);
  if (left === undefined) return undefined;
  if (op === 'IN' || op === 'NOT IN') {
    const list = literalList(n.right, params);
    if (!list || list.some((x) => typeof x !== typeof left)) return undefined;
    const hit = list.some((x) => x === left);
    return op === 'IN' ? hit : !hit;
  }
  const right = literal(n.right, params);
  // Different types would be a cast or an error in Trino: leave it to the engine.
  if (right === undefined || typeof right !== typeof left) return undefined;
  const c = left < right ? -1 : left > right ? 1 : 0;
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    default:
      return undefined;
  }
}

function functionName(n: Node): string {
  const name = n.name as { name?: { value?: unknown }[] } | string | undefined;
  if (typeof name === 'string') return name.toUpperCase();
  return (name?.name ?? []).map((p) => String(p.value)).join('.').toUpperCase();
}

function flattenFrom(items: Node[]): Node[] {
  const out: Node[] = [];
  for (const item of items) {
    const expr = item.expr as Node | undefined;
    if (expr && expr.type === 'tables') out.push(...flattenFrom((expr.expr ?? []) as Node[]));
    else out.push(item);
  }
  return out;
}

/** `*` or `alias.*` among the select items. */
function starFor(select: Node, names: Set<string>): boolean {
  for (const c of (select.columns ?? []) as Node[]) {
    const e = (c.expr ?? c) as Node;
    if (e.type === 'column_ref' && columnName(e) === '*') {
      const t = e.table ? String(e.table).toLowerCase() : null;
      if (t === null || names.has(t)) return true;
    }
  }
  return (select.columns as unknown) === '*';
}

/** Column names referenced for this relation anywhere in the SELECT (nested subqueries included). */
function columnsFor(select: Node, names: Set<string>, otherAliases: Set<string>): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.type === 'column_ref') {
      const name = columnName(n);
      const t = n.table ? String(n.table).toLowerCase() : null;
      if (name && name !== '*' && (t === null || names.has(t) || !otherAliases.has(t))) out.add(name);
      return;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'tableList' && k !== 'columnList' && k !== 'loc' && k !== 'with') visit(v);
  };
  for (const [k, v] of Object.entries(select)) if (k !== 'from' && k !== 'with') visit(v);
  for (const item of (select.from ?? []) as Node[]) visit(item.on);
  return out;
}

function columnName(ref: Node): string | undefined {
  const c = ref.column as unknown;
  if (typeof c === 'string') return c.toLowerCase();
  const v = (c as { expr?: { value?: unknown } })?.expr?.value;
  return v === undefined ? undefined : String(v).toLowerCase();
}

function andTerms(expr: unknown): Node[] {
  if (!expr || typeof expr !== 'object') return [];
  const n = expr as Node;
  if (n.type === 'binary_expr' && String(n.operator).toUpperCase() === 'AND') return [...andTerms(n.left), ...andTerms(n.right)];
  if (n.parentheses && n.type === 'binary_expr') return [n];
  return [n];
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>', '!=': '!=' };

function filtersFor(terms: Node[], names: Set<string>, params: Record<string, unknown>): Filters {
  const filters: Filters = {};
  const add = (column: string, f: ValueFilter) => (filters[column] ??= []).push(f);
  for (const t of terms) {
    if (t.type !== 'binary_expr') continue;
    let op = String(t.operator).toUpperCase();
    let col = t.left as Node;
    let other = t.right as Node;
    if (col?.type !== 'column_ref' && other?.type === 'column_ref' && FLIP[op]) {
      [col, other] = [other, col];
      op = FLIP[op]!;
    }
    if (col?.type !== 'column_ref') continue;
    const table = col.table ? String(col.table).toLowerCase() : null;
    if (table !== null && !names.has(table)) continue;
    const column = columnName(col);
    if (!column) continue;
    if (op === '=') {
      const v = literal(other, params);
      if (v !== undefined) add(column, { in: [v] });
    } else if (op === 'IN') {
      const list = literalList(other, params);
      if (list) add(column, { in: list });
    } else if (op === '<>' || op === '!=') {
      const v = literal(other, params);
      if (v !== undefined) add(column, { notIn: [v] });
    } else if (op === 'NOT IN') {
      const list = literalList(other, params);
      if (list) add(column, { notIn: list });
    } else if (op === 'BETWEEN') {
      const list = literalList(other, params);
      if (list && list.length === 2) add(column, { min: list[0], max: list[1] });
    } else if (op === '>=' || op === '>') {
      const v = literal(other, params);
      if (v !== undefined) add(column, { min: v });
    } else if (op === '<=' || op === '<') {
      const v = literal(other, params);
      if (v !== undefined) add(column, { max: v });
    }
  }
  return filters;
}

function literal(node: unknown, params: Record<string, unknown>): Literal | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as Node;
  if (n.type === 'number' && typeof n.value === 'number') return n.value;
  if ((n.type === 'single_quote_string' || n.type === 'string') && typeof n.value === 'string') return n.value;
  if (n.type === 'param') {
    const v = params[String(n.value)];
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  return undefined;
}

function literalList(node: unknown, params: Record<string, unknown>): Literal[] | undefined {
  const n = node as Node | undefined;
  if (!n || n.type !== 'expr_list' || !Array.isArray(n.value)) return undefined;
  const out: Literal[] = [];
  for (const item of n.value) {
    const v = literal(item, params);
    if (v === undefined) return undefined; // a non-literal member: cannot prune on it
    out.push(v);
  }
  return out;
}

/** Follow views down to stored tables. */
function expand(relation: string, columns: Set<string> | 'all', filters: Filters, via: string[], relations: RelationMap, out: Scan[]): void {
  const def = relations[relation];
  if (!def) return;
  if (!Array.isArray(def)) {
    out.push({ table: (def as { table: string }).table, columns: columns === 'all' ? 'all' : [...columns].sort(), filters, via });
    return;
  }
  for (const read of def as readonly RelationRead[]) {
    const cols: Set<string> | 'all' =
      read.passThrough && columns === 'all' ? 'all' : new Set([...read.columns, ...(read.passThrough && columns !== 'all' ? columns : [])]);
    const pass = new Set(read.pushdown ?? []);
    const kept: Filters = {};
    for (const [c, f] of Object.entries(filters)) if (pass.has(c)) kept[c] = f;
    // The view's own constant predicates on this read hold whatever the query asks.
    for (const [c, f] of Object.entries(read.filters ?? {})) kept[c] = [...(kept[c] ?? []), ...f];
    if (via.length > 16) throw new Error(`Relation map loops: ${via.join(' → ')}`);
    expand(read.relation, cols, kept, [...via, read.relation], relations, out);
  }
}
