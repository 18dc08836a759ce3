/**
 * The explorer's data extracts: what each holds and its columns. One row per province (or the
 * country), period and indicator — the shape every starter notebook filters, and small enough
 * per file for a browser. Columns keep numerators and denominators so the browser can re-aggregate
 * rates correctly (ratio of sums), and the flags analysts need to trust a value.
 */
import type { ExtractColumn } from './encode.ts';

export const EXTRACT_COLUMNS: ExtractColumn[] = [
  { name: 'unit_id', type: 'dict', description: 'p63-XX (trước 01/07/2025), p34-XX (từ 01/07/2025), hoặc VN cho toàn quốc / province id, or VN for the country' },
  { name: 'unit_name', type: 'dict', description: 'tên tỉnh / province name' },
  { name: 'period', type: 'dict', description: 'nhãn kỳ (2024-Y, 2024-Q1, 2024-03, …) / period label' },
  { name: 'period_type', type: 'dict', description: 'month | quarter | half | nine_months | year' },
  { name: 'stat_year', type: 'int', description: 'năm thống kê (01/12 năm trước – 30/11) / statistical year' },
  { name: 'indicator', type: 'dict', description: 'mã chỉ tiêu (xem /api/catalog) / indicator code' },
  { name: 'value', type: 'double', description: 'giá trị; tỷ lệ tính từ tổng tử số / tổng mẫu số / value; rates as ratio of sums' },
  { name: 'numerator', type: 'double', description: 'tử số (chỉ tiêu tỷ lệ) / numerator (rates)' },
  { name: 'denominator', type: 'double', description: 'mẫu số (chỉ tiêu tỷ lệ) / denominator (rates)' },
  { name: 'flag', type: 'dict', description: 'percent_only khi chỉ có tỷ lệ % / percent_only when only a percentage is known' },
  { name: 'parts', type: 'int', description: 'số đơn vị báo cáo (tỉnh) hoặc số tỉnh (toàn quốc) / units (or provinces) reporting' },
  { name: 'synthetic', type: 'boolean', description: 'dữ liệu mô phỏng / synthetic demo data' },
  { name: 'basis', type: 'dict', description: 'reported (báo cáo kỳ của đơn vị) | rolled_up (cộng từ các tháng) | mixed / the units\' own period reports, a roll-up of months, or both' },
  { name: 'partial', type: 'boolean', description: 'chỉ phủ một phần kỳ (thiếu tháng, kỳ vắt qua 01/07/2025) / covers only part of the period' },
  { name: 'partial_reason', type: 'dict', description: 'era_boundary | months_missing | component_missing | resolved_missing' },
  { name: 'extracted', type: 'boolean', description: 'có số liệu trích xuất từ bài viết / rests on a figure extracted from a narrative report' },
  { name: 'reviewed', type: 'boolean', description: 'mọi số liệu trích xuất đã được rà soát (trống nếu không có) / every extracted figure reviewed by an analyst (empty when none is extracted)' },
];

export type Geography = 'as_reported' | 'as_2025';

export interface ExtractDef {
  /** Stable name the explorer looks up in the manifest. */
  name: string;
  holds_vi: string;
  holds_en: string;
  level: 'province' | 'national';
  period_type: string;
  geography: Geography;
  /** Statistical years covered. */
  stat_years: [number, number];
  /** Part of the explorer's default view (the first starter notebook). */
  default: boolean;
}
