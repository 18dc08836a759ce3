/**
 * The notebook library on the server (functions/api/notebooks.ts): every change names the version
 * it was made on (If-Match), so a colleague's newer save is answered 409, never overwritten.
 */
import { apiFetch, ApiError } from './api.ts';
import type { NotebookMeta } from '../../../functions/core/notebook-meta.ts';

export interface SavedNotebook extends NotebookMeta {
  etag: string;
}

async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message_vi?: string; message_en?: string } };
  return new ApiError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message_vi ?? `Máy chủ trả lời ${res.status}.`, body.error?.message_en ?? `The server answered ${res.status}.`);
}

async function meta(res: Response): Promise<SavedNotebook> {
  if (!res.ok) throw await failure(res);
  return { ...((await res.json()) as NotebookMeta), etag: res.headers.get('etag') ?? '' };
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export async function listNotebooks(q: string, scope: 'mine' | 'shared' | 'all'): Promise<{ you: string | null; notebooks: SavedNotebook[] }> {
  const res = await apiFetch(`/api/notebooks?scope=${scope}&q=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as { you: string | null; notebooks: SavedNotebook[] };
}

export async function getNotebook(id: string): Promise<{ saved: SavedNotebook; notebook: unknown }> {
  const res = await apiFetch(`/api/notebooks/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  const body = (await res.json()) as NotebookMeta & { notebook: unknown };
  const { notebook, ...m } = body;
  return { saved: { ...m, etag: res.headers.get('etag') ?? '' }, notebook };
}

export async function createNotebook(name: string, description: string, notebook: unknown): Promise<SavedNotebook> {
  return meta(await apiFetch('/api/notebooks', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ name, description, notebook }) }));
}

export async function updateNotebook(saved: SavedNotebook, notebook: unknown): Promise<SavedNotebook> {
  return meta(await apiFetch(`/api/notebooks/${encodeURIComponent(saved.id)}`, { method: 'PUT', headers: { ...JSON_HEADERS, 'if-match': saved.etag }, body: JSON.stringify({ notebook }) }));
}

export async function renameNotebook(id: string, etag: string, name: string, description?: string): Promise<SavedNotebook> {
  return meta(await apiFetch(`/api/notebooks/${encodeURIComponent(id)}`, { method: 'PATCH', headers: { ...JSON_HEADERS, 'if-match': etag }, body: JSON.stringify({ name, description }) }));
}

export async function deleteNotebook(id: string, etag: string): Promise<void> {
  const res = await apiFetch(`/api/notebooks/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'if-match': etag } });
  if (!res.ok) throw await failure(res);
}
