/**
 * The named analyses. Each is two files in this folder: `<name>.sql` (the query, in the subset
 * Trino and DuckDB both run, with `:name` parameters) and `<name>.json` (its titles and declared
 * parameters: data). Parameters the SQL needs but an analyst should not have to give (the
 * previous period, the statistical year) are derived by the named derivers below.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PERIOD_TYPES, parsePeriod, previousPeriod, samePeriodLastYear } from '../core/calendar.ts';
import { indicatorByCode, resolveIndicator } from '../core/catalog.ts';
import { predecessorsOf, resolveUnit, unitById } from '../core/units.ts';
import { nameKey } from '../core/text.ts';
import { AS_OF_PARAM, AS_OF_YEARS, CHANGE_CUTS, yearsAsked, composeAsOf, composeCuts, asOfName, relationsRead, renameRelations, type Cut, type ViewText } from '../core/as-of/compose.ts';
import { parseAsOf } from '../core/as-of/moment.ts';
import { sharedViews } from './views.ts';

const here = dirname(fileURLToPath(import.meta.url));

export type ParamType = 'indicator' | 'period' | 'period_type' | 'year' | 'units' | 'unit' | 'level' | 'geography' | 'number' | 'string' | 'timestamp';

export interface ParamSpec {
  name: string;
  type: ParamType;
  required: boolean;
  default?: string | number;
  /** For type 'string': the allowed values. */
  values?: string[];
  description_vi: string;
  description_en: string;
}

export type DeriverName = keyof typeof DERIVERS;

export interface NamedQuery {
  name: string;
  title_vi: string;
  title_en: string;
  description_vi: string;
  description_en: string;
  params: ParamSpec[];
  derive: DeriverName[];
  /**
   * The moments (timestamp parameters) at which the analysis reads the derived relations, by
   * prefixed names (core/as-of/compose.ts CHANGE_CUTS): `changes` reads before_* at `from` and
   * after_* at `to`. Such an analysis takes no `as_of`.
   */
  cuts?: string[];
}

export class ParamError extends Error {
  constructor(readonly message_vi: string, readonly message_en: string) {
    super(`${message_vi} / ${message_en}`);
  }
}

/** Derived parameters, by name (declared in a query's JSON as "derive"). */
const DERIVERS = {
  /** From `period`: its statistical year and end date, the previous period and the same period last year. */
  period_context: (p: Record<string, string | number>) => {
    const per = parsePeriod(String(p.period))!;
    const last = samePeriodLastYear(per);
    const prev = previousPeriod(per);
    return {
      stat_year: per.statYear, period_start: per.start, period_end: per.end, period_type_of_period: per.type,
      previous_period: last.label, previous_stat_year: last.statYear,
      prior_period: prev.label, prior_stat_year: prev.statYear,
    };
  },
  /**
   * The two moments of `changes`: `to` left out is now, taken as the end of the current minute —
   * the same answer (nothing is ingested in the future), and one the result caches can keep: a
   * `to` to the millisecond made every request a new query (at national-10y the API load test's
   * p95 went from 88 ms to 1 s). Optional filters left out are 'all'. `from` after `to` is
   * refused (the window would be empty, which is surely a slip).
   */
  change_window: (p: Record<string, string | number>) => {
    const to = p.to ?? new Date(Math.ceil(Date.now() / 60_000) * 60_000).toISOString().replace('T', ' ').replace('Z', '');
    if (String(p.from) > String(to)) {
      throw new ParamError(`Thời điểm "from" (${p.from}) sau "to" (${to}).`, `The moment "from" (${p.from}) is after "to" (${to}).`);
    }
    return { to, indicator: p.indicator ?? 'all', period: p.period ?? 'all', units: p.units ?? 'all' };
  },
  /** An optional indicator left out means every indicator ('all', which no indicator code is). */
  indicator_or_all: (p: Record<string, string | number>) => ({ indicator: p.indicator ?? 'all' }),
} satisfies Record<string, (p: Record<string, string | number>) => Record<string, string | number>>;

/**
 * Parameters every analysis takes, declared once. `as_of`: answer from the report revisions the
 * warehouse knew at that moment (core/as-of/compose.ts); absent, from what it knows now.
 */
export const COMMON_PARAMS: ParamSpec[] = [
  {
    name: AS_OF_PARAM,
    type: 'timestamp',
    required: false,
    description_vi: 'Tính theo dữ liệu đã nhận đến thời điểm này (ISO 8601, ví dụ 2025-11-05T08:00:00Z; một ngày 2025-11-05 là hết ngày đó giờ Việt Nam); bỏ trống là hiện tại',
    description_en: 'Answer from the data received up to this moment (ISO 8601, e.g. 2025-11-05T08:00:00Z; a date 2025-11-05 means the end of that day, Vietnam time); empty means now',
  },
];

