/**
 * The parser of each format. Heavy parsers (exceljs, mammoth) are imported on first use so a
 * Lambda that ingests JSON never pays for them at cold start.
 */
import type { Parser } from '../core/parse/parsed-file.ts';
import type { SourceFormat } from '../core/types.ts';
import { parseJson } from '../core/parse/json.ts';
import { parseCsv } from '../core/parse/csv.ts';

const loaders: Record<SourceFormat, () => Promise<Parser>> = {
  json: async () => parseJson,
  csv: async () => parseCsv,
  xlsx: async () => (await import('../core/parse/xlsx.ts')).parseXlsx,
  text: async () => (await import('../core/parse/text.ts')).parseText,
  docx: async () => (await import('../core/parse/docx.ts')).parseDocx,
};

const cache = new Map<SourceFormat, Parser>();

export async function parserFor(format: SourceFormat): Promise<Parser> {
  let p = cache.get(format);
  if (!p) {
    p = await loaders[format]();
    cache.set(format, p);
  }
  return p;
}
