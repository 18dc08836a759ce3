/**
 * "As of" a past moment (issue 16, contract 1): the notebook's analyses answer from the report
 * revisions the warehouse knew then. Every named analysis takes `as_of`; a published extract is a
 * snapshot of now, so a cell reading one asks its fallback analysis instead. SQL cells read the
 * current tables (the page says so). Pure: the page runs the notebook this returns.
 */
import type { Cell, Notebook } from './types.ts';

/** A date (end of that day in Vietnam) or a date and time (Vietnam time), as the API reads them. */
const MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;

export function isMoment(v: unknown): v is string {
  return typeof v === 'string' && MOMENT.test(v) && !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : `${v}Z`));
}

/** The moment from a date and an optional time control (time: HH:MM or HH:MM:SS). */
export function momentOf(date: string, time = ''): string | undefined {
  if (!date) return undefined;
  const m = time ? `${date}T${time}` : date;
  return isMoment(m) ? m : undefined;
}

function cellAsOf(cell: Cell, asOf: string): Cell {
  if (cell.kind !== 'data') return cell;
  const src = cell.source;
  if (src.type === 'analysis') return { ...cell, source: { ...src, params: { ...src.params, as_of: asOf } } };
  if (src.type === 'extract' && src.fallback) {
    return { ...cell, source: { type: 'analysis', analysis: src.fallback.analysis, params: { ...src.fallback.params, as_of: asOf } } };
  }
  return cell;
}

/** The notebook as it runs: with `as_of` set, every analysis cell asks for that moment. */
export function withAsOf(nb: Notebook): Notebook {
  const asOf = nb.as_of;
  if (!isMoment(asOf)) return nb;
  return { ...nb, cells: nb.cells.map((c) => cellAsOf(c, asOf)) };
}
