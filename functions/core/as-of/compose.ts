/**
 * "As of" a moment: a named analysis answered from the report revisions the warehouse knew then
 * (ledger rows with ingested_at <= :as_of, current and history alike), composed as ONE query
 * that DuckDB and Athena (Trino) both run.
 *
 * The derived relations (functions/queries/views/) are what the analyses read; without as_of the
 * engines answer from them directly (DuckDB: materialized tables kept up to date incrementally;
 * Athena: views). With as_of, the composed query carries each derived relation the analysis
 * needs as a WITH query built from that view's own SQL text — never a second hand-written copy —
 * over two as-of bases:
 * - `asof_reports`: the ledger (`reports`: curated and history, each revision once) cut at
 *   :as_of;
 * - the values: `all_values` (every committed revision's values, history included), read where a
 *   view read the curated values. current_values picks the current revision from the ledger it
 *   is given (here the cut one) and joins its values by batch, key, revision and submission time,
 *   so it only ever takes values of revisions known at :as_of. A relation that reads all values
 *   (`all_values` itself) gets `asof_all_values`: the values of the cut ledger's revisions.
 *
 * Every derived relation X becomes `asof_X` (no WITH query shadows a stored relation, so the
 * bases can read the real `reports` and `all_values` on either engine), placed before the
 * relations that read it; a view with its own WITH keeps it, nested (its names stay in its
 * scope). Only relations in table position (after FROM or JOIN, or as a qualifier) are renamed.
 * The analysis keeps its own WITH queries, after the composed ones; its text is otherwise
 * unchanged, so its result columns are too. Pure: texts in, text out.
 */
import { identName, lex, type Token } from '../sql/lex.ts';
import { partitionKeys, tableColumns } from '../warehouse-contract/tables.ts';

/** The parameter an as-of query binds (an ISO timestamp in UTC as 'YYYY-MM-DD HH:MM:SS.mmm'). */
export const AS_OF_PARAM = 'as_of';

/** A shared view: its name and its SELECT (functions/queries/views/<name>.sql). */
export interface ViewText {
  name: string;
  sql: string;
}

/** The name a relation has inside an as-of query. */
export const asOfName = (relation: string): string => `asof_${relation}`;

/** The ledger of every stored revision (curated and history), and every stored revision's values. */
export const LEDGER = 'reports';
export const ALL_VALUES = 'all_values';

/**
 * One cut of the ledger: the moment's parameter and the prefix of the relations computed at it.
 * An analysis is asked as of one moment (`as_of`, relations `asof_*`); the `changes` analysis
 * reads two cuts by their prefixed names (`before_current_values`, `after_current_values`).
 */
export interface Cut {
  param: string;
  prefix: string;
  /**
   * Parameters bounding the statistical years the cut reads (first, last): the years the
   * analysis asks about. Every derived relation is keyed by statistical year (a period and its
   * months share one), so rows of other years cannot change the answer; leaving them out of the
   * ledger keeps an as-of query from recomputing ten years to answer for one.
   */
  years?: [string, string];
  /**
   * Parameters bounding a span of ingest times (after the first, up to the second): the cut keeps
   * the ledger rows of report keys (unit, scope, period) that received a report in that span.
   * What changed between two moments can only be figures of those keys; at national-10y, cutting
   * both moments to them took "what changed since …" over every figure from 35 s to under a second.
   */
  changedBetween?: [string, string];
}

export const AS_OF_YEARS: [string, string] = ['as_of_first_year', 'as_of_last_year'];
export const AS_OF_CUT: Cut = { param: AS_OF_PARAM, prefix: 'asof_', years: AS_OF_YEARS };

/** The statistical years an analysis's (prepared) parameters ask about: its year parameters' range. */
export function yearsAsked(params: Record<string, unknown>): [number, number] {
  const years = ['from', 'to', 'stat_year', 'previous_stat_year', 'prior_stat_year']
    .map((k) => params[k])
    .filter((v): v is number => typeof v === 'number' && Number.isInteger(v));
  return years.length ? [Math.min(...years), Math.max(...years)] : [0, 9999];
}

