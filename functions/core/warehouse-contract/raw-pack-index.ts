/**
 * The index of a raw pack (layout.ts rawPackKey/rawPackIndexKey): which originals a bulk run's
 * batch keeps in its tar, and where each one's bytes lie, so that one original is read with one
 * ranged read instead of the whole tar. Written beside the tar, both before the batch's ledger
 * (the commit point): a committed report always has its original.
 */
import { RAW_CONTENT_PREFIX, AREA } from './layout.ts';

export const RAW_PACK_FORMAT = 'chitieu/raw-pack@1';

export interface RawPackEntry {
  sha256: string;
  /** The entry's name in the tar: the original's key below raw/ (sha256/<aa>/<sha256>.<ext>). */
  name: string;
  /** Where its bytes start in the tar (after its 512-byte header), and how many there are. */
  offset: number;
  size: number;
}

export interface RawPackIndex {
  format: typeof RAW_PACK_FORMAT;
  batch_id: string;
  files: RawPackEntry[];
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The index read back from its bytes; an error names the key and what is wrong. */
export function parseRawPackIndex(key: string, bytes: Uint8Array): RawPackIndex {
  let index: RawPackIndex;
  try {
    index = JSON.parse(new TextDecoder().decode(bytes)) as RawPackIndex;
  } catch (e) {
    throw new Error(`${key}: chỉ mục gói tệp gốc không đọc được / unreadable raw pack index (${(e as Error).message})`);
  }
  const bad = (what: string) => new Error(`${key}: chỉ mục gói tệp gốc sai / bad raw pack index: ${what}`);
  if (index?.format !== RAW_PACK_FORMAT) throw bad(`format ${JSON.stringify(index?.format)}, expected ${RAW_PACK_FORMAT}`);
  if (!Array.isArray(index.files)) throw bad('no files');
  for (const f of index.files) {
    const ok = SHA256.test(f?.sha256) && typeof f.name === 'string' && `${AREA.raw}${f.name}`.startsWith(`${RAW_CONTENT_PREFIX}${f.sha256.slice(0, 2)}/${f.sha256}.`)
      && Number.isSafeInteger(f.offset) && f.offset >= 512 && Number.isSafeInteger(f.size) && f.size >= 0;
    if (!ok) throw bad(`entry ${JSON.stringify(f)}`);
  }
  return index;
}
