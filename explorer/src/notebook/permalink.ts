/**
 * Permalinks: the notebook and its inputs, deflated into the URL hash (nothing is sent to a
 * server). Only what the user chose is written: a starter notebook left as it is becomes its id
 * plus the inputs that differ from its defaults; an edited notebook is written whole.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { parseNotebook, serializeNotebook } from './serialize.ts';
import { NotebookError, type Notebook } from './types.ts';

const PREFIX = '#nb=';

interface Payload {
  /** Starter id. */
  s?: string;
  /** Changed input values (starter form). */
  i?: Record<string, string | number>;
  /** Whole notebook (edited form). */
  n?: unknown;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Same notebook source apart from input values? */
function sameSource(a: Notebook, b: Notebook): boolean {
  const strip = (nb: Notebook): string =>
    serializeNotebook({ ...nb, inputs: Object.fromEntries(Object.entries(nb.inputs).map(([k, d]) => [k, { ...d, value: '' }])) });
  return strip(a) === strip(b);
}

export function encodePermalink(nb: Notebook, starters: Record<string, Notebook>): string {
  const base = nb.starter ? starters[nb.starter] : undefined;
  let payload: Payload;
  if (base && sameSource(nb, base)) {
    const changed: Record<string, string | number> = {};
    for (const [k, def] of Object.entries(nb.inputs)) if (def.value !== base.inputs[k]?.value) changed[k] = def.value;
    payload = Object.keys(changed).length ? { s: nb.starter, i: changed } : { s: nb.starter };
  } else {
    payload = { n: JSON.parse(serializeNotebook(nb)) as unknown };
  }
  return PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify(payload)), { level: 9 }));
}

/** The notebook a permalink hash restores, or undefined when the hash is not a permalink. */
export function decodePermalink(hash: string, starters: Record<string, Notebook>): Notebook | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  let payload: Payload;
  try {
    payload = JSON.parse(strFromU8(inflateSync(fromBase64Url(hash.slice(PREFIX.length))))) as Payload;
  } catch {
    throw new NotebookError('bad_permalink', 'Liên kết bị hỏng hoặc bị cắt ngắn.', 'The link is damaged or truncated.');
  }
  if (payload.n !== undefined) return parseNotebook(payload.n);
  const base = payload.s ? starters[payload.s] : undefined;
  if (!base) throw new NotebookError('unknown_starter', `Không có sổ tay mẫu "${String(payload.s)}".`, `No starter notebook "${String(payload.s)}".`);
  const inputs = { ...base.inputs };
  for (const [k, v] of Object.entries(payload.i ?? {})) if (inputs[k]) inputs[k] = { ...inputs[k], value: v };
  return { ...base, inputs };
}
