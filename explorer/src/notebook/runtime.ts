/**
 * The dataflow runtime. A cell runs when its source changes, when an input it reads changes, or
 * when a cell it reads re-ran — and only then. Cells run as soon as what they read is ready
 * (independent data cells load in parallel); a failure stays in its cell and the cells that read
 * it show that they are waiting on a broken cell.
 */
import { buildGraph, downstream, type Graph } from './graph.ts';
import { cellRefs } from './refs.ts';
import { canonical } from './serialize.ts';
import { inputValues } from './edit.ts';
import { NotebookError, type Cell, type CellKind, type Notebook } from './types.ts';

export interface CellError {
  code: string;
  message_vi: string;
  message_en: string;
}

export type CellStatus = 'running' | 'ok' | 'error';

export interface CellResult {
  status: CellStatus;
  value?: unknown;
  error?: CellError;
  /** Progress reported by the executor while running (e.g. an SQL cost estimate). */
  progress?: unknown;
  ms?: number;
  /** How many times this cell has run since it was created. */
  runs: number;
}

export interface ExecContext {
  inputs: Record<string, string | number>;
  /** Output of the cell defining `name` (already computed when the executor is called). */
  get(name: string): unknown;
  signal: AbortSignal;
  progress(p: unknown): void;
}

export type Executor = (cell: Cell, ctx: ExecContext) => Promise<unknown> | unknown;
export type Executors = Partial<Record<CellKind, Executor>>;

/** Turns anything thrown into a bilingual cell error. */
export function toCellError(e: unknown): CellError {
  if (e instanceof NotebookError) return { code: e.code, message_vi: e.message_vi, message_en: e.message_en };
  if (e && typeof e === 'object' && 'message_vi' in e && 'message_en' in e) {
    const o = e as { code?: string; message_vi: string; message_en: string };
    return { code: o.code ?? 'error', message_vi: o.message_vi, message_en: o.message_en };
  }
  if (e instanceof DOMException && e.name === 'AbortError') return { code: 'cancelled', message_vi: 'Đã huỷ.', message_en: 'Cancelled.' };
  const msg = e instanceof Error ? e.message : String(e);
  return { code: 'error', message_vi: `Lỗi: ${msg}`, message_en: `Error: ${msg}` };
}

export class Runtime {
  private graph: Graph | undefined;
  private signatures = new Map<string, string>();
  private results = new Map<string, CellResult>();
  private pending = new Map<string, Promise<CellResult>>();
  private controllers = new Map<string, AbortController>();
  private runs = new Map<string, number>();
  private notebook: Notebook | undefined;

  constructor(
    private readonly executors: Executors,
    private readonly onResult: (id: string, result: CellResult) => void = () => {},
  ) {}

  result(id: string): CellResult | undefined {
    return this.results.get(id);
  }

  /** Brings every cell up to date with `nb`, running only what changed; resolves when all settled. */
  update(nb: Notebook, force: Iterable<string> = []): Promise<void> {
    this.notebook = nb;
    const graph = buildGraph(nb);
    this.graph = graph;
    const inputs = inputValues(nb);
    const byId = new Map(nb.cells.map((c) => [c.id, c]));

    // Forget removed cells.
    for (const id of [...this.signatures.keys()]) {
      if (!byId.has(id)) {
        this.controllers.get(id)?.abort();
        for (const m of [this.signatures, this.results, this.pending, this.controllers, this.runs]) m.delete(id);
      }
    }

    const changed = new Set<string>(force);
    for (const cell of nb.cells) {
      const sig = signature(cell, inputs, graph);
      if (this.signatures.get(cell.id) !== sig) changed.add(cell.id);
      this.signatures.set(cell.id, sig);
    }
    const dirty = downstream(graph, changed);
    for (const id of graph.order) if (dirty.has(id)) this.start(byId.get(id)!, inputs, graph, byId);
    return Promise.all(graph.order.map((id) => this.pending.get(id))).then(() => undefined);
  }

  /** Re-runs one cell and what reads it. */
  rerun(id: string): Promise<void> {
    return this.notebook ? this.update(this.notebook, [id]) : Promise.resolve();
  }

  /** Stops a running cell; it shows "cancelled". */
  cancel(id: string): void {
    this.controllers.get(id)?.abort();
  }

  private start(cell: Cell, inputs: Record<string, string | number>, graph: Graph, byId: Map<string, Cell>): void {
    this.controllers.get(cell.id)?.abort();
    const controller = new AbortController();
    this.controllers.set(cell.id, controller);
    const deps = graph.deps.get(cell.id) ?? [];
    const upstream = deps.map((d) => this.pending.get(d) ?? Promise.resolve(this.results.get(d)));
    const runs = (this.runs.get(cell.id) ?? 0);

    const promise = (async (): Promise<CellResult> => {
      const graphError = graph.errors.get(cell.id);
      if (graphError) return { status: 'error', error: graphError, runs };
      this.publish(cell.id, { status: 'running', runs: runs + 1 }, controller);
      const ups = await Promise.all(upstream);
      if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
      const broken = ups.findIndex((r) => !r || r.status !== 'ok');
      if (broken >= 0) {
        const dep = byId.get(deps[broken]);
        const label = dep?.name ?? dep?.id ?? deps[broken];
        return {
          status: 'error',
          error: {
            code: 'upstream',
            message_vi: `Ô "${label}" mà ô này đọc đang bị lỗi.`,
            message_en: `Cell "${label}", which this cell reads, has an error.`,
          },
          runs,
        };
      }
      const executor = this.executors[cell.kind];
      if (!executor) return { status: 'ok', value: undefined, runs };
      this.runs.set(cell.id, runs + 1);
      const t0 = now();
      const ctx: ExecContext = {
        inputs,
        signal: controller.signal,
        get: (name) => {
          const id = graph.names.get(name);
          return id === undefined ? undefined : this.results.get(id)?.value;
        },
        progress: (p) => {
          if (!controller.signal.aborted) this.publish(cell.id, { status: 'running', progress: p, runs: runs + 1 }, controller);
        },
      };
      const value = await executor(cell, ctx);
      if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
      return { status: 'ok', value, ms: now() - t0, runs: runs + 1 };
    })().catch((e: unknown): CellResult => ({ status: 'error', error: toCellError(e), runs: this.runs.get(cell.id) ?? runs }))
      .then((result) => {
        // A newer run of this cell replaced this one: its result is not the cell's any more.
        if (this.controllers.get(cell.id) === controller) this.publish(cell.id, result, controller);
        return this.controllers.get(cell.id) === controller ? result : (this.pending.get(cell.id) ?? Promise.resolve(result));
      });
    this.pending.set(cell.id, promise);
  }

  private publish(id: string, result: CellResult, controller: AbortController): void {
    if (this.controllers.get(id) !== controller) return;
    this.results.set(id, result);
    this.onResult(id, result);
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** What a cell's output depends on, apart from upstream cells: its own source and the inputs it reads. */
function signature(cell: Cell, inputs: Record<string, string | number>, graph: Graph): string {
  // Collapsing a cell or arranging its pivot changes how it looks, not what it computes.
  const { collapsed: _collapsed, title: _title, pivot: _pivot, ...source } = cell;
  const read = cellRefs(cell).inputs.map((n) => [n, inputs[n]]);
  return JSON.stringify([canonical(source), read, graph.errors.get(cell.id)?.code ?? null]);
}
