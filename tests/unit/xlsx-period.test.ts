import { describe, expect, it } from 'vitest';
import { parsePeriodText } from '../../functions/core/parse/xlsx-period.ts';
import { parseSubmittedText, readFileName, unitNamePhrases } from '../../functions/core/parse/xlsx-header.ts';
import { labelVariants } from '../../functions/core/parse/xlsx-sheet.ts';
import { roleOf } from '../../functions/core/parse/xlsx-table.ts';
import { eachCase } from '../fixtures/extraction/cases.ts';

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
    ['Ba tháng đầu năm 2024', '2024-Q1'],
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
  eachCase('reads the submission date %j → %j', parseSubmittedText, [
    ['05/06/2024', '2024-06-05T00:00:00+07:00'], ['5/6/2024 14:30', '2024-06-05T14:30:00+07:00'], ['Sóc Trăng, ngày 05 tháng 6 năm 2024', '2024-06-05T00:00:00+07:00'],
    ['2024-06-05', '2024-06-05T00:00:00+07:00'], ['2024-06-05T10:00:00Z', '2024-06-05T10:00:00.000Z'], ['hôm qua', undefined],
  ]);
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
  it.each([['1.2. Số kết luận (vụ)', 'Số kết luận'], ['- Tỷ lệ truy tố đúng thời hạn (%)', 'Tỷ lệ truy tố đúng thời hạn'], ['Trong đó: kháng nghị phúc thẩm', 'kháng nghị phúc thẩm'], ['a) Số kết luận:', 'Số kết luận']])(
    'strips numbering and units from the row label %j',
    (label, core) => expect(labelVariants(label)).toContain(core),
  );
  eachCase('names the column headed %j: %s', roleOf, [
    ['Mã chỉ tiêu', 'code'], ['CHỈ TIÊU', 'name'], ['Nội dung', 'name'], ['Kỳ này', 'value'], ['Số liệu kỳ báo cáo', 'value'], ['Cùng kỳ năm trước', 'last_year'], ['Số liệu cùng kỳ', 'last_year'], ['Tử số', 'numerator'], ['Mẫu số', 'denominator'], ['Ghi chú', 'note'], ['STT', 'ignored'], ['Đơn vị tính', 'ignored'], ['Lũy kế', 'ignored'], ['Chỉ tiêu giao', 'ignored'],
  ]);
});
