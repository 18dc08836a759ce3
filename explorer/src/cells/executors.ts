/**
 * What each kind of cell computes, given what it reads. Rendering of interactive outputs (tables
 * with paging, the SQL confirmation) is in the views; charts are drawn here because a chart is
 * its output.
 */
import type { ColumnTable } from 'arquero';
import { parsePeriod } from '../../../functions/core/calendar.ts';
import { loadExtract, loadExtractByName, runAnalysis, estimateSql, runSql, type Estimate } from '../data/api.ts';
import { withFlags } from '../data/flags.ts';
import { isFrame, type Frame } from '../data/frame.ts';
import { loadCatalog, loadUnits, targetAt, type Catalog } from '../data/reference.ts';
import { table as aqTable } from 'arquero';
import { formatNumber, getLang, pick } from '../i18n/i18n.ts';
import { compileChart, sanitizeDescription } from '../notebook/chart-spec.ts';
import { fillTemplate, resolveParam } from '../notebook/refs.ts';
import type { Executors, ExecContext } from '../notebook/runtime.ts';
import { applyTransform } from '../notebook/transform.ts';
import { NotebookError, type Cell, type ChartCell, type DataCell, type SqlCell, type TransformCell } from '../notebook/types.ts';
import { indicatorLabel, renderPlot, type Tile } from './plot-render.ts';
import tiles63 from '../geo/tiles-63.json' with { type: 'json' };
import tiles34 from '../geo/tiles-34.json' with { type: 'json' };

export interface ChartOutput {
  element: SVGSVGElement | HTMLElement;
  frame: Frame;
}

export interface SqlProgress {
  estimate: Estimate;
  sql: string;
}

/** Estimated cost under which a SQL cell runs without asking (a tenth of a cent: a few hundred MB on Athena). */
export const AUTO_RUN_USD = 0.001;

/** SQL cells wait here, after showing their estimate, until the reader runs or cancels them. */
export class Confirmations {
  private waiting = new Map<string, () => void>();
  wait(id: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
    });
  }
  confirm(id: string): boolean {
    const f = this.waiting.get(id);
    this.waiting.delete(id);
    f?.();
    return !!f;
  }
  isWaiting(id: string): boolean {
    return this.waiting.has(id);
  }
}

function upstreamFrame(ctx: ExecContext, name: string): Frame {
  const v = ctx.get(name);
  if (!isFrame(v)) throw new NotebookError('not_table', `"${name}" không phải là bảng.`, `"${name}" is not a table.`);
  return v;
}

