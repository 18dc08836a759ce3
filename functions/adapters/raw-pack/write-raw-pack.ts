/**
 * The originals of a batch as one tar (POSIX ustar) and its index. Entries are named as the
 * originals would be below raw/, read-only, with the batch's ingestion time, so
 * `tar -xf <pack> -C raw/` restores the per-file layout with standard tools.
 *
 * Written here rather than with a tar library: the pack is built on the bulk run's main thread,
 * its busiest, and tar-stream took ~100 ms for 5,000 originals (a stream chunk per header, data
 * and padding, then a copy of the whole) where this takes ~20: one buffer of the final size,
 * one fixed-layout header per entry, each original copied once. Names are ASCII and under 100
 * bytes, so plain ustar headers suffice. GNU tar reads it back in tests/unit/raw-pack.test.ts.
 */
import { rawPackEntryName } from '../../core/warehouse-contract/layout.ts';
import { RAW_PACK_FORMAT, type RawPackIndex } from '../../core/warehouse-contract/raw-pack-index.ts';

export interface Original {
  sha256: string;
  /** Its key under raw/sha256/ (layout.ts rawContentKey). */
  rawKey: string;
  bytes: Uint8Array;
}

const BLOCK = 512;
const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;

/** `n` in octal, zero-padded to `width` digits, then NUL: the numeric fields of a header. */
function octal(header: Uint8Array, at: number, width: number, n: number): void {
  const s = n.toString(8).padStart(width, '0');
  if (s.length > width) throw new Error(`tar field overflow: ${n}`);
  for (let i = 0; i < width; i++) header[at + i] = s.charCodeAt(i);
  header[at + width] = 0;
}

function ascii(header: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) header[at + i] = s.charCodeAt(i);
}

function writeHeader(header: Uint8Array, name: string, size: number, mtimeSeconds: number): void {
  if (name.length >= 100 || !/^[\x21-\x7e]+$/.test(name)) throw new Error(`tar entry name not plain ASCII under 100 bytes: ${name}`);
  ascii(header, 0, name);
  octal(header, 100, 7, 0o444); // mode
  octal(header, 108, 7, 0); // uid
  octal(header, 116, 7, 0); // gid
  octal(header, 124, 11, size);
  octal(header, 136, 11, mtimeSeconds);
  header[156] = 0x30; // typeflag '0': a regular file
  ascii(header, 257, 'ustar');
  header[262] = 0; // magic "ustar\0"
  ascii(header, 263, '00'); // version
  // The checksum: the sum of the header's bytes with the checksum field read as eight spaces.
  ascii(header, 148, '        ');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += header[i];
  octal(header, 148, 6, sum);
  header[155] = 0x20;
}

export function writeRawPack(batchId: string, originals: readonly Original[], mtime: Date): { tar: Uint8Array; index: RawPackIndex } {
  let total = 2 * BLOCK; // two zero blocks end the archive
  for (const o of originals) total += BLOCK + padded(o.bytes.byteLength);
  const tar = new Uint8Array(total); // zero-filled: unused header fields and padding are NULs
  const seconds = Math.floor(mtime.getTime() / 1000);
  const files: RawPackIndex['files'] = [];
  let at = 0;
  for (const o of originals) {
    const name = rawPackEntryName(o.rawKey);
    writeHeader(tar.subarray(at, at + BLOCK), name, o.bytes.byteLength, seconds);
    tar.set(o.bytes, at + BLOCK);
    files.push({ sha256: o.sha256, name, offset: at + BLOCK, size: o.bytes.byteLength });
    at += BLOCK + padded(o.bytes.byteLength);
  }
  return { tar, index: { format: RAW_PACK_FORMAT, batch_id: batchId, files } };
}
