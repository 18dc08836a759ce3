/**
 * The notebook library API: save with a name, list and search without diacritics, mine and
 * shared, update only the version you read (409 otherwise), only the owner changes or deletes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { notebookRoutes, identify } from '../../functions/api/notebooks.ts';
import { tempWarehouse } from '../helpers/warehouse.ts';

const wh = tempWarehouse();
afterAll(() => wh.cleanup());

// Who is asking comes from a test header here; in AWS from the JWT claims (see the last test).
const app = notebookRoutes({ storage: wh.storage, identify: (c) => c.req.header('x-test-user') });
const nb = (title: string) => ({ format: 'chitieu-notebook', version: 1, title, inputs: {}, cells: [] });
const call = (method: string, path: string, user: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(user ? { 'x-test-user': user } : {}), ...headers } });

describe('notebook library API', () => {
  it('saves, lists, searches, updates on the version read, renames and deletes', async () => {
    const created = await call('POST', '/api/notebooks', 'lan', { name: 'Giao ban Quảng Trị', description: 'Số liệu tháng', notebook: nb('A') });
    expect(created.status).toBe(201);
    const meta = await created.json();
    const etag1 = created.headers.get('etag')!;
    expect(meta).toMatchObject({ name: 'Giao ban Quảng Trị', owner: 'lan', description: 'Số liệu tháng' });
    await call('POST', '/api/notebooks', 'minh', { name: 'Tiến độ Cần Thơ', notebook: nb('B') });

    const search = await (await call('GET', '/api/notebooks?q=quang%20tri', 'lan')).json();
    expect(search.notebooks.map((m: { name: string }) => m.name)).toEqual(['Giao ban Quảng Trị']);
    const mine = await (await call('GET', '/api/notebooks?scope=mine', 'lan')).json();
    expect(mine).toMatchObject({ you: 'lan', notebooks: [{ name: 'Giao ban Quảng Trị' }] });
    const shared = await (await call('GET', '/api/notebooks?scope=shared', 'lan')).json();
    expect(shared.notebooks.map((m: { owner: string }) => m.owner)).toEqual(['minh']);

    const got = await call('GET', `/api/notebooks/${meta.id}`, 'minh');
    expect(got.headers.get('etag')).toBe(etag1);
    expect((await got.json()).notebook.title).toBe('A');

    // Another analyst cannot overwrite it; the owner can, on the version read, once.
    expect((await call('PUT', `/api/notebooks/${meta.id}`, 'minh', { notebook: nb('A2') }, { 'if-match': etag1 })).status).toBe(403);
    const updated = await call('PUT', `/api/notebooks/${meta.id}`, 'lan', { notebook: nb('A2') }, { 'if-match': etag1 });
    expect(updated.status).toBe(200);
    const etag2 = updated.headers.get('etag')!;
    expect(etag2).not.toBe(etag1);
    const stale = await call('PUT', `/api/notebooks/${meta.id}`, 'lan', { notebook: nb('A3') }, { 'if-match': etag1 });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'conflict', etag: etag2 });
    expect((await call('PUT', `/api/notebooks/${meta.id}`, 'lan', { notebook: nb('A3') })).status).toBe(428);
    // Saving again did not make a copy.
    expect((await (await call('GET', '/api/notebooks', 'lan')).json()).notebooks).toHaveLength(2);

    const renamed = await call('PATCH', `/api/notebooks/${meta.id}`, 'lan', { name: 'Giao ban tháng' }, { 'if-match': etag2 });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).name).toBe('Giao ban tháng');
    expect((await call('DELETE', `/api/notebooks/${meta.id}`, 'minh', undefined, { 'if-match': '*' })).status).toBe(403);
    expect((await call('DELETE', `/api/notebooks/${meta.id}`, 'lan', undefined, { 'if-match': renamed.headers.get('etag')! })).status).toBe(200);
    expect((await call('GET', `/api/notebooks/${meta.id}`, 'lan')).status).toBe(404);
  });

  it('refuses anonymous writes, bad ids and what is not a notebook', async () => {
    expect((await call('POST', '/api/notebooks', undefined, { name: 'x', notebook: nb('x') })).status).toBe(401);
    expect((await call('POST', '/api/notebooks', 'lan', { name: 'x', notebook: { a: 1 } })).status).toBe(422);
    expect((await call('GET', '/api/notebooks/..%2Fx', 'lan')).status).toBe(400);
  });

  it('takes the owner from the JWT claims the HTTP API passes on', async () => {
    const probe = new Hono();
    probe.get('/', (c) => c.text(identify(c) ?? '-'));
    const env = { requestContext: { authorizer: { jwt: { claims: { email: 'lan@vks.gov.vn', sub: 'abc' } } } } };
    expect(await (await probe.request('/', {}, env)).text()).toBe('lan@vks.gov.vn');
  });
});
