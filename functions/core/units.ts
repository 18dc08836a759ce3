/**
 * The unit registry (data-schemas/units.json): the 63 pre-2025 provinces and their districts,
 * the 34 provinces from 2025-07-01 and their regional (khu vực) units. Ids never repeat across
 * eras (p63-44 is Quảng Bình, p34-44 is the new Quảng Trị), so a name is resolved together with
 * a date: "Quảng Trị" in 2024 is p63-45, in August 2025 it is p34-44.
 */
import registry from '../../data-schemas/units.json' with { type: 'json' };
// Name key → units, built ahead of time by scripts/build-units-index.ts (a test fails while stale):
// computing ~4,500 name keys here cost 27–45 ms of every cold start.
import NAME_INDEX from './units-name-index.ts';
import { fold, nameKey } from './text.ts';
import type { UnitLevel } from './types.ts';

export type Era = 'pre2025' | '2025';
export type UnitType = 'tinh' | 'thanh_pho' | 'huyen' | 'quan' | 'thi_xa' | 'khu_vuc';

export interface Unit {
  id: string;
  code: string;
  /** Short name: "Sóc Trăng", "Khu vực 3 – Cần Thơ". */
  name: string;
  /** "VKSND tỉnh Sóc Trăng", "VKSND khu vực 3 – Cần Thơ". */
  full_name: string;
  level: UnitLevel;
  era: Era;
  type: UnitType;
  parent_id: string | null;
  /** The province the unit belongs to (itself for a province). */
  province_id: string;
  valid_from: string;
  /** Inclusive; null = still valid. */
  valid_to: string | null;
  successor_id?: string;
  merged_from?: string[];
  district_count?: number;
  aliases: string[];
}

const UNITS = registry.units as unknown as Unit[];
const BY_ID = new Map(UNITS.map((u) => [u.id, u]));
const CHILDREN = new Map<string, Unit[]>();
for (const u of UNITS) {
  if (!u.parent_id) continue;
  const list = CHILDREN.get(u.parent_id) ?? [];
  list.push(u);
  CHILDREN.set(u.parent_id, list);
}

/** Entries of the keys looked up so far. */
const BY_KEY = new Map<string, readonly { unit: Unit; own: boolean }[]>();

/** The units carrying a name key, and whether the key is the unit's own name (not an alias). */
export function unitsByNameKey(key: string): readonly { unit: Unit; own: boolean }[] {
  let entries = BY_KEY.get(key);
  if (entries) return entries;
  // The key's line, "\n<key>\t<id> ~<id>…" (`~`: an alias of that unit); see the script.
  // (nameKey never yields a tab or a line break; other text must not match across lines.)
  const at = key && !/[\t\n]/.test(key) ? NAME_INDEX.indexOf(`\n${key}\t`) : -1;
  if (at < 0) return [];
  const start = at + key.length + 2;
  entries = NAME_INDEX.slice(start, NAME_INDEX.indexOf('\n', start))
    .split(' ')
    .map((e) => (e.startsWith('~') ? { unit: BY_ID.get(e.slice(1))!, own: false } : { unit: BY_ID.get(e)!, own: true }));
  BY_KEY.set(key, entries);
  return entries;
}

export function units(): readonly Unit[] {
  return UNITS;
}

export function unitById(id: string): Unit | undefined {
  return BY_ID.get(id);
}

/** Whether the unit exists on an ISO date (YYYY-MM-DD or a longer ISO timestamp). */
export function isValidAt(unit: Unit, isoDate: string): boolean {
  const d = isoDate.slice(0, 10);
  return unit.valid_from <= d && (unit.valid_to === null || d <= unit.valid_to);
}

/** Whether the unit exists over the whole of [start, end] (ISO dates, inclusive). */
export function isValidDuring(unit: Unit, start: string, end: string): boolean {
  return isValidAt(unit, start) && isValidAt(unit, end);
}

/** The administrative type a name announces with its prefix ("tỉnh …", "TP. …", "huyện …"), if any. */
function announcedType(text: string): UnitType | undefined {
  let k = fold(text);
  for (const p of ['vien kiem sat nhan dan', 'vksnd', 'vks', 'hai cap']) if (k.startsWith(p + ' ')) k = k.slice(p.length + 1);
  if (k.startsWith('tinh ')) return 'tinh';
  if (k.startsWith('thanh pho ') || k.startsWith('tp ')) return 'thanh_pho';
  if (k.startsWith('huyen ')) return 'huyen';
  if (k.startsWith('quan ')) return 'quan';
  if (k.startsWith('thi xa ')) return 'thi_xa';
  if (k.startsWith('khu vuc ')) return 'khu_vuc';
  return undefined;
}

