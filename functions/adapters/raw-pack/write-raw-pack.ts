/**
 * The originals of a batch as one tar (tar-stream writes the headers) and its index. Entries are
 * named as the originals would be below raw/, read-only, with the batch's ingestion time, so
 * `tar -xf <pack> -C raw/` restores the per-file layout with standard tools.
 */
import { pack as tarPack } from 'tar-stream';
import { rawPackEntryName } from '../../core/warehouse-contract/layout.ts';
import { RAW_PACK_FORMAT, type RawPackIndex } from '../../core/warehouse-contract/raw-pack-index.ts';

export interface Original {
  sha256: string;
  /** Its key under raw/sha256/ (layout.ts rawContentKey). */
  rawKey: string;
  bytes: Uint8Array;
}

const BLOCK = 512;

export async function writeRawPack(batchId: string, originals: readonly Original[], mtime: Date): Promise<{ tar: Uint8Array; index: RawPackIndex }> {
  const p = tarPack();
  const chunks: Uint8Array[] = [];
  const collected = (async () => {
    for await (const c of p) chunks.push(c as Uint8Array);
  })();
  const files: RawPackIndex['files'] = [];
  let offset = 0;
  for (const o of originals) {
    const name = rawPackEntryName(o.rawKey);
    p.entry({ name, size: o.bytes.byteLength, mode: 0o444, mtime, type: 'file' }, Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength));
    files.push({ sha256: o.sha256, name, offset: offset + BLOCK, size: o.bytes.byteLength });
    offset += BLOCK + Math.ceil(o.bytes.byteLength / BLOCK) * BLOCK;
  }
  p.finalize();
  await collected;
  const tar = Buffer.concat(chunks);
  // The offsets assume one 512-byte ustar header per entry (our names are ASCII, under 100
  // bytes); a header of another kind (a pax record) would shift them: refuse rather than index wrongly.
  for (const f of files) {
    const at = f.offset - BLOCK;
    const end = tar.indexOf(0, at);
    if (tar.toString('latin1', at, Math.min(end, at + 100)) !== f.name) throw new Error(`raw pack of ${batchId}: entry ${f.name} is not where its index says (${at})`);
  }
  return { tar, index: { format: RAW_PACK_FORMAT, batch_id: batchId, files } };
}
