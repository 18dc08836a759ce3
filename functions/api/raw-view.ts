/**
 * GET /api/raw/<sha256>/view: the original file of a report as something the explorer can show in
 * the page (provenance). Narrative reports come back as the very text the figure extractor read
 * (decoded, legacy fonts repaired, NFC), so a value's span_start/span_end index into it; CSV and
 * XLSX as grids of display text (rows and cells as a person sees them); JSON as indented text.
 * The file itself is downloaded from GET /api/raw/<sha256> (app.ts).
 */
import { Hono } from 'hono';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Storage } from '../adapters/storage/storage.ts';
import type { Engine } from '../adapters/engine/engine.ts';
import { findOriginal } from './raw-original.ts';
import { decodeText } from '../core/encoding/decode-text.ts';
import { decodeStructuredText } from '../core/parse/decode.ts';
import { ApiError } from './errors.ts';

const SHA256 = /^[0-9a-f]{64}$/;
/** Larger originals are downloaded, not shown: the viewer is for reading one report. */
export const VIEW_MAX_BYTES = 8 * 1024 * 1024;
/** Rows and columns of a grid sent to the page; a report is far smaller. */
const MAX_ROWS = 5000;
const MAX_COLS = 60;

export type RawView =
  | { file: string; format: 'text' | 'docx'; kind: 'text'; text: string }
  | { file: string; format: 'json'; kind: 'json'; text: string }
  | { file: string; format: 'csv' | 'xlsx'; kind: 'grid'; sheets: Array<{ name: string; rows: string[][]; truncated: boolean }> };

function formatOf(name: string): RawView['format'] | undefined {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return ({ txt: 'text', text: 'text', docx: 'docx', json: 'json', csv: 'csv', xlsx: 'xlsx' } as const)[ext as 'txt'];
}

function clip(rows: string[][]): { rows: string[][]; truncated: boolean } {
  const truncated = rows.length > MAX_ROWS || rows.some((r) => r.length > MAX_COLS);
  return { rows: rows.slice(0, MAX_ROWS).map((r) => r.slice(0, MAX_COLS)), truncated };
}

async function xlsxGrid(bytes: Uint8Array): Promise<Array<{ name: string; rows: string[][]; truncated: boolean }>> {
  const { inspectXlsxContainer } = await import('../core/parse/xlsx-container.ts');
  const verdict = inspectXlsxContainer(bytes);
  if (verdict.kind !== 'zip') throw new ApiError(422, 'unreadable', 'Không mở được bảng tính gốc để xem; hãy tải tệp về.', 'The original workbook cannot be shown; download it instead.');
  const ExcelJS = (await import('exceljs')).default;
  const { readSheet } = await import('../core/parse/xlsx-cells.ts');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const sheet = readSheet(ws);
    const rows: string[][] = [];
    for (const [r, cells] of sheet.rows) {
      if (r > MAX_ROWS + 1) break;
      const row = (rows[r - 1] ??= []);
      for (const [col, cell] of cells) if (col <= MAX_COLS + 1) row[col - 1] = cell.text;
    }
    const dense = Array.from(rows, (row) => Array.from(row ?? [], (v) => v ?? ''));
    return { name: ws.name, ...clip(dense) };
  });
}

/** The view of one original file's bytes. */
export async function viewOf(name: string, bytes: Uint8Array): Promise<RawView> {
  const format = formatOf(name);
  switch (format) {
    case 'text':
      return { file: name, format, kind: 'text', text: decodeText(bytes).text.normalize('NFC') };
    case 'docx': {
      const { docxToText } = await import('../core/parse/docx.ts');
      const d = await docxToText(bytes);
      if (d.text === undefined) throw new ApiError(422, 'unreadable', 'Không đọc được tài liệu Word gốc; hãy tải tệp về.', 'The original Word document cannot be read; download it instead.');
      return { file: name, format, kind: 'text', text: d.text };
    }
    case 'json': {
      const text = decodeStructuredText(bytes);
      try {
        return { file: name, format, kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2) };
      } catch {
        return { file: name, format, kind: 'json', text };
      }
    }
    case 'csv': {
      const rows = parseCsv(decodeStructuredText(bytes), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
      return { file: name, format, kind: 'grid', sheets: [{ name: '', ...clip(rows) }] };
    }
    case 'xlsx':
      return { file: name, format, kind: 'grid', sheets: await xlsxGrid(bytes) };
    default:
      throw new ApiError(422, 'unviewable', `Không xem được tệp "${name}" trong trang; hãy tải tệp về.`, `"${name}" cannot be shown in the page; download it instead.`);
  }
}

export function rawViewRoutes(storage: Storage, engine: Engine): Hono {
  const app = new Hono();
  app.get('/api/raw/:sha/view', async (c) => {
    const sha = c.req.param('sha');
    if (!SHA256.test(sha)) throw new ApiError(400, 'bad_id', 'Mã tệp (sha256) không hợp lệ.', 'Invalid file id (sha256).');
    const found = await findOriginal(storage, engine, sha);
    if (found && found.size > VIEW_MAX_BYTES) throw new ApiError(413, 'too_large', 'Tệp gốc quá lớn để xem trong trang; hãy tải tệp về.', 'The original is too large to show in the page; download it instead.');
    const bytes = await found?.read();
    if (found && bytes) {
      const view = await viewOf(found.name, bytes);
      // Originals are content-addressed: the same sha256 is the same view for ever.
      return c.json(view, 200, { 'cache-control': 'private, max-age=86400, immutable' });
    }
    throw new ApiError(404, 'not_found', `Không có tệp gốc ${sha}.`, `No original file ${sha}.`);
  });
  return app;
}
