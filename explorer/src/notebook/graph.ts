/**
 * The dependency graph of a notebook: which cell reads which, in what order cells can run, and
 * which cells cannot run (unknown name, a name defined twice, a cycle) — each with its own error,
 * so that one broken cell never stops the others.
 */
import { cellOutput, cellRefs } from './refs.ts';
import type { Cell, Notebook } from './types.ts';

export interface GraphError {
  code: 'unknown_ref' | 'duplicate_name' | 'cycle';
  message_vi: string;
  message_en: string;
}

export interface Graph {
  /** Cell id → ids of the cells it reads. */
  deps: Map<string, string[]>;
  /** Cell id → input names it reads. */
  inputs: Map<string, string[]>;
  /** Output name → defining cell id. */
  names: Map<string, string>;
  /** Cells in an order where every cell comes after what it reads (broken cells included, at the end of their chain). */
  order: string[];
  /** Cells that cannot run, and why. */
  errors: Map<string, GraphError>;
}

export function buildGraph(nb: Notebook): Graph {
  const names = new Map<string, string>();
  const errors = new Map<string, GraphError>();
  for (const cell of nb.cells) {
    const out = cellOutput(cell);
    if (out === undefined) continue;
    if (names.has(out)) {
      errors.set(cell.id, {
        code: 'duplicate_name',
        message_vi: `Tên "${out}" đã được một ô khác dùng; hãy đặt tên khác.`,
        message_en: `The name "${out}" is already used by another cell; choose another.`,
      });
    } else names.set(out, cell.id);
  }

  const deps = new Map<string, string[]>();
  const inputs = new Map<string, string[]>();
  for (const cell of nb.cells) {
    const refs = cellRefs(cell);
    inputs.set(cell.id, refs.inputs);
    const ids: string[] = [];
    for (const name of refs.cells) {
      const id = names.get(name);
      if (id === undefined) {
        if (!errors.has(cell.id)) {
          errors.set(cell.id, {
            code: 'unknown_ref',
            message_vi: `Không có ô nào tên "${name}".`,
            message_en: `No cell is named "${name}".`,
          });
        }
      } else ids.push(id);
    }
    deps.set(cell.id, ids);
    const unknownInput = refs.inputs.find((n) => !(n in nb.inputs));
    if (unknownInput !== undefined && !errors.has(cell.id)) {
      errors.set(cell.id, {
        code: 'unknown_ref',
        message_vi: `Không có tham số "${unknownInput}".`,
        message_en: `No input named "${unknownInput}".`,
      });
    }
  }

  // Depth-first topological sort in notebook order; a back edge marks every cell on the cycle.
  const order: string[] = [];
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const visit = (id: string): void => {
    const s = state.get(id);
    if (s === 2) return;
    if (s === 1) {
      const cycle = stack.slice(stack.indexOf(id));
      for (const c of cycle) {
        errors.set(c, {
          code: 'cycle',
          message_vi: `Vòng phụ thuộc: các ô đọc lẫn nhau (${cycle.join(' → ')} → ${id}).`,
          message_en: `Dependency cycle: these cells read each other (${cycle.join(' → ')} → ${id}).`,
        });
      }
      return;
    }
    state.set(id, 1);
    stack.push(id);
    for (const d of deps.get(id) ?? []) visit(d);
    stack.pop();
    state.set(id, 2);
    order.push(id);
  };
  for (const cell of nb.cells) visit(cell.id);
  return { deps, inputs, names, order, errors };
}

/** The given cells and every cell that reads them, directly or not. */
export function downstream(graph: Graph, ids: Iterable<string>): Set<string> {
  const readers = new Map<string, string[]>();
  for (const [id, ds] of graph.deps) for (const d of ds) readers.set(d, [...(readers.get(d) ?? []), id]);
  const out = new Set<string>();
  const todo = [...ids];
  while (todo.length) {
    const id = todo.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    todo.push(...(readers.get(id) ?? []));
  }
  return out;
}

/** Cells that read any of the given inputs. */
export function readersOfInputs(graph: Graph, names: Iterable<string>): Set<string> {
  const wanted = new Set(names);
  const out = new Set<string>();
  for (const [id, ins] of graph.inputs) if (ins.some((n) => wanted.has(n))) out.add(id);
  return out;
}

export function cellById(nb: Notebook, id: string): Cell | undefined {
  return nb.cells.find((c) => c.id === id);
}
