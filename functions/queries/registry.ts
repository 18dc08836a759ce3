/**
 * The named analyses: each is one SQL file in this folder plus the declaration of its
 * parameters (data), checked and completed here before binding. Parameters the SQL needs but
 * the analyst should not have to give (the previous period, the statistical year) are derived.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PERIOD_TYPES, parsePeriod, samePeriodLastYear } from '../core/calendar.ts';
import { indicatorByCode, resolveIndicator } from '../core/catalog.ts';
import { resolveUnit, unitById } from '../core/units.ts';

const here = dirname(fileURLToPath(import.meta.url));

export type ParamType = 'indicator' | 'period' | 'period_type' | 'year' | 'units' | 'level' | 'string';

export interface ParamSpec {
  name: string;
  type: ParamType;
  required: boolean;
  default?: string | number;
  description_vi: string;
  description_en: string;
}

export interface NamedQuery {
  name: string;
  title_vi: string;
  title_en: string;
  description_vi: string;
  description_en: string;
  params: ParamSpec[];
  /** Parameters computed from the given ones. */
  derive?: (p: Record<string, string | number>) => Record<string, string | number>;
}

export class ParamError extends Error {
  constructor(readonly message_vi: string, readonly message_en: string) {
    super(`${message_vi} / ${message_en}`);
  }
}

const P = {
  indicator: { name: 'indicator', type: 'indicator', required: true, description_vi: 'Mã hoặc tên chỉ tiêu', description_en: 'Indicator code or name' },
  period: { name: 'period', type: 'period', required: true, description_vi: 'Kỳ báo cáo, ví dụ 2024-H1', description_en: 'Period label, e.g. 2024-H1' },
  periodType: { name: 'period_type', type: 'period_type', required: false, default: 'year', description_vi: 'Loại kỳ: month, quarter, half, nine_months, year', description_en: 'Period type: month, quarter, half, nine_months, year' },
  from: { name: 'from', type: 'year', required: true, description_vi: 'Từ năm thống kê', description_en: 'From statistical year' },
  to: { name: 'to', type: 'year', required: true, description_vi: 'Đến năm thống kê', description_en: 'To statistical year' },
  units: { name: 'units', type: 'units', required: false, default: 'provinces', description_vi: 'Mã hoặc tên đơn vị, cách nhau bởi dấu phẩy; "provinces" = mọi tỉnh', description_en: 'Unit ids or names, comma-separated; "provinces" = every province' },
  level: { name: 'level', type: 'level', required: false, default: 'province', description_vi: 'Cấp: province, district, regional', description_en: 'Level: province, district, regional' },
} satisfies Record<string, ParamSpec>;

function periodDerived(p: Record<string, string | number>) {
  const per = parsePeriod(String(p.period))!;
  const prev = samePeriodLastYear(per);
  return { stat_year: per.statYear, period_end: per.end, previous_period: prev.label, previous_stat_year: prev.statYear };
}

export const NAMED_QUERIES: NamedQuery[] = [
  {
    name: 'trend', title_vi: 'Xu hướng', title_en: 'Trend',
    description_vi: 'Một chỉ tiêu theo thời gian cho các tỉnh hoặc đơn vị.', description_en: 'One indicator over time for provinces or units.',
    params: [P.indicator, P.units, P.from, P.to, P.periodType],
  },
  {
    name: 'ranking', title_vi: 'Xếp hạng các tỉnh', title_en: 'Province ranking',
    description_vi: 'Xếp hạng các tỉnh theo một chỉ tiêu trong một kỳ, so với cùng kỳ năm trước.', description_en: 'Provinces ranked on one indicator for a period, against the same period last year.',
    params: [P.indicator, P.period], derive: periodDerived,
  },
  {
    name: 'attainment', title_vi: 'Đạt / chưa đạt chỉ tiêu', title_en: 'Targets met / missed',
    description_vi: 'Giá trị so với chỉ tiêu có hiệu lực tại cuối kỳ.', description_en: 'Values against the targets in force at the end of the period.',
    params: [P.period, P.level], derive: periodDerived,
  },
  {
    name: 'completeness', title_vi: 'Tình hình gửi báo cáo', title_en: 'Report completeness',
    description_vi: 'Số báo cáo tháng phải gửi, đã nhận và đơn vị còn thiếu theo kỳ.', description_en: 'Monthly reports expected, received and units missing, per period.',
    params: [{ ...P.periodType, default: 'month' }, P.from, P.to],
  },
];

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

const LEVELS = ['province', 'district', 'regional'];

/** Checks and normalizes raw parameters (strings from a CLI or JSON), adding derived ones. */
export function prepareParams(q: NamedQuery, raw: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const known = new Set(q.params.map((p) => p.name));
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) throw new ParamError(`Tham số lạ "${k}" cho ${q.name}; nhận: ${[...known].join(', ')}.`, `Unknown parameter "${k}" for ${q.name}; expected: ${[...known].join(', ')}.`);
  }
  for (const spec of q.params) {
    let v = raw[spec.name] ?? spec.default;
    if (v === undefined || v === '') {
      if (spec.required) throw new ParamError(`Thiếu tham số "${spec.name}" (${spec.description_vi}).`, `Missing parameter "${spec.name}" (${spec.description_en}).`);
      continue;
    }
    const s = String(v).trim();
    switch (spec.type) {
      case 'indicator': {
        const ind = indicatorByCode(s) ?? resolveIndicator(s);
        if (!ind) throw new ParamError(`Không có chỉ tiêu "${s}".`, `No indicator "${s}".`);
        v = ind.code;
        break;
      }
      case 'period':
        if (!parsePeriod(s)) throw new ParamError(`Kỳ "${s}" không hợp lệ (ví dụ 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y).`, `Invalid period "${s}" (e.g. 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y).`);
        v = s;
        break;
      case 'period_type':
        if (!(PERIOD_TYPES as readonly string[]).includes(s)) throw new ParamError(`Loại kỳ "${s}" không hợp lệ; nhận ${PERIOD_TYPES.join(', ')}.`, `Invalid period type "${s}"; expected ${PERIOD_TYPES.join(', ')}.`);
        v = s;
        break;
      case 'year': {
        const n = Number(s);
        if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new ParamError(`Năm "${s}" không hợp lệ.`, `Invalid year "${s}".`);
        v = n;
        break;
      }
      case 'level':
        if (!LEVELS.includes(s)) throw new ParamError(`Cấp "${s}" không hợp lệ; nhận ${LEVELS.join(', ')}.`, `Invalid level "${s}"; expected ${LEVELS.join(', ')}.`);
        v = s;
        break;
      case 'units': {
        if (s === 'provinces') { v = s; break; }
        const ids = s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => {
          const u = unitById(x) ?? resolveUnit(x);
          if (!u) throw new ParamError(`Không nhận ra đơn vị "${x}".`, `Unit "${x}" not recognised.`);
          return u.id;
        });
        v = ids.join(',');
        break;
      }
      default:
        v = s;
    }
    out[spec.name] = v as string | number;
  }
  if (typeof out.from === 'number' && typeof out.to === 'number' && out.from > out.to) {
    throw new ParamError(`Năm bắt đầu ${out.from} sau năm kết thúc ${out.to}.`, `Start year ${out.from} is after end year ${out.to}.`);
  }
  return { ...out, ...(q.derive?.(out) ?? {}) };
}
