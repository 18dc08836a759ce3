/**
 * The notebook library: notebooks saved with a name and a description, listed and searched
 * (diacritics optional), opened, renamed and deleted; each records its owner (the signed-in analyst
 * in AWS, from the JWT claims the HTTP API's authorizer passes on; the local user locally). Only
 * the owner changes or deletes a notebook; others open it and save a copy. Every change names the
 * version it was made on (If-Match with the ETag it was read with): a stale one is answered 409
 * instead of silently overwriting a colleague's work.
 *
 * Stored as notebooks/<id>.json: { format: "chitieu-saved-notebook", meta, notebook }. Files of the
 * first version (the bare notebook, saved before the library) are read as notebooks without owner.
 */
import { AREA, notebookKey } from '../core/warehouse-contract/layout.ts';
import { createHash, randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { Hono, type Context } from 'hono';
import type { Storage } from '../adapters/storage/storage.ts';
import { fold } from '../core/text.ts';
import type { NotebookMeta } from '../core/notebook-meta.ts';

export const NOTEBOOKS_PREFIX = AREA.notebooks;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_BYTES = 1_000_000;
const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;
/** Notebooks listed at most (newest first); a library is a few hundred. */
const MAX_LISTED = 2000;

interface StoredNotebook {
  format: 'chitieu-saved-notebook';
  meta: NotebookMeta;
  notebook: Record<string, unknown>;
}

export interface NotebookRoutesOptions {
  storage: Storage;
  /** Who is asking; by default from the JWT claims in AWS, the OS user locally. */
  identify?: (c: Context) => string | undefined;
  now?: () => Date;
}

/** The signed-in analyst from the HTTP API's JWT authorizer claims; the local user when not in AWS. */
export function identify(c: Context): string | undefined {
  const env = c.env as { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } } | undefined;
  const claims = env?.requestContext?.authorizer?.jwt?.claims;
  if (claims) {
    const who = claims.email ?? claims['cognito:username'] ?? claims.username ?? claims.sub;
    return typeof who === 'string' && who ? who : undefined;
  }
  // In Lambda without claims nobody is signed in: reading is allowed, writing is not.
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) return undefined;
  try {
    return userInfo().username || 'local';
  } catch {
    return 'local';
  }
}

