/**
 * Runs named analyses through the Engine interface (DuckDB locally, Athena in Lambda): the same
 * SQL files, parameters checked and derived by the registry, values bound by the engine.
 */
import type { Engine } from '../adapters/engine/engine.ts';
import { analysisSql, namedQuery, prepareParams } from '../queries/registry.ts';

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
  readonly asOf: string | undefined;
  /** Analyses that had to be asked without `as_of` (their answers are today's, not the moment's). */
  readonly ignored: ReadonlySet<string>;
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
