/**
 * Runs named analyses through the Engine interface (DuckDB locally, Athena in Lambda): the same
 * SQL files, parameters checked and derived by the registry, values bound by the engine.
 */
import type { Engine } from '../adapters/engine/engine.ts';
import { analysisSql, namedQuery, prepareParams } from '../queries/registry.ts';
import { parseAsOf } from '../core/as-of/moment.ts';

export function hasAnalysis(name: string): boolean {
  return namedQuery(name) !== undefined;
}

/** Whether an analysis declares a parameter (lets the job use options added to an analysis later). */
export function acceptsParam(name: string, param: string): boolean {
  return namedQuery(name)?.params.some((p) => p.name === param) ?? false;
}

export async function runAnalysis<T = Record<string, unknown>>(engine: Engine, name: string, raw: Record<string, unknown>, signal?: AbortSignal): Promise<T[]> {
  const q = namedQuery(name);
  if (!q) throw new Error(`Không có phân tích "${name}" / no analysis "${name}"`);
  const params = prepareParams(q, raw);
  // with as_of, the analysis over the revisions known then (queries/registry.ts analysisSql)
  const r = await engine.query(analysisSql(name, params, engine.name), { params, signal });
  return r.rows as T[];
}

/** Maps `fn` over `items` with at most `limit` calls in flight (Athena throttles bursts; DuckDB has few cores). */
export async function mapLimit<I, O>(items: readonly I[], limit: number, fn: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Asks analyses as of one moment (contract 4); `ignored` names any asked that do not take
 * `as_of`. Without a moment (undefined) analyses answer as of now and nothing is recorded.
 */
export interface Asker {
  ask<T = Record<string, unknown>>(name: string, raw: Record<string, unknown>): Promise<T[]>;
  /** The moment the answers are as of (recorded with them); undefined: now, unrecorded. */
  readonly asOf: string | undefined;
  /** Analyses that had to be asked without `as_of` (their answers are today's, not the moment's). */
  readonly ignored: ReadonlySet<string>;
}

/**
 * A run "as of now" (a scheduled comparison, the extracts it refreshes) answers from the current
 * figures — the materialized path locally, the plain views on Athena — rather than composing every
 * analysis over the ledger cut at `asOf`: the cut is several times slower (the comparison test: 61 s
 * → 146 s) and scans more on Athena. The two agree while the ledger holds nothing after `asOf` and
 * does not change during the run; that is checked before and after `work` (row count, rows ingested
 * after the moment, in the ledger of every stored revision), and if it fails `work` runs again, as of `asOf` exactly. So the recorded
 * moment always reproduces the figures.
 */
export async function askSteady<T>(engine: Engine, asOf: string, work: (asker: Asker) => Promise<T>, signal?: AbortSignal): Promise<{ value: T; asker: Asker }> {
  const before = await ledgerMark(engine, asOf, signal);
  if (before.later === 0) {
    // Asks without as_of, yet stands for the moment: what it answers is recorded as of `asOf`.
    const current: Asker = { ...askAsOf(engine, undefined, signal), asOf };
    const value = await work(current);
    const after = await ledgerMark(engine, asOf, signal);
    if (after.rows === before.rows && after.later === 0) return { value, asker: current };
  }
  const exact = askAsOf(engine, asOf, signal);
  return { value: await work(exact), asker: exact };
}

/** The ledger's size (`reports`: every stored revision once, materialized locally), and how many of its reports were ingested after `asOf` (none is the steady case). */
async function ledgerMark(engine: Engine, asOf: string, signal?: AbortSignal): Promise<{ rows: number; later: number }> {
  const moment = parseAsOf(asOf);
  if (!moment) throw new Error(`as_of ${asOf} is not a moment`);
  const r = await engine.query(
    'SELECT count(*) AS n, count(CASE WHEN ingested_at > CAST(:as_of AS TIMESTAMP) THEN 1 END) AS later FROM reports',
    { params: { as_of: moment }, signal },
  );
  const row = r.rows[0] ?? {};
  return { rows: Number(row.n ?? 0), later: Number(row.later ?? 0) };
}

export function askAsOf(engine: Engine, asOf: string | undefined, signal?: AbortSignal): Asker {
  const ignored = new Set<string>();
  return {
    asOf,
    ignored,
    ask<T>(name: string, raw: Record<string, unknown>): Promise<T[]> {
      const params = asOf === undefined ? raw : acceptsParam(name, 'as_of') ? { ...raw, as_of: asOf } : (ignored.add(name), raw);
      return runAnalysis<T>(engine, name, params, signal);
    },
  };
}
