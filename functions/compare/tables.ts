/**
 * The tables a comparison writes under results/compare/<period>/runs/<run>/ (each as
 * <name>.parquet and <name>.json), with their column types declared once here.
 */
import type { Comparison } from './types.ts';
import type { TableSpec } from './table-encode.ts';

const s = (name: string) => ({ name, type: 'string' as const });
const i = (name: string) => ({ name, type: 'int' as const });
const d = (name: string) => ({ name, type: 'double' as const });
const b = (name: string) => ({ name, type: 'boolean' as const });

export const COMPARE_TABLES = {
  national: {
    name: 'national',
    description_vi: 'Giá trị toàn quốc của từng chỉ tiêu (tỷ lệ = tổng tử số / tổng mẫu số), so với kỳ trước và cùng kỳ năm trước, đối chiếu chỉ tiêu đề ra.',
    description_en: 'National value per indicator (rates as ratio of sums), against the previous period and the same period last year, and the target.',
    columns: [
      s('indicator'), s('indicator_name_vi'), s('work_area'), s('kind'), s('unit'), s('direction'),
      d('value'), d('numerator'), d('denominator'),
      d('prior_value'), d('change_prior'), d('change_prior_pct'),
      d('last_year_value'), d('change_last_year'), d('change_last_year_pct'),
      i('provinces_reporting'), s('target_comparator'), d('target_threshold'), s('target_evidence'), b('met'),
      i('provinces_met'), i('provinces_missed'), s('flag'), b('synthetic'),
    ],
  },
  provinces: {
    name: 'provinces',
    description_vi: 'Xếp hạng các tỉnh theo từng chỉ tiêu, với thay đổi so với kỳ trước, cùng kỳ năm trước và điểm z bền vững.',
    description_en: 'Province ranking per indicator with changes against the previous period and the same period last year, and robust z-scores.',
    columns: [
      s('indicator'), s('unit_id'), s('unit_name'), d('value'), i('rank'), i('ranked'), d('percentile'), i('quartile'),
      d('prior_value'), d('change_prior'), d('change_prior_pct'),
      d('last_year_value'), d('change_last_year'), d('change_last_year_pct'),
      d('robust_z'), b('outlier'), d('target_threshold'), b('met'), b('partial_period'),
    ],
  },
  attainment: {
    name: 'attainment',
    description_vi: 'Đạt / chưa đạt chỉ tiêu đề ra của từng tỉnh (phân tích attainment).',
    description_en: 'Targets met / missed by each province (the attainment analysis).',
    columns: [
      s('indicator'), s('indicator_name_vi'), s('unit_id'), s('unit_name'), d('value'), s('comparator'), d('target'),
      s('evidence'), b('met'), s('status'),
    ],
  },
  movers: {
    name: 'movers',
    description_vi: 'Các tỉnh biến động nhiều nhất (điểm % với tỷ lệ, % với số đếm).',
    description_en: 'Biggest movers (percentage points for rates, percent for counts).',
    columns: [
      s('indicator'), s('unit_id'), s('unit_name'), s('movement'), s('basis'), d('change'), d('value'), d('base_value'), i('position'),
    ],
  },
  outliers: {
    name: 'outliers',
    description_vi: 'Tỉnh có mức thay đổi so với cùng kỳ khác xa các tỉnh khác (|z bền vững| ≥ 3,5).',
    description_en: 'Provinces whose change against the same period last year is far from the others\' (|robust z| ≥ 3.5).',
    columns: [s('indicator'), s('unit_id'), s('unit_name'), s('basis'), d('change'), d('robust_z'), s('source')],
  },
  missing: {
    name: 'missing',
    description_vi: 'Đơn vị chưa gửi báo cáo tháng trong kỳ (phân tích completeness).',
    description_en: 'Units whose monthly reports for the period are missing (the completeness analysis).',
    columns: [s('period'), s('unit_id'), s('unit_name'), s('level'), s('province_id'), s('province_name')],
  },
} satisfies Record<string, TableSpec>;

export type CompareTableName = keyof typeof COMPARE_TABLES;

export function tableRows(c: Comparison, name: CompareTableName): readonly object[] {
  return c[name];
}