export const NAMED_QUERIES: NamedQuery[] = readdirSync(here)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const q = JSON.parse(readFileSync(join(here, f), 'utf8')) as NamedQuery;
    const own = new Set(q.params.map((p) => p.name));
    if (q.cuts) return q;
    return { ...q, params: [...q.params, ...COMMON_PARAMS.filter((p) => !own.has(p.name))] };
  });

const sqlCache = new Map<string, string>();

export function namedQuery(name: string): NamedQuery | undefined {
  return NAMED_QUERIES.find((q) => q.name === name);
}

export function querySql(name: string): string {
  let s = sqlCache.get(name);
  if (!s) {
    s = readFileSync(join(here, `${name}.sql`), 'utf8');
    sqlCache.set(name, s);
  }
  return s;
}

/** The shared views (functions/queries/views/), the derived relations the analyses read. */
export function sharedViewTexts(): ViewText[] {
  viewTexts ??= sharedViews();
  return viewTexts;
}
let viewTexts: ViewText[] | undefined;

const asOfCache = new Map<string, string>();

/**
 * The SQL that answers an analysis for these (prepared) parameters: the analysis file as it is,
 * or with `as_of`, its as-of composition over the shared views (one query, both engines).
 */
export function analysisSql(name: string, params: Record<string, unknown> = {}, engine: 'duckdb' | 'athena' = 'athena'): string {
  const cuts = namedQuery(name)?.cuts;
  if (!cuts && (params[AS_OF_PARAM] === undefined || params[AS_OF_PARAM] === null)) return querySql(name);
  const key = `${engine}\0${name}`;
  let s = asOfCache.get(key);
  if (!s) {
    const style = engine === 'duckdb' ? 'inline' : 'plain';
    s = cuts ? composeCuts(querySql(name), sharedViewTexts(), cutsOf(name, cuts), style) : composeAsOf(querySql(name), sharedViewTexts(), style);
    asOfCache.set(key, s);
  }
  return s;
}

function cutsOf(name: string, params: string[]): Cut[] {
  return params.map((p) => {
    const cut = CHANGE_CUTS.find((c) => c.param === p);
    if (!cut) throw new Error(`${name}.json: no cut for parameter ${p} (core/as-of/compose.ts CHANGE_CUTS)`);
    return cut;
  });
}

/**
 * What the cost estimate reads for an analysis with these parameters: with `as_of`, the analysis
 * reading the as-of relations by name (`asof_province_values` …), which the cost relation map
 * expands into the scans of the composed query (core/cost/relations.ts, asOfRelations): Trino
 * inlines the composed WITH queries and pushes the analysis's predicates into them as it does
 * into the views, which an estimate of the composed text itself could not see.
 */
export function estimateSqlFor(name: string, params: Record<string, unknown> = {}): string {
  // an analysis reading cuts names their relations itself (before_*, after_*)
  if (namedQuery(name)?.cuts || params[AS_OF_PARAM] === undefined || params[AS_OF_PARAM] === null) return querySql(name);
  const views = sharedViewTexts().map((v) => v.name);
  const read = relationsRead(querySql(name), views);
  return renameRelations(querySql(name), Object.fromEntries([...read].map((v) => [v, asOfName(v)])));
}

const LEVELS = ['province', 'district', 'regional'];
const GEOGRAPHIES = ['as_reported', 'as_2025'];

function resolveUnitParam(x: string): string {
  const u = unitById(x) ?? resolveUnit(x);
  if (!u) throw new ParamError(`Không nhận ra đơn vị "${x}".`, `Unit "${x}" not recognised.`);
  return u.id;
}

/**
 * A province given by name means that province in both eras where the name carries over
 * ("Cần Thơ" = p63-92 until June 2025 and p34-92 after), so a multi-year trend is unbroken.
 * An id means exactly that unit.
 */
function resolveUnitsParam(x: string): string[] {
  const id = resolveUnitParam(x);
  if (unitById(x)) return [id];
  const u = unitById(id)!;
  if (u.level !== 'province') return [id];
  const sameName = [...predecessorsOf(u.id), ...(u.successor_id ? [unitById(u.successor_id)!] : [])].filter((o) => nameKey(o.name) === nameKey(u.name));
  return [...sameName.map((o) => o.id), id].sort();
}