export interface UnitMatch {
  unit: Unit;
  score: number;
}

/**
 * Every unit a name or id could mean, best first. Preference, in order: valid at the date (when
 * given; otherwise still valid today), the announced type ("tỉnh"/"thành phố"/"huyện"), the
 * higher level (a bare "Sóc Trăng" is the province, not the city of Sóc Trăng), own name over alias.
 */
export function matchUnits(nameOrId: string, atIsoDate?: string): UnitMatch[] {
  const trimmed = nameOrId.trim();
  const byId = BY_ID.get(trimmed) ?? BY_ID.get(trimmed.toLowerCase());
  if (byId) return [{ unit: byId, score: 10_000 }];
  const entries = unitsByNameKey(nameKey(trimmed));
  if (!entries.length) return [];
  const announced = announcedType(trimmed);
  const scored = entries.map(({ unit, own }) => {
    let score = 0;
    if (atIsoDate) score += isValidAt(unit, atIsoDate) ? 1000 : 0;
    else score += unit.valid_to === null ? 1000 : 0;
    if (announced) {
      if (announced === unit.type) score += 100;
      // "thành phố Huế" may be the district-level city or the 2025 province: both are cities.
      else score -= 50;
    }
    score += unit.level === 'province' ? 20 : unit.level === 'regional' ? 10 : 0;
    score += own ? 3 : 0;
    return { unit, score };
  });
  return scored.sort((a, b) => b.score - a.score || a.unit.id.localeCompare(b.unit.id));
}

/**
 * The unit meant by an id or a name (with or without diacritics, "VKSND"/"tỉnh"/"TP." prefixes,
 * old or new tone placement). With a date, the unit valid at that date is preferred.
 */
export function resolveUnit(nameOrId: string, atIsoDate?: string): Unit | undefined {
  return matchUnits(nameOrId, atIsoDate)[0]?.unit;
}

/** Ranked, diacritic-insensitive search over ids, names and aliases. */
export function searchUnits(query: string, opts: { at?: string; limit?: number } = {}): UnitMatch[] {
  const limit = opts.limit ?? 20;
  const q = nameKey(query);
  const pool = opts.at ? UNITS.filter((u) => isValidAt(u, opts.at!)) : UNITS;
  if (!q) return pool.slice(0, limit).map((unit) => ({ unit, score: 0 }));
  const out: UnitMatch[] = [];
  for (const u of pool) {
    let best = u.id === query.trim() ? 100 : 0;
    for (const text of [u.name, u.full_name, ...u.aliases]) {
      const k = nameKey(text);
      const s = k === q ? 90 : k.startsWith(q) ? 70 : k.includes(q) ? 50 : 0;
      if (s > best) best = s;
    }
    if (best > 0) {
      // Among equal matches, provinces first, then current units.
      const bonus = (u.level === 'province' ? 2 : u.level === 'regional' ? 1 : 0) + (u.valid_to === null ? 0.5 : 0);
      out.push({ unit: u, score: best + bonus });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.unit.id.localeCompare(b.unit.id)).slice(0, limit);
}

/** Every unit valid at a date. */
export function unitsAt(isoDate: string): Unit[] {
  return UNITS.filter((u) => isValidAt(u, isoDate));
}

/** The provinces valid at a date: 63 until 2025-06-30, 34 from 2025-07-01. */
export function provincesAt(isoDate: string): Unit[] {
  return UNITS.filter((u) => u.level === 'province' && isValidAt(u, isoDate));
}

/** Direct children (districts of a p63 province, regional units of a p34 province). */
export function childrenOf(id: string): Unit[] {
  return CHILDREN.get(id) ?? [];
}

/** The 2025 province that absorbed a pre-2025 province. */
export function successorOf(p63id: string): Unit | undefined {
  const s = BY_ID.get(p63id)?.successor_id;
  return s ? BY_ID.get(s) : undefined;
}

/** The pre-2025 provinces merged into a 2025 province. */
export function predecessorsOf(p34id: string): Unit[] {
  return (BY_ID.get(p34id)?.merged_from ?? []).map((id) => BY_ID.get(id)!).filter(Boolean);
}

/** p63 id → p34 id for all 63 provinces. Exact, since provinces merged whole. */
export function crosswalkP63toP34(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of UNITS) if (u.era === 'pre2025' && u.level === 'province' && u.successor_id) out[u.id] = u.successor_id;
  return out;
}

/** The province unit of any unit. */
export function provinceOf(unit: Unit): Unit {
  return BY_ID.get(unit.province_id)!;
}
