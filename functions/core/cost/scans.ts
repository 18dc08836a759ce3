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
 *   (=, IN, BETWEEN, <, <=, >, >=; strict bounds are treated as inclusive); OR, functions of the
 *   column and predicates in an outer query (which Trino might push down) do not;
 * - each FROM occurrence is a separate scan (Athena reads a table once per occurrence).
 */
import type { AST } from 'node-sql-parser';
import { DEFAULT_RELATIONS, type RelationMap, type RelationRead } from './relations.ts';

export type Literal = string | number;
/** Inclusive bounds and/or a set of values; a value passes when it satisfies all given parts. */
export interface ValueFilter {
  in?: Literal[];
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
  for (const statement of Array.isArray(ast) ? ast : [ast]) walk(statement, new Set(), { relations, params, found, unmapped });
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

function walk(node: unknown, ctes: Set<string>, ctx: Ctx): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, ctes, ctx);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (typeof n.type === 'string' && n.type.toLowerCase() === 'select') return walkSelect(n, ctes, ctx);
  for (const [k, v] of Object.entries(n)) if (k !== 'tableList' && k !== 'columnList' && k !== 'loc') walk(v, ctes, ctx);
}

function walkSelect(n: Node, outer: Set<string>, ctx: Ctx): void {
  const ctes = new Set(outer);
  const withs = (n.with ?? []) as Node[];
  for (const w of withs) {
    const name = w.name as { value?: unknown } | string;
    ctes.add(String(typeof name === 'string' ? name : name?.value ?? '').toLowerCase());
  }
  for (const w of withs) {
    const stmt = w.stmt as Node | undefined;
    walk(stmt && 'ast' in stmt ? stmt.ast : stmt, ctes, ctx);
  }
  const items = flattenFrom((n.from ?? []) as Node[]);
  const direct = items.filter((i) => typeof i.table === 'string' && !i.expr);
  const conjuncts = andTerms(n.where);
  for (const item of direct) {
    const relation = String(item.table).toLowerCase();
    if (ctes.has(relation)) continue;
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

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

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
    if (via.length > 16) throw new Error(`Relation map loops: ${via.join(' → ')}`);
    expand(read.relation, cols, kept, [...via, read.relation], relations, out);
  }
}
