/**
 * The local engine of a running server: DuckDB over the latest snapshot of the warehouse, moving
 * to a new snapshot when data arrives, without a restart. A cheap change token (a stat per
 * partition folder, duckdb-warehouse.ts changeToken) is checked on a timer and before a query;
 * when it changes, the next snapshot is made — incrementally: only the keys the new files touch
 * are recomputed — and opened, and queries move to it. A query waits for a move in progress up to
 * `waitMs` (an incremental one takes well under a second), then answers from what is ready.
 * The snapshot each answer came from is `snapshot`, so callers' caches keyed by it stay right.
 */
import type { Engine, QueryOptions, QueryResult } from './engine.ts';
import { DuckDbEngine } from './duckdb.ts';
import { changeToken, prepareSpare, warehouseDatabase, type ViewDefinition } from './duckdb-warehouse.ts';

export interface LiveEngineOptions {
  /** The relations to materialize (the shared views: functions/queries/views.ts sharedViews()). */
  views: ViewDefinition[];
  /** Check for new data at most this often (ms) before a query; 100 by default. */
  checkEveryMs?: number;
  /** Also check on a timer this often (ms), so a move starts before anyone asks; 0: never. */
  pollMs?: number;
  /** How long a query waits for a move in progress (ms) before answering from the current snapshot. */
  waitMs?: number;
  /** `cache: false` runs every query (benchmarks). */
  cache?: boolean;
  /** Told as each relation of the first snapshot is built. */
  onStep?: (step: string, ms: number) => void;
  /** Told after each move to a new snapshot, or of a failure to make one. */
  onRefresh?: (e: { snapshot: string; built: false | 'incremental' | 'full'; ms: number } | { error: Error }) => void;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class LiveDuckDbEngine implements Engine {
  readonly name = 'duckdb' as const;
  private lastCheck = 0;
  private held = 0;
  private pending: Promise<void> | undefined;
  private readonly users = new Map<DuckDbEngine, number>();
  private readonly retired = new Set<DuckDbEngine>();
  private readonly timer: NodeJS.Timeout | undefined;
  /** The spare snapshot the first update will bring up to date, made in the background. */
  private readonly spare: Promise<unknown>;

  private constructor(
    private readonly root: string,
    private current: DuckDbEngine,
    private token: string,
    private readonly opts: LiveEngineOptions,
  ) {
    this.spare = prepareSpare(root);
    if (opts.pollMs) {
      this.timer = setInterval(() => void this.refresh(false), opts.pollMs);
      this.timer.unref();
    }
  }

  static async open(root: string, opts: LiveEngineOptions): Promise<LiveDuckDbEngine> {
    const token = changeToken(root);
    const engine = await DuckDbEngine.open(root, { views: opts.views, onStep: opts.onStep, cache: opts.cache });
    return new LiveDuckDbEngine(root, engine, token, opts);
  }

  /** The database file answers currently come from (named by the warehouse fingerprint). */
  get snapshot(): string {
    return this.current.snapshot;
  }

  /**
   * Moves to a new snapshot if the warehouse changed since the last check (checked at most every
   * `checkEveryMs`); `wait`: waits for a move in progress, up to `waitMs`.
   */
  async refresh(wait = true, force = false): Promise<void> {
    const now = performance.now();
    if (!this.pending && (force || (this.held === 0 && now - this.lastCheck >= (this.opts.checkEveryMs ?? 100)))) {
      this.lastCheck = now;
      const token = changeToken(this.root);
      if (token !== this.token) this.pending = this.move(token).finally(() => (this.pending = undefined));
    }
    if (wait && this.pending) await Promise.race([this.pending, delay(this.opts.waitMs ?? 5_000)]);
  }

  /**
   * Stops looking for new data until `release`: a bulk ingest in progress (the first start's
   * background years) would otherwise be picked up file by file, each time a new snapshot.
   */
  hold(): void {
    this.held++;
  }

  /** Ends a `hold`, and moves to the data written meanwhile. */
  async release(): Promise<void> {
    this.held = Math.max(0, this.held - 1);
    if (this.held === 0) {
      await this.pending;
      await this.refresh(true, true);
      await this.pending;
    }
  }

  private async move(token: string): Promise<void> {
    const started = performance.now();
    try {
      const { path, built } = await warehouseDatabase(this.root, { views: this.opts.views });
      // Files written while the snapshot was made change the token again: the next check moves on.
      this.token = token;
      if (path === this.current.snapshot) return;
      const next = await DuckDbEngine.open(this.root, { views: this.opts.views, database: path, cache: this.opts.cache });
      const old = this.current;
      this.current = next;
      this.retire(old);
      this.opts.onRefresh?.({ snapshot: next.snapshot, built, ms: performance.now() - started });
    } catch (e) {
      // Not retried until the warehouse changes again: a failing build must not loop.
      this.token = token;
      this.opts.onRefresh?.({ error: e as Error });
    }
  }

  /** Closes an engine no query uses any more, or once its last query ends. */
  private retire(e: DuckDbEngine): void {
    if (this.users.get(e)) this.retired.add(e);
    else void e.close();
  }

  async query(sql: string, options?: QueryOptions): Promise<QueryResult> {
    await this.refresh();
    return this.using((e) => e.query(sql, options));
  }

  /** DuckDB's own parse of the text `query` would run (the SQL guard's second reader). */
  async parseTree(sql: string, options?: Pick<QueryOptions, 'maxRows' | 'params'>): Promise<unknown> {
    return this.using((e) => e.parseTree(sql, options));
  }

  /** Runs `fn` on the current engine, which is not closed before `fn` ends. */
  private async using<T>(fn: (e: DuckDbEngine) => Promise<T>): Promise<T> {
    const e = this.current;
    this.users.set(e, (this.users.get(e) ?? 0) + 1);
    try {
      return await fn(e);
    } finally {
      const n = this.users.get(e)! - 1;
      if (n > 0) this.users.set(e, n);
      else {
        this.users.delete(e);
        if (this.retired.delete(e)) void e.close();
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.spare;
    await this.pending;
    await this.current.close();
    for (const e of this.retired) await e.close();
    this.retired.clear();
  }
}
