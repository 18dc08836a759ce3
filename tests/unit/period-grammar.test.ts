/**
 * One period grammar for narrative text and workbooks (issue 13): a phrase names the same period
 * whether it heads a worksheet (parse/xlsx-period.ts) or an article (extract/period.ts).
 */
import { describe, expect, it } from 'vitest';
import { parsePeriodText } from '../../functions/core/parse/xlsx-period.ts';
import { findPeriod } from '../../functions/core/extract/period.ts';
import { periodMentions } from '../../functions/core/extract/period-grammar.ts';

const PHRASES: Array<[string, string]> = [
  ['Quý I năm 2024', '2024-Q1'],
  ['Quý 2/2024', '2024-Q2'],
  ['6 tháng đầu năm 2024', '2024-H1'],
  ['Sáu tháng cuối năm 2023', '2023-H2'],
  ['9 tháng năm 2024', '2024-9M'],
  ['chín tháng đầu năm 2022', '2022-9M'],
  ['Tháng 3/2024', '2024-03'],
  ['T3/2024', '2024-03'],
  ['12 tháng năm 2024', '2024-Y'],
  ['Năm 2024', '2024-Y'],
  ['6 thang dau nam 2024', '2024-H1'],
];

describe('the period grammar is shared by workbooks and articles', () => {
  it.each(PHRASES)('%s → %s in both', (phrase, label) => {
    expect(parsePeriodText(phrase)).toBe(label);
    const article = `Báo cáo kết quả công tác kiểm sát ${phrase}\n\nViện kiểm sát nhân dân tỉnh đã thụ lý 12 vụ.`;
    expect(findPeriod(article, article.indexOf('\n'), null)?.period.label).toBe(label);
  });

  it('leaves out dates, comparison bases, spans and a date line’s month', () => {
    const t = 'Hải Dương, tháng 1/2019\nNgày 14 tháng 3 năm 2024, so với cùng kỳ năm 2017, giai đoạn 2016 - 2021, tổng kết năm 2018.';
    expect(periodMentions(t).map((m) => `${m.type}:${m.year}`)).toEqual(['year:2018']);
  });

  it('marks the tasks launched as a plan, not the period reviewed', () => {
    const m = periodMentions('Hội nghị triển khai nhiệm vụ năm 2024.');
    expect(m[0]).toMatchObject({ type: 'year', year: 2024, plan: true });
  });
});