/** Checks and normalizes raw parameters (strings from a CLI or JSON), adding derived ones. */
export function prepareParams(q: NamedQuery, raw: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const known = new Set(q.params.map((p) => p.name));
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) throw new ParamError(`Tham số lạ "${k}" cho ${q.name}; nhận: ${[...known].join(', ')}.`, `Unknown parameter "${k}" for ${q.name}; expected: ${[...known].join(', ')}.`);
  }
  for (const spec of q.params) {
    const given = raw[spec.name] ?? spec.default;
    if (given === undefined || given === null || given === '') {
      if (spec.required) throw new ParamError(`Thiếu tham số "${spec.name}" (${spec.description_vi}).`, `Missing parameter "${spec.name}" (${spec.description_en}).`);
      continue;
    }
    const s = String(given).trim();
    let v: string | number = s;
    switch (spec.type) {
      case 'indicator': {
        const ind = indicatorByCode(s) ?? resolveIndicator(s);
        if (!ind) throw new ParamError(`Không có chỉ tiêu "${s}".`, `No indicator "${s}".`);
        v = ind.code;
        break;
      }
      case 'period':
        if (!parsePeriod(s)) throw new ParamError(`Kỳ "${s}" không hợp lệ (ví dụ 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y).`, `Invalid period "${s}" (e.g. 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y).`);
        break;
      case 'period_type':
        if (!(PERIOD_TYPES as readonly string[]).includes(s)) throw new ParamError(`Loại kỳ "${s}" không hợp lệ; nhận ${PERIOD_TYPES.join(', ')}.`, `Invalid period type "${s}"; expected ${PERIOD_TYPES.join(', ')}.`);
        break;
      case 'year':
      case 'number': {
        const n = Number(s);
        const bad = spec.type === 'year' ? !Number.isInteger(n) || n < 2000 || n > 2100 : !Number.isFinite(n);
        if (bad) throw new ParamError(`"${s}" không hợp lệ cho ${spec.name}.`, `"${s}" is not valid for ${spec.name}.`);
        v = n;
        break;
      }
      case 'level':
        if (!LEVELS.includes(s)) throw new ParamError(`Cấp "${s}" không hợp lệ; nhận ${LEVELS.join(', ')}.`, `Invalid level "${s}"; expected ${LEVELS.join(', ')}.`);
        break;
      case 'geography':
        if (!GEOGRAPHIES.includes(s)) throw new ParamError(`Địa giới "${s}" không hợp lệ; nhận ${GEOGRAPHIES.join(', ')}.`, `Invalid geography "${s}"; expected ${GEOGRAPHIES.join(', ')}.`);
        break;
      case 'unit':
        v = resolveUnitParam(s);
        break;
      case 'timestamp': {
        const t = parseAsOf(s);
        if (!t) {
          throw new ParamError(
            `Thời điểm "${s}" không hợp lệ cho ${spec.name}: dùng ISO 8601, ví dụ 2025-11-05T08:00:00Z, 2025-11-05T15:00:00+07:00 hoặc một ngày 2025-11-05 (hết ngày đó giờ Việt Nam).`,
            `Invalid moment "${s}" for ${spec.name}: use ISO 8601, e.g. 2025-11-05T08:00:00Z, 2025-11-05T15:00:00+07:00, or a date 2025-11-05 (the end of that day, Vietnam time).`,
          );
        }
        v = t;
        break;
      }
      case 'units':
        v = s === 'provinces' ? s : [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean).flatMap(resolveUnitsParam))].join(',');
        break;
      default:
        if (spec.values && !spec.values.includes(s)) throw new ParamError(`"${s}" không hợp lệ cho ${spec.name}; nhận ${spec.values.join(', ')}.`, `"${s}" is not valid for ${spec.name}; expected ${spec.values.join(', ')}.`);
    }
    out[spec.name] = v;
  }
  if (typeof out.from === 'number' && typeof out.to === 'number' && out.from > out.to) {
    throw new ParamError(`Năm bắt đầu ${out.from} sau năm kết thúc ${out.to}.`, `Start year ${out.from} is after end year ${out.to}.`);
  }
  const derived = Object.assign({}, ...q.derive.map((d) => DERIVERS[d](out)));
  const prepared: Record<string, string | number> = { ...out, ...derived };
  if (prepared[AS_OF_PARAM] !== undefined) {
    // the years the as-of cut reads (core/as-of/compose.ts yearsAsked)
    const [first, last] = yearsAsked(prepared);
    prepared[AS_OF_YEARS[0]] = first;
    prepared[AS_OF_YEARS[1]] = last;
  }
  return prepared;
}
