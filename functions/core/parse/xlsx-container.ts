/**
 * Checks the container of an .xlsx before exceljs sees it. exceljs (through JSZip) inflates every
 * entry into memory with no bound, so a zip bomb would exhaust the process; an encrypted workbook
 * ("password to open") is not a zip at all but an OLE compound file, on which JSZip fails with an
 * unhelpful message. We read the zip's end-of-central-directory record and central directory
 * ourselves (no dependency; Zip64 included), reject by entry count and by the declared sizes, and
 * then inflate each entry with a hard output cap (node:zlib maxOutputLength), because the declared
 * sizes are written by the sender and can lie.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Most entries a workbook may have (a real .xlsx has 10–100). */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all entries together may inflate to. */
  maxTotalBytes: number;
  /** Highest compression ratio accepted for entries larger than 1 MiB (XML compresses ~10–50×). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxRatio: 500,
};

/**
 * A Word document's parts are far smaller than a workbook's sheets (a 100-page report's
 * document.xml is 2–5 MB), and mammoth holds the whole XML tree of the body: tighter limits.
 */
export const DOCX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ContainerVerdict =
  | { kind: 'zip'; entries: ZipEntry[] }
  | { kind: 'encrypted' } // OLE compound file holding an EncryptedPackage stream
  | { kind: 'legacy_xls' } // OLE compound file without one: an Excel 97–2003 .xls
  | { kind: 'not_zip' }
  | { kind: 'corrupt'; detail: string }
  | { kind: 'bomb'; detail: string }
  | { kind: 'zip_encrypted_entries' } // a zip whose entries use zip encryption
  | { kind: 'not_workbook'; detail: string }; // a zip, but not an OOXML spreadsheet (docx, xlsb, odt …)

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CDIR = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** True when the UTF-16LE name occurs in the bytes (OLE directory entries store names in UTF-16LE). */
function containsUtf16(bytes: Uint8Array, name: string): boolean {
  const needle = Buffer.from(name, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) >= 0;
}

function readCentralDirectory(bytes: Uint8Array, limits: ZipLimits): ContainerVerdict {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const u64 = (o: number) => Number(view.getBigUint64(o, true));
  // The EOCD record is the last 22 bytes plus an optional comment of up to 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { kind: 'corrupt', detail: 'end of central directory not found' };
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== SIG_EOCD64_LOCATOR) return { kind: 'corrupt', detail: 'Zip64 locator missing' };
    const e64 = u64(loc + 8);
    if (e64 + 56 > bytes.length || u32(e64) !== SIG_EOCD64) return { kind: 'corrupt', detail: 'Zip64 record missing' };
    count = u64(e64 + 32);
    cdSize = u64(e64 + 40);
    cdOffset = u64(e64 + 48);
  }
  if (count > limits.maxEntries) return { kind: 'bomb', detail: `${count} entries (limit ${limits.maxEntries})` };
  if (cdOffset + cdSize > bytes.length) return { kind: 'corrupt', detail: 'central directory outside the file' };
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(p) !== SIG_CDIR) return { kind: 'corrupt', detail: `central directory entry ${n} unreadable` };
    const flags = u16(p + 8);
    const method = u16(p + 10);
    let compressedSize = u32(p + 20);
    let uncompressedSize = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    let localHeaderOffset = u32(p + 42);
    const name = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8');
    // Zip64 extended information: the 64-bit values follow in a fixed order, only for fields set to 0xFFFFFFFF.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(x);
      const size = u16(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const qEnd = x + 4 + size;
        if (uncompressedSize === 0xffffffff && q + 8 <= qEnd) {
          uncompressedSize = u64(q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= qEnd) {
          compressedSize = u64(q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff && q + 8 <= qEnd) localHeaderOffset = u64(q);
      }
      x += 4 + size;
    }
    if (uncompressedSize > limits.maxEntryBytes) {
      return { kind: 'bomb', detail: `entry ${name} declares ${uncompressedSize} bytes (limit ${limits.maxEntryBytes})` };
    }
    if (uncompressedSize > 1024 * 1024 && uncompressedSize > limits.maxRatio * Math.max(1, compressedSize)) {
      return { kind: 'bomb', detail: `entry ${name} compression ratio above ${limits.maxRatio}` };
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) return { kind: 'bomb', detail: `entries declare more than ${limits.maxTotalBytes} bytes in total` };
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { kind: 'zip', entries };
}

/**
 * Inflates each entry with its declared size as a hard cap, so that an entry whose header
 * understates its size is caught before exceljs inflates it without a bound.
 */
function verifyDeclaredSizes(bytes: Uint8Array, entries: ZipEntry[]): ContainerVerdict | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    const h = e.localHeaderOffset;
    if (h + 30 > bytes.length || view.getUint32(h, true) !== SIG_LOCAL) return { kind: 'corrupt', detail: `local header of ${e.name} unreadable` };
    const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) return { kind: 'corrupt', detail: `entry ${e.name} truncated` };
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) return { kind: 'corrupt', detail: `stored entry ${e.name} has inconsistent sizes` };
      continue;
    }
    if (e.method !== 8) return { kind: 'corrupt', detail: `entry ${e.name} uses compression method ${e.method}` };
    try {
      const out = inflateRawSync(bytes.subarray(start, end), { maxOutputLength: Math.max(1, e.uncompressedSize) });
      if (out.length !== e.uncompressedSize) return { kind: 'corrupt', detail: `entry ${e.name} inflates to ${out.length} bytes, not ${e.uncompressedSize}` };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') return { kind: 'bomb', detail: `entry ${e.name} inflates beyond its declared ${e.uncompressedSize} bytes` };
      return { kind: 'corrupt', detail: `entry ${e.name}: ${(err as Error).message}` };
    }
  }
  return undefined;
}

/** Classifies the bytes of a would-be .xlsx; only `{ kind: 'zip' }` may be handed to exceljs. */
export function inspectXlsxContainer(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ContainerVerdict {
  if (startsWith(bytes, OLE_MAGIC)) {
    return containsUtf16(bytes, 'EncryptedPackage') || containsUtf16(bytes, 'EncryptionInfo') ? { kind: 'encrypted' } : { kind: 'legacy_xls' };
  }
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && !startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'not_zip' };
  if (bytes.length < 22) return { kind: 'corrupt', detail: 'too short' };
  const cd = readCentralDirectory(bytes, limits);
  if (cd.kind !== 'zip') return cd;
  if (cd.entries.some((e) => e.flags & 1)) return { kind: 'zip_encrypted_entries' };
  // Every zip's entries are inflated under their declared sizes before anything else: a .docx
  // (classified below as not a workbook, then handed to mammoth) is as much a bomb as an .xlsx.
  const inflated = verifyDeclaredSizes(bytes, cd.entries);
  if (inflated) return inflated;
  const names = new Set(cd.entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml')) {
    const detail = names.has('xl/workbook.bin') ? 'xlsb' : names.has('word/document.xml') ? 'docx' : names.has('content.xml') ? 'opendocument' : 'zip';
    return { kind: 'not_workbook', detail };
  }
  return cd;
}
