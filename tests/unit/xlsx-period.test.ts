import { describe, expect, it } from 'vitest';
import { parsePeriodText } from '../../functions/core/parse/xlsx-period.ts';
import { parseSubmittedText, readFileName, unitNamePhrases } from '../../functions/core/parse/xlsx-header.ts';
import { labelVariants } from '../../functions/core/parse/xlsx-sheet.ts';
import { roleOf } from '../../functions/core/parse/xlsx-table.ts';

describe('period text', () => {
  it.each([
    ['2024-Q1', '2024-Q1'],
    ['Kỳ: 2024-h1', '2024-H1'],
    ['Tháng 3/2024', '2024-03'],
    ['tháng 03 năm 2024', '2024-03'],
    ['Tháng 12/2023', '2023-12'], // a calendar month (it belongs to statistical year 2024)
    ['T3/2024', '2024-03'],
    ['Quý I năm 2024', '2024-Q1'],
    ['QUÝ IV NĂM 2024', '2024-Q4'],
    ['Quý 2/2024', '2024-Q2'],
    ['6 tháng đầu năm 2024', '2024-H1'],
    ['SÁU THÁNG ĐẦU NĂM 2023', '2023-H1'],
    ['6 tháng cuối năm 2024', '2024-H2'],
    ['9 tháng năm 2024', '2024-9M'],
    ['9 tháng đầu năm 2024', '2024-9M'],
    ['Năm 2024', '2024-Y'],
    ['BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM 2024', '2024-Y'],
    ['12 tháng năm 2024', '2024-Y'],
    ['từ ngày 01/12/2023 đến ngày 31/5/2024', '2024-H1'],
    ['01/12/2023 – 29/02/2024', '2024-Q1'],
    ['01/03/2024 - 31/03/2024', '2024-03'],
    ['6 thang dau nam 2024', '2024-H1'], // typed without diacritics
    ['6 tháng đầu năm 2024'.normalize('NFD'), '2024-H1'],
  ])('%s → %s', (text, label) => {
    expect(parsePeriodText(text)).toBe(label);
  });

  it.each(['', 'BÁO CÁO CHỈ TIÊU', 'Sóc Trăng, ngày 05 tháng 6 năm 2024', '01/CT-VKSTC', 'Quý V năm 2024', 'Tháng 13/2024'])('nothing in %j', (text) => {
    expect(parsePeriodText(text)).toBeUndefined();
  });
});

describe('header helpers', () => {
  it('reads submission dates', () => {
    expect(parseSubmittedText('05/06/2024')).toBe('2024-06-05T00:00:00+07:00');
    expect(parseSubmittedText('5/6/2024 14:30')).toBe('2024-06-05T14:30:00+07:00');
    expect(parseSubmittedText('Sóc Trăng, ngày 05 tháng 6 năm 2024')).toBe('2024-06-05T00:00:00+07:00');
    expect(parseSubmittedText('2024-06-05')).toBe('2024-06-05T00:00:00+07:00');
    expect(parseSubmittedText('2024-06-05T10:00:00Z')).toBe('2024-06-05T10:00:00.000Z');
    expect(parseSubmittedText('hôm qua')).toBeUndefined();
  });
  it('reads unit ids and periods from file names', () => {
    expect(readFileName('p63-94_2024-H1.xlsx')).toMatchObject({ unitId: 'p63-94', period: '2024-H1' });
    expect(readFileName('/x/y/VKSND Soc Trang - 6 thang dau nam 2024.xlsx')).toMatchObject({ period: '2024-H1', stem: 'VKSND Soc Trang - 6 thang dau nam 2024' });
    expect(readFileName('bao_cao_quy_1_2024.xlsx').period).toBe('2024-Q1');
    expect(readFileName('kv-79-3 T3-2025.xlsx')).toMatchObject({ unitId: 'kv-79-3', period: '2025-03' });
  });
  it('proposes unit names from titles', () => {
    const phrases = unitNamePhrases('BÁO CÁO CỦA VKSND HAI CẤP TỈNH SÓC TRĂNG');
    expect(phrases).toContain('HAI CẤP TỈNH SÓC TRĂNG');
    expect(unitNamePhrases('VIỆN KIỂM SÁT NHÂN DÂN TỈNH QUẢNG TRỊ')[0]).toBe('TỈNH QUẢNG TRỊ');
  });
  it('strips numbering and units from row labels', () => {
    expect(labelVariants('1.2. Số kết luận (vụ)')).toContain('Số kết luận');
    expect(labelVariants('- Tỷ lệ truy tố đúng thời hạn (%)')).toContain('Tỷ lệ truy tố đúng thời hạn');
    expect(labelVariants('Trong đó: kháng nghị phúc thẩm')).toContain('kháng nghị phúc thẩm');
    expect(labelVariants('a) Số kết luận:')).toContain('Số kết luận');
  });
  it('names columns by their headings', () => {
    expect(roleOf('Mã chỉ tiêu')).toBe('code');
    expect(roleOf('CHỈ TIÊU')).toBe('name');
    expect(roleOf('Nội dung')).toBe('name');
    expect(roleOf('Kỳ này')).toBe('value');
    expect(roleOf('Số liệu kỳ báo cáo')).toBe('value');
    expect(roleOf('Cùng kỳ năm trước')).toBe('last_year');
    expect(roleOf('Số liệu cùng kỳ')).toBe('last_year');
    expect(roleOf('Tử số')).toBe('numerator');
    expect(roleOf('Mẫu số')).toBe('denominator');
    expect(roleOf('Ghi chú')).toBe('note');
    expect(roleOf('STT')).toBe('ignored');
    expect(roleOf('Đơn vị tính')).toBe('ignored');
    expect(roleOf('Lũy kế')).toBe('ignored');
    expect(roleOf('Chỉ tiêu giao')).toBe('ignored');
  });
});