function sqlLiteral(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** End date of the latest period in the table, for picking the target in force. */
function latestPeriodEnd(table: ColumnTable): string {
  if (!table.columnNames().includes('period')) return new Date().toISOString().slice(0, 10);
  let best = '';
  const get = table.getter('period');
  for (let i = 0; i < table.numRows(); i++) {
    const p = parsePeriod(String(get(i)));
    if (p && p.end > best) best = p.end;
  }
  return best || new Date().toISOString().slice(0, 10);
}

async function ruleFor(cell: ChartCell, frame: Frame, ctx: ExecContext): Promise<{ rule?: number; ruleLabel?: string }> {
  const form = cell.form;
  if (!form) return {};
  const rule = resolveParam(form.rule, ctx.inputs);
  if (typeof rule === 'number' || (typeof rule === 'string' && rule !== 'target' && rule !== '' && Number.isFinite(Number(rule)))) {
    return { rule: Number(rule) };
  }
  if (rule !== 'target') return {};
  const code = resolveParam(form.target_indicator, ctx.inputs);
  let catalog: Catalog;
  try {
    catalog = await loadCatalog();
  } catch {
    return {};
  }
  const ind = catalog.byCode.get(String(code));
  const target = targetAt(ind, latestPeriodEnd(frame.table));
  if (!target) return {};
  const label = `${getLang() === 'vi' ? 'Chỉ tiêu' : 'Target'} ${target.comparator} ${formatNumber(target.threshold)}${ind?.unit === 'percent' ? '\u00a0%' : ''}`;
  return { rule: target.threshold, ruleLabel: label };
}

function tilesFor(tiles: string | undefined, table: ColumnTable): Tile[] {
  if (tiles === '34') return tiles34.tiles;
  if (tiles === '63') return tiles63.tiles;
  const ids = table.columnNames().includes('unit_id') ? table.array('unit_id') : [];
  const p34 = Array.from(ids as ArrayLike<unknown>).filter((x) => String(x).startsWith('p34-')).length;
  const p63 = Array.from(ids as ArrayLike<unknown>).filter((x) => String(x).startsWith('p63-')).length;
  return p34 > p63 ? tiles34.tiles : tiles63.tiles;
}

/** What a click on a chart mark asks for: the row under the pointer (drill-down is the page's business). */
export type Drill = (row: Record<string, unknown>) => void;

export function makeExecutors(confirmations: Confirmations, drill?: Drill): Executors {
  return {
    markdown: async (c, ctx) => {
      const cell = c as { text: string; text_en?: string };
      // Indicator codes read as their names in prose.
      const cat = await loadCatalog().catch(() => undefined);
      const named = (lang: 'vi' | 'en'): Record<string, unknown> => Object.fromEntries(Object.entries(ctx.inputs).map(([k, v]) => {
        const ind = cat?.byCode.get(String(v));
        return [k, ind ? (lang === 'en' ? ind.name_en : ind.name_vi) : v];
      }));
      return { vi: fillTemplate(cell.text, named('vi')), en: fillTemplate(cell.text_en ?? cell.text, named('en')) };
    },

    data: async (c: Cell, ctx) => {
      const cell = c as DataCell;
      const src = cell.source;
      let frame: Frame;
      const analysisParams = (raw: Record<string, unknown>): Record<string, unknown> => {
        const params: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(raw ?? {})) {
          const r = resolveParam(v as never, ctx.inputs);
          if (r !== undefined && r !== '') params[k] = r;
        }
        return params;
      };
      if (src.type === 'extract') {
        const byName = src.name ? await loadExtractByName(src.name, ctx.signal) : undefined;
        if (byName) frame = byName;
        else if (src.path) frame = await loadExtract(src.path, src.format, ctx.signal);
        else if (src.fallback) frame = await runAnalysis(src.fallback.analysis, analysisParams(src.fallback.params), ctx.signal);
        else throw new NotebookError('no_extract', `Chưa có tệp trích xuất "${src.name ?? ''}" (chạy chitieu compare để tạo).`, `No extract "${src.name ?? ''}" yet (run chitieu compare to make it).`);
      } else if (src.type === 'units') {
        const units = await loadUnits();
        const table = aqTable({
          unit_id: units.map((u) => u.id),
          name: units.map((u) => u.name),
          level: units.map((u) => u.level),
          province_id: units.map((u) => u.province_id ?? u.id),
          parent_id: units.map((u) => u.parent_id ?? null),
          successor_id: units.map((u) => u.successor_id ?? null),
        });
        frame = { table, synthetic: false, source: 'units' };
      } else {
        frame = await runAnalysis(src.analysis, analysisParams(src.params), ctx.signal);
      }
      return { ...frame, table: withFlags(frame.table) };
    },

    transform: (c: Cell, ctx) => {
      const cell = c as TransformCell;
      const input = upstreamFrame(ctx, cell.input);
      const table = applyTransform(input.table, cell.steps, (name) => {
        const v = ctx.get(name);
        return isFrame(v) ? v.table : undefined;
      }, ctx.inputs);
      return { ...input, table, bytes: undefined, stats: undefined, source: `${input.source} → ${cell.name ?? cell.id}` } satisfies Frame;
    },

    sql: async (c: Cell, ctx) => {
      const cell = c as SqlCell;
      const sql = fillTemplate(cell.sql, ctx.inputs, sqlLiteral);
      const estimate = await estimateSql(sql, cell.max_rows, ctx.signal);
      // A query that costs next to nothing runs at once; a costly one waits for the reader's go-ahead.
      const cost = Number(estimate.cost_usd ?? estimate.usd ?? estimate.cost ?? NaN);
      if (!(cost < AUTO_RUN_USD)) {
        ctx.progress({ estimate, sql } satisfies SqlProgress);
        await confirmations.wait(cell.id, ctx.signal);
      }
      ctx.progress({ estimate, sql, running: true });
      const frame = await runSql(sql, cell.max_rows, ctx.signal);
      return { ...frame, table: withFlags(frame.table) };
    },

    chart: async (c: Cell, ctx) => {
      const cell = c as ChartCell;
      const frame = upstreamFrame(ctx, cell.input);
      const columns = frame.table.columnNames();
      const desc = cell.json ? sanitizeDescription(cell.json) : compileChart(cell.form ?? { mark: 'dot' }, { columns, ...(await ruleFor(cell, frame, ctx)) });
      await loadCatalog().catch(() => undefined);
      const axisLabel = (v: unknown): string | undefined => {
        const r = resolveParam(v as never, ctx.inputs);
        return r === undefined || r === null || r === '' ? undefined : indicatorLabel(r);
      };
      const rows = frame.table.objects() as Record<string, unknown>[];
      const usesTiles = desc.marks.some((m) => m.data === 'tiles');
      const element = renderPlot(desc, rows, {
        tiles: usesTiles ? tilesFor(cell.form?.tiles, frame.table) : undefined,
        ariaLabel: cell.title ? pick(cell as unknown as Record<string, unknown>, 'title') : undefined,
        percent: cell.form?.percent,
        xLabel: cell.json ? undefined : axisLabel(cell.form?.x_label),
        yLabel: cell.json ? undefined : axisLabel(cell.form?.y_label),
      });
      if (drill) {
        // Plot keeps the datum under the pointer (the one the tip shows) as the chart's value.
        element.addEventListener('click', () => {
          const row = (element as unknown as { value?: unknown }).value;
          if (row && typeof row === 'object') drill(row as Record<string, unknown>);
        });
        element.classList.add('drillable');
      }
      return { element, frame } satisfies ChartOutput;
    },

    table: (c: Cell, ctx) => upstreamFrame(ctx, (c as { input: string }).input),
  };
}