/** The cuts an analysis may declare besides as_of (the cost estimate knows their relations). */
export const CHANGE_CUTS: readonly Cut[] = [
  { param: 'from', prefix: 'before_', changedBetween: ['from', 'to'] },
  { param: 'to', prefix: 'after_', changedBetween: ['from', 'to'] },
];
export const CUT_PREFIXES: readonly string[] = [AS_OF_CUT.prefix, ...CHANGE_CUTS.map((c) => c.prefix)];

/**
 * The bases of a cut. The ledger cut at the moment; the values of the revisions it keeps (for a
 * relation that reads every revision's values). Stored relation names as both engines publish them.
 */
export function cutBases(cut: Cut): ViewText[] {
  return [
    {
      name: LEDGER,
      // The ledger's columns (data-schemas/tables.json) and its partition keys, typed as the
      // values' are (a partition key read from Hive paths can come back as text).
      sql:
        `SELECT ${[...tableColumns('reports').map((c) => `r.${c.name}`), ...partitionKeys().map((k) => `CAST(r.${k.name} AS ${k.type === 'int' ? 'INTEGER' : 'VARCHAR'}) AS ${k.name}`)].join(', ')}\n` +
        `FROM ${LEDGER} r\nWHERE r.ingested_at <= CAST(:${cut.param} AS TIMESTAMP)` +
        (cut.years ? `\n  AND CAST(r.stat_year AS INTEGER) BETWEEN :${cut.years[0]} AND :${cut.years[1]}` : '') +
        (cut.changedBetween
          ? // One key column, not a row value or EXISTS: the SQL stays in the subset both engines (and
            // the Trino parser that checks it) read. A period label names its type and year.
            `\n  AND r.unit_id || '|' || r.scope || '|' || r.period IN (SELECT n.unit_id || '|' || n.scope || '|' || n.period FROM ${LEDGER} n` +
            ` WHERE n.ingested_at > CAST(:${cut.changedBetween[0]} AS TIMESTAMP) AND n.ingested_at <= CAST(:${cut.changedBetween[1]} AS TIMESTAMP))`
          : ''),
    },
    {
      name: ALL_VALUES,
      sql:
        `SELECT v.*\nFROM ${ALL_VALUES} v\nJOIN ${cut.prefix}${LEDGER} r\n` +
        `  ON v.report_id = r.report_id AND v.batch_id = r.batch_id AND v.stat_year = r.stat_year AND v.period_type = r.period_type`,
    },
  ];
}

/**
 * What the views read of the stored tables, inside a cut: the curated ledger is the cut ledger;
 * the curated values are every revision's values (current_values joins them to the cut ledger's
 * revisions). History is only read by `reports` and `all_values`, which are the bases.
 */
export function storedInCut(cut: Cut): Record<string, string> {
  return { curated_reports: `${cut.prefix}${LEDGER}`, curated_values: ALL_VALUES };
}
export const STORED_AS_OF: Readonly<Record<string, string>> = storedInCut(AS_OF_CUT);

const STORED_HISTORY = ['history_reports', 'history_values'];

const SKIPPED = new Set(['ws', 'line_comment', 'block_comment']);

function prevSignificant(tokens: Token[], i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) if (!SKIPPED.has(tokens[j]!.kind)) return tokens[j];
  return undefined;
}

function nextSignificant(tokens: Token[], i: number): Token | undefined {
  for (let j = i + 1; j < tokens.length; j++) if (!SKIPPED.has(tokens[j]!.kind)) return tokens[j];
  return undefined;
}

/** Is the word at i a relation reference: after FROM or JOIN, or qualifying a column (`x.col`)? */
function inTablePosition(tokens: Token[], i: number): boolean {
  const prev = prevSignificant(tokens, i);
  if (prev?.kind === 'punct' && prev.text === '.') return false; // a column or a schema-qualified name's tail
  if (prev?.kind === 'word' && ['from', 'join'].includes(prev.text.toLowerCase())) return true;
  const next = nextSignificant(tokens, i);
  return next?.kind === 'punct' && next.text === '.';
}

