import { describe, expect, it } from 'vitest';
import { parseNotebook, serializeNotebook } from '../../explorer/src/notebook/serialize.ts';
import { addCell, blankCell, deleteCell, duplicateCell, History, moveCell, setInput, toggleCollapsed, updateCell } from '../../explorer/src/notebook/edit.ts';
import { decodePermalink, encodePermalink } from '../../explorer/src/notebook/permalink.ts';
import { NotebookError, type Notebook } from '../../explorer/src/notebook/types.ts';
import { sample } from '../fixtures/sample-notebook.ts';


describe('notebook JSON', () => {
  it('serializes with a stable key order whatever the order of construction', () => {
    const a = sample();
    const b = JSON.parse(JSON.stringify(a, Object.keys(a).reverse())) as Notebook;
    const shuffled: Notebook = { cells: a.cells.map((c) => Object.fromEntries(Object.entries(c).reverse())), inputs: a.inputs, title: a.title, starter: 'demo', version: 1, format: 'chitieu-notebook' } as unknown as Notebook;
    expect(serializeNotebook(shuffled)).toBe(serializeNotebook(a));
    expect(serializeNotebook(a).startsWith('{\n  "format": "chitieu-notebook",\n  "version": 1,\n  "title"')).toBe(true);
    expect(serializeNotebook(a).endsWith('}\n')).toBe(true);
    expect(b.title).toBe('Thử');
  });

  it('round-trips through parse', () => {
    const text = serializeNotebook(sample());
    expect(serializeNotebook(parseNotebook(text))).toBe(text);
    expect(Object.keys(parseNotebook(text).inputs)).toEqual(['indicator', 'from']);
  });

  it('refuses what is not a notebook, with bilingual messages', () => {
    const cases: Array<[string | unknown, string]> = [
      ['{nope', 'bad_json'],
      [{ format: 'other', version: 1 }, 'bad_format'],
      [{ format: 'chitieu-notebook', version: 9, title: 'x', cells: [] }, 'bad_version'],
      [{ format: 'chitieu-notebook', version: 1, title: 'x', inputs: {}, cells: [{ id: 'a', kind: 'python' }] }, 'bad_cell_kind'],
      [{ format: 'chitieu-notebook', version: 1, title: 'x', inputs: {}, cells: [{ id: 'a', kind: 'markdown', text: '' }, { id: 'a', kind: 'markdown', text: '' }] }, 'dup_cell_id'],
      [{ format: 'chitieu-notebook', version: 1, title: 'x', inputs: {}, cells: [{ id: 'a', kind: 'data', name: 'bad name' }] }, 'bad_cell_name'],
    ];
    for (const [input, code] of cases) {
      try {
        parseNotebook(input);
        expect.fail(`accepted ${code}`);
      } catch (e) {
        expect(e).toBeInstanceOf(NotebookError);
        expect((e as NotebookError).code).toBe(code);
        expect((e as NotebookError).message_vi.length).toBeGreaterThan(3);
        expect((e as NotebookError).message_en.length).toBeGreaterThan(3);
      }
    }
  });
});

describe('editing', () => {
  it('adds, deletes, moves, duplicates and collapses without touching the original', () => {
    const nb = sample();
    const frozen = serializeNotebook(nb);
    const added = addCell(nb, blankCell('table', nb), 1);
    expect(added.cells[1].kind).toBe('table');
    expect(added.cells[1].id).toBe('c5');
    expect((added.cells[1] as { input: string }).input).toBe('top');
    expect(deleteCell(nb, 'c3').cells.map((c) => c.id)).toEqual(['c1', 'c2', 'c4']);
    expect(moveCell(nb, 'c4', -2).cells.map((c) => c.id)).toEqual(['c1', 'c4', 'c2', 'c3']);
    expect(moveCell(nb, 'c1', -1)).toBe(nb);
    const dup = duplicateCell(nb, 'c2');
    expect(dup.cells[2]).toMatchObject({ id: 'c5', name: 'raw_2', kind: 'data' });
    expect(toggleCollapsed(nb, 'c3').cells[2].collapsed).toBe(true);
    expect(toggleCollapsed(toggleCollapsed(nb, 'c3'), 'c3').cells[2].collapsed).toBeUndefined();
    expect(updateCell(nb, 'c1', { text: 'x' } as never).cells[0]).toMatchObject({ id: 'c1', kind: 'markdown', text: 'x' });
    expect(serializeNotebook(nb)).toBe(frozen);
  });

  it('undoes the last change, and the one before', () => {
    const h = new History(sample());
    h.apply((nb) => deleteCell(nb, 'c4'));
    h.apply((nb) => setInput(nb, 'from', 2018));
    expect(h.notebook.inputs.from.value).toBe(2018);
    expect(h.undo().inputs.from.value).toBe(2020);
    expect(h.notebook.cells).toHaveLength(3);
    expect(h.undo().cells).toHaveLength(4);
    expect(h.canUndo).toBe(false);
  });
});

describe('permalink', () => {
  const starters = { demo: sample() };

  it('writes only the changed inputs of an unchanged starter', () => {
    const nb = setInput(sample(), 'from', 2017);
    const hash = encodePermalink(nb, starters);
    expect(hash.startsWith('#nb=')).toBe(true);
    expect(hash.length).toBeLessThan(80);
    const back = decodePermalink(hash, starters)!;
    expect(serializeNotebook(back)).toBe(serializeNotebook(nb));
  });

  it('writes an edited notebook whole and restores it exactly', () => {
    const nb = duplicateCell(setInput(sample(), 'indicator', 'ty_le_b'), 'c4');
    const hash = encodePermalink(nb, starters);
    const back = decodePermalink(hash, starters)!;
    expect(serializeNotebook(back)).toBe(serializeNotebook(nb));
    expect(/^#nb=[A-Za-z0-9_-]+$/.test(hash)).toBe(true);
  });

  it('explains a damaged link and ignores other hashes', () => {
    expect(decodePermalink('#about', starters)).toBeUndefined();
    expect(() => decodePermalink('#nb=AAAA', starters)).toThrow(NotebookError);
  });
});
