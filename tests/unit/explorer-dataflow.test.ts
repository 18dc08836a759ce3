import { describe, expect, it } from 'vitest';
import { buildGraph, downstream } from '../../explorer/src/notebook/graph.ts';
import { Runtime, type CellResult } from '../../explorer/src/notebook/runtime.ts';
import { setInput, updateCell, addCell, deleteCell, toggleCollapsed } from '../../explorer/src/notebook/edit.ts';
import type { Cell, Notebook } from '../../explorer/src/notebook/types.ts';
import { sample } from '../fixtures/sample-notebook.ts';


function counting(nb: Notebook) {
  const runs: string[] = [];
  const results = new Map<string, CellResult>();
  const rt = new Runtime(
    {
      markdown: (c) => { runs.push(c.id); return (c as { text: string }).text; },
      data: (c, ctx) => { runs.push(c.id); return { rows: [ctx.inputs.indicator, ctx.inputs.from] }; },
      transform: (c, ctx) => { runs.push(c.id); const up = ctx.get((c as { input: string }).input) as { rows: unknown[] }; if (!up) throw new Error('no input'); return { rows: up.rows.slice(0, 1) }; },
      chart: (c, ctx) => { runs.push(c.id); return ctx.get((c as { input: string }).input); },
      table: (c) => { runs.push(c.id); return null; },
    },
    (id, r) => results.set(id, r),
  );
  return { rt, runs, results, nb };
}

describe('dependency graph', () => {
  it('orders cells after what they read and finds readers', () => {
    const g = buildGraph(sample());
    expect(g.order).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(g.deps.get('c4')).toEqual(['c3']);
    expect([...downstream(g, ['c2'])].sort()).toEqual(['c2', 'c3', 'c4']);
    expect(g.inputs.get('c2')).toEqual(['indicator', 'from']);
    expect(g.inputs.get('c1')).toEqual(['indicator']);
  });

  it('finds cycles, unknown names and duplicate names, each in its own cell', () => {
    const nb: Notebook = {
      ...sample(),
      cells: [
        { id: 'a', kind: 'transform', name: 'x', input: 'y', steps: [] },
        { id: 'b', kind: 'transform', name: 'y', input: 'x', steps: [] },
        { id: 'c', kind: 'table', input: 'nothing' },
        { id: 'd', kind: 'sql', name: 'x', sql: 'SELECT 1' },
        { id: 'e', kind: 'markdown', text: 'ok' },
      ],
    };
    const g = buildGraph(nb);
    expect(g.errors.get('a')?.code).toBe('cycle');
    expect(g.errors.get('b')?.code).toBe('cycle');
    expect(g.errors.get('c')?.code).toBe('unknown_ref');
    expect(g.errors.get('d')?.code).toBe('duplicate_name');
    expect(g.errors.has('e')).toBe(false);
    expect(g.order).toHaveLength(5);
  });
});

describe('runtime', () => {
  it('runs everything once, then only what an input change reaches', async () => {
    const { rt, runs, results } = counting(sample());
    let nb = sample();
    await rt.update(nb);
    expect(runs.sort()).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(results.get('c4')).toMatchObject({ status: 'ok', value: { rows: ['ty_le_a'] } });

    runs.length = 0;
    nb = setInput(nb, 'from', 2019); // read by c2 only → c2, c3, c4
    await rt.update(nb);
    expect(runs.sort()).toEqual(['c2', 'c3', 'c4']);

    runs.length = 0;
    nb = toggleCollapsed(nb, 'c3'); // appearance only
    await rt.update(nb);
    expect(runs).toEqual([]);

    runs.length = 0;
    nb = updateCell(nb, 'c1', { text: '## x' } as Partial<Cell>); // markdown: nobody reads it
    await rt.update(nb);
    expect(runs).toEqual(['c1']);

    runs.length = 0;
    nb = addCell(nb, { id: 'c9', kind: 'table', input: 'raw' });
    await rt.update(nb);
    expect(runs).toEqual(['c9']);
  });

  it('keeps an error inside its cell and marks its readers', async () => {
    const { rt, results } = counting(sample());
    const nb = updateCell(sample(), 'c3', { input: 'missing' } as Partial<Cell>);
    await rt.update(nb);
    expect(results.get('c2')?.status).toBe('ok');
    expect(results.get('c3')).toMatchObject({ status: 'error', error: { code: 'unknown_ref' } });
    expect(results.get('c4')).toMatchObject({ status: 'error', error: { code: 'upstream' } });
    expect(results.get('c1')?.status).toBe('ok');
  });

  it('reports thrown errors bilingually and recovers when fixed', async () => {
    let fail = true;
    const results = new Map<string, CellResult>();
    const rt = new Runtime({ data: () => { if (fail) throw new Error('boom'); return 1; } }, (id, r) => results.set(id, r));
    const nb = sample();
    await rt.update(nb);
    expect(results.get('c2')?.error?.message_en).toContain('boom');
    fail = false;
    await rt.rerun('c2');
    expect(results.get('c2')?.status).toBe('ok');
  });

  it('cancels a running cell and a newer run supersedes an older one', async () => {
    const results = new Map<string, CellResult>();
    let calls = 0;
    const rt = new Runtime({
      data: (_c, ctx) => new Promise((resolve, reject) => {
        const n = ++calls;
        const t = setTimeout(() => resolve(n), 30);
        ctx.signal.addEventListener('abort', () => { clearTimeout(t); reject(new DOMException('aborted', 'AbortError')); });
      }),
    }, (id, r) => results.set(id, r));
    const nb = sample();
    const first = rt.update(nb);
    rt.cancel('c2');
    await first;
    expect(results.get('c2')).toMatchObject({ status: 'error', error: { code: 'cancelled' } });
    const a = rt.update(setInput(nb, 'from', 2001));
    const b = rt.update(setInput(nb, 'from', 2002));
    await Promise.all([a, b]);
    // Only the newest run's result stands, whatever order the runs finish in.
    expect(results.get('c2')).toMatchObject({ status: 'ok', value: calls });
    expect(calls).toBe(1);
  });

  it('forgets deleted cells', async () => {
    const { rt } = counting(sample());
    await rt.update(sample());
    await rt.update(deleteCell(sample(), 'c4'));
    expect(rt.result('c4')).toBeUndefined();
  });
});