/** The relations a SQL text reads by name, among `names` (in table position only). */
export function relationsRead(sql: string, names: Iterable<string>): Set<string> {
  const wanted = new Set(names);
  const tokens = lex(sql);
  const out = new Set<string>();
  tokens.forEach((t, i) => {
    if ((t.kind === 'word' || t.kind === 'ident_quoted') && wanted.has(identName(t)) && inTablePosition(tokens, i)) out.add(identName(t));
  });
  return out;
}

/** `sql` with the relations named in `renames` (table position only) renamed. */
export function renameRelations(sql: string, renames: Readonly<Record<string, string>>): string {
  const tokens = lex(sql);
  return tokens
    .map((t, i) => {
      if (t.kind !== 'word' && t.kind !== 'ident_quoted') return t.text;
      const to = renames[identName(t)];
      return to !== undefined && inTablePosition(tokens, i) ? to : t.text;
    })
    .join('');
}

/** A query's own WITH queries (name and the text inside their parentheses) and what follows them. */
export function splitWith(sql: string): { ctes: { name: string; body: string; asEnd: number }[]; main: string; text: string } {
  const text = sql.trim().replace(/;$/, '');
  const tokens = lex(text);
  let i = 0;
  const skip = () => {
    while (i < tokens.length && SKIPPED.has(tokens[i]!.kind)) i++;
  };
  skip();
  if (tokens[i]?.kind !== 'word' || tokens[i]!.text.toLowerCase() !== 'with') return { ctes: [], main: text, text };
  i++;
  const ctes: { name: string; body: string; asEnd: number }[] = [];
  for (;;) {
    skip();
    const name = tokens[i];
    if (!name || (name.kind !== 'word' && name.kind !== 'ident_quoted')) throw new Error(`as-of: a WITH query name expected at ${name?.start ?? text.length}`);
    i++;
    skip();
    if (tokens[i]?.text.toLowerCase() !== 'as') throw new Error(`as-of: AS expected after WITH query ${name.text} (column lists are not supported)`);
    const asEnd = tokens[i]!.start + 2;
    i++;
    skip();
    if (tokens[i]?.text !== '(') throw new Error(`as-of: ( expected after ${name.text} AS`);
    const open = i;
    let depth = 0;
    for (; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'punct') continue;
      if (t.text === '(') depth++;
      else if (t.text === ')' && --depth === 0) break;
    }
    if (i >= tokens.length) throw new Error(`as-of: unbalanced parentheses in WITH query ${name.text}`);
    const bodyStart = tokens[open]!.start + 1;
    ctes.push({ name: identName(name), body: text.slice(bodyStart, tokens[i]!.start), asEnd });
    i++;
    skip();
    if (tokens[i]?.kind === 'punct' && tokens[i]!.text === ',') {
      i++;
      continue;
    }
    return { ctes, main: text.slice(tokens[i]?.start ?? text.length), text };
  }
}

/**
 * The derived relations an analysis reads (by the names given), directly or through other
 * views, in an order where each comes after the relations it reads.
 */
export function derivedClosure(sql: string, views: readonly ViewText[], readAs: (view: string) => string = (v) => v): string[] {
  const byName = new Map(views.map((v) => [v.name, v]));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, via: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`as-of: views read each other in a loop: ${[...via, name].join(' → ')}`);
    state.set(name, 'visiting');
    const v = byName.get(name)!;
    // The bases stand for the ledger and all values: their own reads (curated and history) are not followed.
    if (name !== LEDGER && name !== ALL_VALUES) {
      for (const dep of relationsRead(v.sql, byName.keys())) visit(dep, [...via, name]);
      // a view reading the curated ledger reads the cut ledger
      if (relationsRead(v.sql, ['curated_reports']).size) visit(LEDGER, [...via, name]);
    }
    if (name === ALL_VALUES) visit(LEDGER, [...via, name]);
    state.set(name, 'done');
    order.push(name);
  };
  const asRead = new Map([...byName.keys()].map((n) => [readAs(n), n]));
  for (const name of relationsRead(sql, asRead.keys())) visit(asRead.get(name)!, []);
  return order;
}

