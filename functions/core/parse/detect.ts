/**
 * Detects a received file's format from its first bytes, then its name: the name alone is not
 * trusted (a ".xlsx" that is not a zip is reported as such by the XLSX parser).
 */
import type { SourceFormat } from '../types.ts';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls/.doc, or an encrypted OOXML package

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

export function detectFormat(fileName: string, bytes: Uint8Array): SourceFormat | undefined {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xls') return 'xlsx';
  if (ext === 'docx' || ext === 'doc') return 'docx';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'txt' || ext === 'text' || ext === 'md') return 'text';
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE)) return undefined; // a zip of unknown kind
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json';
  return undefined;
}
