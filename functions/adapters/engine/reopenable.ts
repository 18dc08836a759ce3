/**
 * An engine over a warehouse that changes while it serves: the local DuckDB engine answers from
 * a snapshot (a database named by the warehouse's fingerprint), so after the server itself writes
 * to the warehouse (an analyst's review) it opens the next snapshot and answers from it. Queries
 * already running finish on the old one, which is closed when the last of them ends.
 */
import type { Engine, QueryOptions, QueryResult } from './engine.ts';

export class ReopenableEngine implements Engine {
  readonly name: Engine['name'];
  private inFlight = new Map<Engine, number>();
  private reopening: Promise<void> | undefined;

  constructor(private current: Engine, private readonly openNext: () => Promise<Engine>) {
    this.name = current.name;
  }

  get snapshot(): string | undefined {
    return this.current.snapshot;
  }

  private async use<T>(run: (e: Engine) => Promise<T>): Promise<T> {
    const e = this.current;
    this.inFlight.set(e, (this.inFlight.get(e) ?? 0) + 1);
    try {
      return await run(e);
    } finally {
      const n = this.inFlight.get(e)! - 1;
      if (n > 0) this.inFlight.set(e, n);
      else {
        this.inFlight.delete(e);
        if (e !== this.current) await e.close();
      }
    }
  }

  query(sql: string, options?: QueryOptions): Promise<QueryResult> {
    return this.use((e) => e.query(sql, options));
  }

  parseTree(sql: string, options?: Pick<QueryOptions, 'maxRows' | 'params'>): Promise<unknown> {
    return this.use(async (e) => e.parseTree?.(sql, options));
  }

  /** Opens the warehouse's current snapshot; concurrent calls share one opening. */
  reopen(): Promise<void> {
    this.reopening ??= (async () => {
      try {
        const next = await this.openNext();
        const old = this.current;
        this.current = next;
        if (old !== next && !this.inFlight.has(old)) await old.close();
      } finally {
        this.reopening = undefined;
      }
    })();
    return this.reopening;
  }

  async close(): Promise<void> {
    await this.current.close();
  }
}
