/**
 * Notebook JSON: a canonical text form (fixed key order, two-space indent, trailing newline) so
 * that a saved notebook diffs cleanly line by line, and a parser that validates and explains.
 */
import { CELL_KINDS, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, NotebookError, type Cell, type Notebook } from './types.ts';

// Keys that read best first, in this order; any other key follows alphabetically.
const KEY_ORDER = [
  'format', 'version', 'title', 'title_en', 'starter', 'inputs',
  'id', 'kind', 'name', 'collapsed',
  'type', 'label_vi', 'label_en', 'value', 'era', 'options',
  'input', 'source', 'analysis', 'path', 'params', 'steps', 'verb',
  'form', 'json', 'mark', 'x', 'y', 'color', 'fx', 'fy',
  'text', 'text_en', 'sql', 'cells',
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? Infinity;
  const rb = RANK.get(b) ?? Infinity;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep copy with keys in canonical order and undefined values dropped. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareKeys)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The notebook as canonical JSON text. Inputs keep their declared order (it is the order on screen). */
export function serializeNotebook(nb: Notebook): string {
  const c = canonical(nb) as Record<string, unknown>;
  // Inputs are a map whose order is meaningful (the controls' order): keep the author's order.
  const inputs: Record<string, unknown> = {};
  for (const k of Object.keys(nb.inputs)) inputs[k] = canonical(nb.inputs[k]);
  c.inputs = inputs;
  return JSON.stringify(c, null, 2) + '\n';
}

function fail(code: string, vi: string, en: string): never {
  throw new NotebookError(code, vi, en);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses and validates notebook JSON (text or an already parsed value). */
export function parseNotebook(input: string | unknown): Notebook {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      fail('bad_json', 'Tệp không phải JSON hợp lệ.', 'The file is not valid JSON.');
    }
  }
  if (!isObject(raw)) fail('not_object', 'Sổ tay phải là một đối tượng JSON.', 'A notebook must be a JSON object.');
  if (raw.format !== NOTEBOOK_FORMAT) {
    fail('bad_format', `Không phải sổ tay chitieu (format phải là "${NOTEBOOK_FORMAT}").`, `Not a chitieu notebook (format must be "${NOTEBOOK_FORMAT}").`);
  }
  if (raw.version !== NOTEBOOK_VERSION) {
    fail('bad_version', `Phiên bản sổ tay ${String(raw.version)} chưa được hỗ trợ (hỗ trợ: ${NOTEBOOK_VERSION}).`, `Notebook version ${String(raw.version)} is not supported (supported: ${NOTEBOOK_VERSION}).`);
  }
  if (typeof raw.title !== 'string') fail('bad_title', 'Thiếu tiêu đề (title).', 'Missing title.');
  const inputs = raw.inputs ?? {};
  if (!isObject(inputs)) fail('bad_inputs', '"inputs" phải là một đối tượng.', '"inputs" must be an object.');
  for (const [k, def] of Object.entries(inputs)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) fail('bad_input_name', `Tên tham số không hợp lệ: ${k}`, `Invalid input name: ${k}`);
    if (!isObject(def) || typeof def.type !== 'string' || !('value' in def)) {
      fail('bad_input', `Tham số ${k} thiếu type hoặc value.`, `Input ${k} lacks a type or value.`);
    }
  }
  if (!Array.isArray(raw.cells)) fail('bad_cells', '"cells" phải là một mảng.', '"cells" must be an array.');
  const ids = new Set<string>();
  raw.cells.forEach((cell, i) => {
    if (!isObject(cell)) fail('bad_cell', `Ô thứ ${i + 1} không phải đối tượng.`, `Cell ${i + 1} is not an object.`);
    if (typeof cell.id !== 'string' || cell.id === '') fail('bad_cell_id', `Ô thứ ${i + 1} thiếu id.`, `Cell ${i + 1} has no id.`);
    if (ids.has(cell.id)) fail('dup_cell_id', `Trùng id ô: ${cell.id}`, `Duplicate cell id: ${cell.id}`);
    ids.add(cell.id);
    if (!CELL_KINDS.includes(cell.kind as Cell['kind'])) {
      fail('bad_cell_kind', `Ô ${cell.id}: loại "${String(cell.kind)}" không được hỗ trợ.`, `Cell ${cell.id}: kind "${String(cell.kind)}" is not supported.`);
    }
    if (cell.name !== undefined && (typeof cell.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cell.name))) {
      fail('bad_cell_name', `Ô ${cell.id}: tên đầu ra phải là chữ, số, gạch dưới.`, `Cell ${cell.id}: output names are letters, digits and underscores.`);
    }
  });
  const nb = canonical(raw) as Notebook;
  // canonical() sorts keys; input names keep the author's order (the order of the controls).
  const ordered: Notebook['inputs'] = {};
  for (const k of Object.keys(inputs)) ordered[k] = canonical(inputs[k]) as Notebook['inputs'][string];
  return { ...nb, inputs: ordered };
}

/** A fresh cell id that does not collide with existing ones. */
export function newCellId(existing: Iterable<string>, prefix = 'c'): string {
  const taken = new Set(existing);
  for (let i = 1; ; i++) {
    const id = `${prefix}${i}`;
    if (!taken.has(id)) return id;
  }
}
