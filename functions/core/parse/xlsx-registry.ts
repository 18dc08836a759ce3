/**
 * What the XLSX parser and template need from the catalog and the unit registry, as one small
 * interface: the parser takes it as a parameter (tests can pass a stub), and `defaultRegistry`
 * binds it to functions/core/catalog.ts and functions/core/units.ts.
 */
export interface XlsxIndicator {
  code: string;
  name_vi: string;
  name_en: string;
  kind: string; // 'flow_count' | 'stock_count' | 'rate'
  unit: string; // 'count' | 'percent' | 'vnd_million' …
  work_area?: string;
  /** Levels of units that report it (absent: every level). */
  levels?: readonly string[];
}

export interface XlsxWorkArea {
  code: string;
  name_vi: string;
}

export interface XlsxUnit {
  id: string;
  name: string;
  full_name: string;
  level: string;
  province_id: string | null;
}

export interface XlsxRegistry {
  /** Every indicator of the catalog, in catalog order. */
  indicators(): readonly XlsxIndicator[];
  /** The indicator a code, name or alias denotes (diacritic and tone-placement variants included). */
  resolveIndicator(codeOrPhrase: string): XlsxIndicator | undefined;
  /** The unit a registry id or a name denotes, for a report about a period starting on `atIsoDate`. */
  resolveUnit(nameOrId: string, atIsoDate?: string): XlsxUnit | undefined;
  unitById(id: string): XlsxUnit | undefined;
  /** Work areas, for grouping the template's rows (optional). */
  workAreas?(): readonly XlsxWorkArea[];
}

/** True when an indicator is a rate (a percentage with a numerator and a denominator). */
export function isRate(i: XlsxIndicator): boolean {
  return i.kind === 'rate' || i.unit === 'percent';
}

/** True when an indicator counts things (whole numbers ≥ 0); money amounts are not counts. */
export function isWholeCount(i: XlsxIndicator): boolean {
  return !isRate(i) && i.unit === 'count';
}
