/**
 * XLSX statistical tables (issue 3 §1): the canonical template (chitieu template xlsx) and the
 * variations real files have. The work is split over xlsx-*.ts: container checks, cell reading,
 * table and header detection, one sheet, the whole workbook. This file binds the parser to the
 * catalog and the unit registry.
 */
import { indicators, resolveIndicator, workAreas } from '../catalog.ts';
import { resolveUnit, unitById } from '../units.ts';
import type { Parser } from './parsed-file.ts';
import { refusedBySize } from './input-limits.ts';
import type { XlsxRegistry } from './xlsx-registry.ts';
import { parseXlsxWorkbook, type XlsxParseOptions, type XlsxParseResult } from './xlsx-workbook.ts';

export type { XlsxParseResult, XlsxSheetReport, XlsxParseOptions } from './xlsx-workbook.ts';
export type { XlsxRegistry } from './xlsx-registry.ts';

/** The catalog (functions/core/catalog.ts) and unit registry (functions/core/units.ts). */
export const defaultRegistry: XlsxRegistry = { indicators, resolveIndicator, resolveUnit, unitById, workAreas };

/** Parses an .xlsx into reports (one per sheet holding an indicator table) or problems. */
export const parseXlsx: Parser = async (bytes, fileName) => {
  const refused = refusedBySize('xlsx', 'structured', bytes, fileName);
  if (refused) return refused;
  const { format, sourceKind, reports, problems } = await parseXlsxWorkbook(bytes, fileName, defaultRegistry);
  return { format, sourceKind, reports, problems };
};

/** Like parseXlsx, with where every figure came from, the "same period last year" column and the ignored sheets. */
export function parseXlsxDetailed(bytes: Uint8Array, fileName: string, options: XlsxParseOptions & { registry?: XlsxRegistry } = {}): Promise<XlsxParseResult> {
  return parseXlsxWorkbook(bytes, fileName, options.registry ?? defaultRegistry, options);
}