const etagOf = (bytes: Uint8Array | string): string => `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;

function fail(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 428, code: string, vi: string, en: string, extra: Record<string, unknown> = {}) {
  return c.json({ error: { code, message_vi: vi, message_en: en, ...extra } }, status);
}

function text(v: unknown, max: number): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return '';
  return v.trim().slice(0, max);
}

function decode(id: string, bytes: Uint8Array): StoredNotebook | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (doc?.format === 'chitieu-saved-notebook' && doc.meta && doc.notebook) return doc as unknown as StoredNotebook;
  if (doc?.format === 'chitieu-notebook') {
    const title = typeof doc.title === 'string' ? doc.title : id;
    return { format: 'chitieu-saved-notebook', meta: { id, name: title, description: '', owner: '', title, created_at: '', updated_at: '' }, notebook: doc };
  }
  return undefined;
}

/** The notebook of a request body: a chitieu notebook, or a refusal. */
function notebookOf(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) && (v as { format?: unknown }).format === 'chitieu-notebook' ? (v as Record<string, unknown>) : undefined;
}

export function notebookRoutes(opts: NotebookRoutesOptions): Hono {
  const { storage } = opts;
  const who = opts.identify ?? identify;
  const now = () => (opts.now ? opts.now() : new Date()).toISOString();
  const app = new Hono();

  async function read(id: string): Promise<{ doc: StoredNotebook; etag: string } | undefined> {
    const bytes = await storage.get(notebookKey(id));
    if (!bytes) return undefined;
    const doc = decode(id, bytes);
    return doc ? { doc, etag: etagOf(bytes) } : undefined;
  }

  async function write(doc: StoredNotebook, create: boolean): Promise<{ etag: string; created: boolean }> {
    const body = JSON.stringify(doc, null, 2) + '\n';
    const { created } = await storage.put(notebookKey(doc.meta.id), body, { contentType: 'application/json', ifNoneMatch: create });
    return { etag: etagOf(body), created };
  }

  async function body(c: Context): Promise<Record<string, unknown> | undefined> {
    const raw = await c.req.text();
    if (raw.length > MAX_BYTES) return undefined;
    try {
      const b = JSON.parse(raw);
      return b && typeof b === 'object' && !Array.isArray(b) ? b : undefined;
    } catch {
      return undefined;
    }
  }

  const badBody = (c: Context) => fail(c, 400, 'bad_json', 'Thân yêu cầu phải là JSON { name, description, notebook } (tối đa 1 MB).', 'The body must be JSON { name, description, notebook } (1 MB at most).');
  const badId = (c: Context) => fail(c, 400, 'bad_id', 'Mã sổ tay không hợp lệ.', 'Invalid notebook id.');
  const notFound = (c: Context, id: string) => fail(c, 404, 'not_found', `Không có sổ tay "${id}".`, `No notebook "${id}".`);
  const signIn = (c: Context) => fail(c, 401, 'sign_in', 'Cần đăng nhập để lưu sổ tay.', 'Sign in to save notebooks.');
  const notOwner = (c: Context, owner: string) =>
    fail(c, 403, 'not_owner', `Sổ tay này của ${owner}: chỉ người tạo được sửa hoặc xoá. Hãy lưu thành bản sao.`, `This notebook belongs to ${owner}: only its owner can change or delete it. Save a copy instead.`);
  const conflict = (c: Context, etag: string | undefined) =>
    fail(c, 409, 'conflict', 'Sổ tay đã được thay đổi ở nơi khác kể từ khi bạn mở nó. Tải lại bản mới hoặc lưu thành bản sao.', 'The notebook was changed elsewhere since you opened it. Reload the new version or save a copy.', { etag });

  /** Checks owner and version for a change; a Response when refused. */
  function refuseChange(c: Context, current: { doc: StoredNotebook; etag: string }, user: string | undefined): Response | undefined {
    if (!user) return signIn(c);
    if (current.doc.meta.owner && current.doc.meta.owner !== user) return notOwner(c, current.doc.meta.owner);
    const ifMatch = c.req.header('if-match');
    if (!ifMatch) return fail(c, 428, 'if_match_required', 'Thiếu If-Match: cần biết bạn sửa trên phiên bản nào.', 'If-Match is required: say which version you changed.');
    if (ifMatch !== '*' && ifMatch !== current.etag) return conflict(c, current.etag);
    return undefined;
  }

  /** The stored notebook of the `:id` a PATCH or DELETE names, if the requester may change it; else the refusal. */
  async function changeable(c: Context): Promise<{ current: { doc: StoredNotebook; etag: string }; user: string } | Response> {
    const id = c.req.param('id');
    if (!id || !ID.test(id)) return badId(c);
    const current = await read(id);
    if (!current) return notFound(c, id);
    const user = who(c);
    const refused = refuseChange(c, current, user);
    return refused ?? { current, user: user! };
  }

  app.get('/api/notebooks', async (c) => {
    const user = who(c);
    const q = fold(c.req.query('q') ?? '').trim();
    const scope = c.req.query('scope') ?? 'all';
    const out: Array<NotebookMeta & { etag: string }> = [];
    for await (const o of storage.list(NOTEBOOKS_PREFIX)) {
      if (!o.key.endsWith('.json') || o.size > MAX_BYTES) continue;
      const id = o.key.slice(NOTEBOOKS_PREFIX.length, -'.json'.length);
      if (!ID.test(id)) continue;
      const bytes = await storage.get(o.key);
      const doc = bytes && decode(id, bytes);
      if (!doc) continue;
      const mine = !!user && doc.meta.owner === user;
      if ((scope === 'mine' && !mine) || (scope === 'shared' && mine)) continue;
      if (q && !fold(`${doc.meta.name} ${doc.meta.description} ${doc.meta.title} ${doc.meta.owner}`).includes(q)) continue;
      out.push({ ...doc.meta, etag: etagOf(bytes) });
      if (out.length >= MAX_LISTED) break;
    }
    out.sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : a.name.localeCompare(b.name)));
    return c.json({ you: user ?? null, notebooks: out });
  });

  app.get('/api/notebooks/:id', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const found = await read(id);
    if (!found) return notFound(c, id);
    if (c.req.header('if-none-match') === found.etag) return c.body(null, 304, { etag: found.etag });
    return c.json({ ...found.doc.meta, notebook: found.doc.notebook }, 200, { etag: found.etag, 'cache-control': 'no-cache' });
  });

  // A new notebook: the server names it, the requester owns it.
  app.post('/api/notebooks', async (c) => {
    const user = who(c);
    if (!user) return signIn(c);
    const b = await body(c);
    const notebook = notebookOf(b?.notebook);
    if (!b) return badBody(c);
    if (!notebook) return fail(c, 422, 'not_a_notebook', 'Thiếu sổ tay chitieu ("notebook").', 'Missing the chitieu notebook ("notebook").');
    const title = typeof notebook.title === 'string' ? notebook.title : '';
    const name = text(b.name, MAX_NAME) || title;
    if (!name) return fail(c, 422, 'name_required', 'Hãy đặt tên cho sổ tay.', 'Give the notebook a name.');
    const at = now();
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = randomBytes(9).toString('base64url');
      const doc: StoredNotebook = { format: 'chitieu-saved-notebook', meta: { id, name, description: text(b.description, MAX_DESCRIPTION) ?? '', owner: user, title, created_at: at, updated_at: at }, notebook };
      const { etag, created } = await write(doc, true);
      if (created) return c.json(doc.meta, 201, { etag, location: `/api/notebooks/${id}` });
    }
    throw new Error('could not pick a free notebook id');
  });

  // Save over an existing notebook (its owner, on the version it read), or create one under a chosen id.
  app.put('/api/notebooks/:id', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const user = who(c);
    const b = await body(c);
    if (!b) return badBody(c);
    // The first version's PUT sent the bare notebook: accept it as { notebook }.
    const notebook = notebookOf(b.notebook) ?? notebookOf(b);
    if (!notebook) return fail(c, 422, 'not_a_notebook', 'Tệp không phải sổ tay chitieu.', 'Not a chitieu notebook.');
    const title = typeof notebook.title === 'string' ? notebook.title : '';
    const current = await read(id);
    if (!current) {
      if (!user) return signIn(c);
      if (c.req.header('if-match')) return conflict(c, undefined);
      const at = now();
      const doc: StoredNotebook = { format: 'chitieu-saved-notebook', meta: { id, name: text(b.name, MAX_NAME) || title || id, description: text(b.description, MAX_DESCRIPTION) ?? '', owner: user, title, created_at: at, updated_at: at }, notebook };
      const { etag, created } = await write(doc, true);
      if (!created) return conflict(c, undefined);
      return c.json(doc.meta, 201, { etag });
    }
    const refused = refuseChange(c, current, user);
    if (refused) return refused;
    const meta = current.doc.meta;
    const doc: StoredNotebook = {
      format: 'chitieu-saved-notebook',
      meta: { ...meta, owner: meta.owner || user!, name: text(b.name, MAX_NAME) || meta.name, description: text(b.description, MAX_DESCRIPTION) ?? meta.description, title, updated_at: now() },
      notebook,
    };
    const { etag } = await write(doc, false);
    return c.json(doc.meta, 200, { etag });
  });

  // Rename or describe without sending the notebook again.
  app.patch('/api/notebooks/:id', async (c) => {
    const b = await body(c);
    if (!b) return badBody(c);
    const found = await changeable(c);
    if (found instanceof Response) return found;
    const { current, user } = found;
    const meta = current.doc.meta;
    const name = text(b.name, MAX_NAME);
    if (name === '') return fail(c, 422, 'name_required', 'Tên sổ tay không được để trống.', 'The notebook name cannot be empty.');
    const doc: StoredNotebook = { ...current.doc, meta: { ...meta, owner: meta.owner || user!, name: name ?? meta.name, description: text(b.description, MAX_DESCRIPTION) ?? meta.description, updated_at: now() } };
    const { etag } = await write(doc, false);
    return c.json(doc.meta, 200, { etag });
  });

  app.delete('/api/notebooks/:id', async (c) => {
    const found = await changeable(c);
    if (found instanceof Response) return found;
    const id = c.req.param('id');
    await storage.delete(notebookKey(id));
    return c.json({ ok: true, id });
  });

  return app;
}
