/**
 * Editing a notebook: pure functions from a notebook to a new notebook (the old one is untouched,
 * which is what makes undo a simple stack of previous versions).
 */
import { newCellId } from './serialize.ts';
import type { Cell, CellKind, Notebook } from './types.ts';

function indexOf(nb: Notebook, id: string): number {
  const i = nb.cells.findIndex((c) => c.id === id);
  if (i < 0) throw new Error(`no cell ${id}`);
  return i;
}

function withCells(nb: Notebook, cells: Cell[]): Notebook {
  return { ...nb, cells };
}

/** Inserts a cell at `index` (default: the end); a missing or taken id is replaced by a fresh one. */
export function addCell(nb: Notebook, cell: Cell, index = nb.cells.length): Notebook {
  const ids = nb.cells.map((c) => c.id);
  const id = cell.id && !ids.includes(cell.id) ? cell.id : newCellId(ids);
  const cells = nb.cells.slice();
  cells.splice(Math.max(0, Math.min(index, cells.length)), 0, { ...cell, id });
  return withCells(nb, cells);
}

export function deleteCell(nb: Notebook, id: string): Notebook {
  const i = indexOf(nb, id);
  return withCells(nb, [...nb.cells.slice(0, i), ...nb.cells.slice(i + 1)]);
}

/** Moves a cell by `delta` places (−1 up, +1 down), clamped to the notebook. */
export function moveCell(nb: Notebook, id: string, delta: number): Notebook {
  const i = indexOf(nb, id);
  const j = Math.max(0, Math.min(nb.cells.length - 1, i + delta));
  if (i === j) return nb;
  const cells = nb.cells.slice();
  const [cell] = cells.splice(i, 1);
  cells.splice(j, 0, cell);
  return withCells(nb, cells);
}

/** A copy right after the original, with a fresh id and (for cells that name an output) a fresh name. */
export function duplicateCell(nb: Notebook, id: string): Notebook {
  const i = indexOf(nb, id);
  const copy = structuredClone(nb.cells[i]) as Cell;
  copy.id = newCellId(nb.cells.map((c) => c.id));
  if (copy.name) {
    const taken = new Set(nb.cells.map((c) => c.name).filter(Boolean));
    let n = 2;
    while (taken.has(`${copy.name}_${n}`)) n++;
    copy.name = `${copy.name}_${n}`;
  }
  const cells = nb.cells.slice();
  cells.splice(i + 1, 0, copy);
  return withCells(nb, cells);
}

export function toggleCollapsed(nb: Notebook, id: string): Notebook {
  const i = indexOf(nb, id);
  const cells = nb.cells.slice();
  const c = cells[i];
  cells[i] = { ...c, collapsed: c.collapsed ? undefined : true };
  return withCells(nb, cells);
}

/** Replaces a cell's fields (the id and kind stay). */
export function updateCell(nb: Notebook, id: string, patch: Partial<Cell>): Notebook {
  const i = indexOf(nb, id);
  const cells = nb.cells.slice();
  cells[i] = { ...cells[i], ...patch, id: cells[i].id, kind: cells[i].kind } as Cell;
  return withCells(nb, cells);
}

export function setInput(nb: Notebook, name: string, value: string | number): Notebook {
  const def = nb.inputs[name];
  if (!def) throw new Error(`no input ${name}`);
  return { ...nb, inputs: { ...nb.inputs, [name]: { ...def, value } } };
}

/** The values of the inputs, as cells read them. */
export function inputValues(nb: Notebook): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, def] of Object.entries(nb.inputs)) out[k] = def.value;
  return out;
}

/** A new, empty cell of a kind, reading `input` when it needs one. */
export function blankCell(kind: CellKind, nb: Notebook, input?: string): Cell {
  const id = newCellId(nb.cells.map((c) => c.id));
  const lastName = input ?? [...nb.cells].reverse().find((c) => c.name)?.name ?? '';
  const names = new Set(nb.cells.map((c) => c.name).filter(Boolean));
  const fresh = (base: string): string => {
    let n = 1;
    while (names.has(`${base}${n}`)) n++;
    return `${base}${n}`;
  };
  switch (kind) {
    case 'markdown':
      return { id, kind, text: '' };
    case 'data':
      return { id, kind, name: fresh('data'), source: { type: 'analysis', analysis: 'trend', params: {} } };
    case 'transform':
      return { id, kind, name: fresh('t'), input: lastName, steps: [] };
    case 'chart':
      return { id, kind, input: lastName, form: { mark: 'dot', tip: true } };
    case 'table':
      return { id, kind, input: lastName, page_size: 20 };
    case 'sql':
      return { id, kind, name: fresh('q'), sql: 'SELECT indicator, count(*) AS n\nFROM current_values\nGROUP BY indicator\nORDER BY n DESC', max_rows: 1000 };
  }
}

/** Undo history: every change pushes the previous version; undo pops it. */
export class History {
  private past: Notebook[] = [];
  constructor(
    private current: Notebook,
    private readonly limit = 100,
  ) {}

  get notebook(): Notebook {
    return this.current;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  apply(change: (nb: Notebook) => Notebook): Notebook {
    const next = change(this.current);
    if (next === this.current) return next;
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.shift();
    this.current = next;
    return next;
  }

  undo(): Notebook {
    const prev = this.past.pop();
    if (prev) this.current = prev;
    return this.current;
  }

  /** Replaces the whole notebook (opening another one) and forgets the history. */
  reset(nb: Notebook): void {
    this.past = [];
    this.current = nb;
  }
}