/**
 * How a WITH query is written. 'inline' (DuckDB): `AS NOT MATERIALIZED (…)`, so the planner
 * inlines it and pushes the analysis's predicates (indicator, years, period) down into the
 * views' windows and groupings to the stored tables, as Trino always does; DuckDB would
 * otherwise compute a WITH query named twice once, whole, for every year and indicator.
 */
export type WithStyle = 'plain' | 'inline';

const withAs = (style: WithStyle) => (style === 'inline' ? 'AS NOT MATERIALIZED' : 'AS');

/** Each view's text as it reads inside a cut (relations renamed to the cut's names). */
function cutViewText(view: ViewText, derived: ReadonlySet<string>, style: WithStyle, cut: Cut): string {
  for (const h of STORED_HISTORY) {
    if (relationsRead(view.sql, [h]).size) throw new Error(`as-of: view ${view.name} reads ${h}; only the ledger and all_values may (they are the as-of bases)`);
  }
  const text = renameRelations(view.sql, { ...storedInCut(cut), ...Object.fromEntries([...derived].map((d) => [d, `${cut.prefix}${d}`])) });
  if (style === 'plain') return text;
  // the hint after each of the view's own AS, the text otherwise as it is
  const own = splitWith(text);
  let out = own.text;
  for (const c of [...own.ctes].reverse()) out = `${out.slice(0, c.asEnd)} NOT MATERIALIZED${out.slice(c.asEnd)}`;
  return out;
}

/** The WITH queries of one cut: its bases and the derived relations `sql` reads by `readAs` names. */
function cutQueries(sql: string, views: readonly ViewText[], style: WithStyle, cut: Cut, readAs: (view: string) => string): string[] {
  const all = new Map(views.map((v) => [v.name, v]));
  for (const b of [LEDGER, ALL_VALUES]) if (!all.has(b)) throw new Error(`as-of: the views must include ${b}`);
  const derived = new Set(all.keys());
  const bases = cutBases(cut);
  return derivedClosure(sql, views, readAs).map((name) => {
    const base = bases.find((b) => b.name === name);
    const body = base ? base.sql : cutViewText(all.get(name)!, derived, style, cut);
    return `${cut.prefix}${name} ${withAs(style)} (\n${body.trim().replace(/;$/, '')}\n)`;
  });
}

/** The WITH queries composed ahead of an analysis's own, then its main SELECT. */
function assemble(composed: string[], analysisSql: string): string {
  const own = splitWith(analysisSql);
  const ctes = [...composed, ...own.ctes.map((c) => `${c.name} AS (${c.body})`)];
  if (ctes.length === 0) return analysisSql;
  return `WITH ${ctes.join(',\n')}\n${own.main}`;
}

/**
 * The as-of form of an analysis: one query whose WITH carries the as-of bases and the derived
 * relations the analysis reads, then the analysis's own WITH queries and its main SELECT,
 * reading `asof_<relation>` wherever it read a derived relation. Binds :as_of besides the
 * analysis's own parameters.
 */
export function composeAsOf(analysisSql: string, views: readonly ViewText[], style: WithStyle = 'plain'): string {
  const renames = Object.fromEntries(views.map((v) => [v.name, asOfName(v.name)]));
  const renamed = renameRelations(analysisSql, renames);
  return assemble(cutQueries(analysisSql, views, style, AS_OF_CUT, (v) => v), renamed);
}

/**
 * An analysis that reads derived relations at several cuts by their prefixed names
 * (`before_current_values`, `after_reports` …): each cut's relations composed ahead of it, the
 * analysis text as it is. Binds each cut's parameter.
 */
export function composeCuts(analysisSql: string, views: readonly ViewText[], cuts: readonly Cut[], style: WithStyle = 'plain'): string {
  return assemble(cuts.flatMap((cut) => cutQueries(analysisSql, views, style, cut, (v) => `${cut.prefix}${v}`)), analysisSql);
}
