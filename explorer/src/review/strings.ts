/** The review page's strings, Vietnamese first (kept beside the page; same shape as i18n/strings.ts). */
import { getLang } from '../i18n/i18n.ts';

export const REVIEW_STRINGS = {
  review_nav: { vi: 'Duyệt số liệu trích xuất', en: 'Review extracted figures' },
  title: { vi: 'Duyệt số liệu trích xuất', en: 'Review extracted figures' },
  back: { vi: '← Sổ tay phân tích', en: '← Notebooks' },
  intro: {
    vi: 'Số liệu đọc tự động từ bài viết, văn bản chờ cán bộ phân tích kiểm tra. Mỗi quyết định được lưu thành một lần sửa mới của báo cáo, ghi người duyệt và thời điểm; bản trích xuất gốc vẫn tra cứu được.',
    en: 'Figures read automatically from articles and narrative reports wait for an analyst. Each decision is stored as a new revision of the report with who and when; the extracted original stays queryable.',
  },
  waiting: { vi: 'Báo cáo chờ duyệt', en: 'Reports waiting' },
  none: { vi: 'Không còn số liệu nào chờ duyệt.', en: 'No figures are waiting for review.' },
  figures_n: { vi: '{n} số liệu', en: '{n} figures' },
  article: { vi: 'Văn bản gốc', en: 'Original text' },
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  value: { vi: 'Giá trị', en: 'Value' },
  change: { vi: 'So với cùng kỳ', en: 'On last year' },
  confidence: { vi: 'Độ tin cậy', en: 'Confidence' },
  decision: { vi: 'Quyết định', en: 'Decision' },
  accept: { vi: 'Chấp nhận', en: 'Accept' },
  correct: { vi: 'Sửa', en: 'Correct' },
  reject: { vi: 'Loại', en: 'Reject' },
  up: { vi: 'tăng', en: 'up' },
  down: { vi: 'giảm', en: 'down' },
  no_change: { vi: '(không có)', en: '(none)' },
  unit_count: { vi: 'đơn vị đếm', en: 'count' },
  unit_percent: { vi: '%', en: '%' },
  unit_pp: { vi: 'điểm %', en: 'pp' },
  period: { vi: 'Kỳ báo cáo', en: 'Period' },
  unit: { vi: 'Đơn vị (mã)', en: 'Unit (id)' },
  accept_rest: { vi: 'Chấp nhận các số liệu còn lại', en: 'Accept the remaining figures' },
  submit: { vi: 'Lưu quyết định', en: 'Save decisions' },
  undecided: { vi: 'Còn {n} số liệu chưa quyết định.', en: '{n} figures left undecided.' },
  saved: { vi: 'Đã lưu lần sửa {revision} của {unit} kỳ {period} (người duyệt: {who}).', en: 'Saved revision {revision} of {unit}, period {period} (reviewer: {who}).' },
  queued: { vi: 'Đã gửi quyết định về {unit} kỳ {period} (người duyệt: {who}); lần sửa {revision} sẽ có hiệu lực khi hệ thống nhập xong, sau ít giây.', en: 'Decisions on {unit}, period {period} sent (reviewer: {who}); revision {revision} takes effect once ingested, in a few seconds.' },
  file: { vi: 'Tệp', en: 'File' },
  language: { vi: 'English', en: 'Tiếng Việt' },
} as const;

export type ReviewKey = keyof typeof REVIEW_STRINGS;

export function rt(key: ReviewKey, vars: Record<string, string | number> = {}): string {
  const s: string = REVIEW_STRINGS[key][getLang()];
  return s.replace(/\{(\w+)\}/g, (w, k: string) => (k in vars ? String(vars[k]) : w));
}
