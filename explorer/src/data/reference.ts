/**
 * The indicator catalog and the unit registry, fetched once from the API. The explorer derives
 * its labels from these (never retyped), and degrades to codes when they cannot be loaded.
 */
import { fold } from '../../../functions/core/text.ts';
import { getJSON } from './api.ts';

export interface Target {
  comparator: string;
  threshold: number;
  source?: string;
  valid_from?: string | null;
  valid_to?: string | null;
  evidence?: string;
}

export interface Indicator {
  code: string;
  name_vi: string;
  name_en: string;
  definition_vi?: string;
  definition_en?: string;
  work_area?: string;
  kind?: string;
  unit?: string;
  direction?: string;
  formula?: string;
  numerator?: string;
  denominator?: string;
  targets?: Target[];
  aliases?: string[];
}

export interface WorkArea {
  code: string;
  name_vi: string;
  name_en: string;
}

export interface Unit {
  id: string;
  code?: string;
  name: string;
  full_name?: string;
  level: string;
  era?: string;
  parent_id?: string | null;
  province_id?: string;
  valid_from?: string;
  valid_to?: string | null;
  successor_id?: string;
  merged_from?: string[];
}

export interface Catalog {
  indicators: Indicator[];
  workAreas: WorkArea[];
  byCode: Map<string, Indicator>;
}

let catalogNow: Catalog | undefined;

/** The catalog if it has arrived (labels use codes until it does). */
export function catalogIfLoaded(): Catalog | undefined {
  return catalogNow;
}

/**
 * A GET fetched once for the page's life; a failure is forgotten so that the next call retries.
 * `started()` says whether it has been asked for yet.
 */
function once<T>(load: () => Promise<T>): { get(): Promise<T>; started(): boolean } {
  let p: Promise<T> | undefined;
  return {
    get: () => (p ??= load().catch((e: unknown) => {
      p = undefined;
      throw e;
    })),
    started: () => p !== undefined,
  };
}

/** The registry answers `{ units }` (older servers: a bare list). */
const unitList = (path: string) => () => getJSON<unknown>(path).then((raw) => {
  const r = raw as { units?: Unit[] } | Unit[];
  return Array.isArray(r) ? r : (r.units ?? []);
});

const units = once(unitList('/api/units'));
const provinces = once(unitList('/api/units?level=province'));
const catalog = once(() => getJSON<unknown>('/api/catalog').then((raw) => {
  const r = raw as { indicators?: Indicator[]; work_areas?: WorkArea[] } | Indicator[];
  const indicators = Array.isArray(r) ? r : (r.indicators ?? []);
  const workAreas = Array.isArray(r) ? [] : (r.work_areas ?? []);
  catalogNow = { indicators, workAreas, byCode: new Map(indicators.map((i) => [i.code, i])) };
  return catalogNow;
}));

/** Province-level units only (the pickers need ~100 rows, not the whole registry). */
export function loadProvinces(): Promise<Unit[]> {
  if (units.started()) return units.get().then((us) => us.filter((u) => u.level === 'province'));
  return provinces.get();
}

export function loadCatalog(): Promise<Catalog> {
  return catalog.get();
}

export function loadUnits(): Promise<Unit[]> {
  return units.get();
}

/** The target in force at `date` (ISO), if any. */
export function targetAt(ind: Indicator | undefined, date: string): Target | undefined {
  return ind?.targets?.find((t) => (!t.valid_from || t.valid_from <= date) && (!t.valid_to || t.valid_to >= date));
}

/** Indicators matching a search typed with or without diacritics (names, code, aliases, work area). */
export function searchIndicators(cat: Catalog, query: string): Indicator[] {
  const q = fold(query);
  if (!q) return cat.indicators;
  const words = q.split(' ');
  const areas = new Map(cat.workAreas.map((w) => [w.code, w]));
  return cat.indicators.filter((i) => {
    const area = i.work_area ? areas.get(i.work_area) : undefined;
    const hay = fold([i.code.replace(/_/g, ' '), i.name_vi, i.name_en, ...(i.aliases ?? []), area?.name_vi ?? '', area?.name_en ?? ''].join(' '));
    return words.every((w) => hay.includes(w));
  });
}
