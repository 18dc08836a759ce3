/** The pieces of the narrative extractor: numbers in prose, changes, dates, periods, units, figures. */
import { describe, expect, it } from 'vitest';
import { scanNumbers } from '../../functions/core/extract/numbers.ts';
import { readChange } from '../../functions/core/extract/change.ts';
import { findReportDate } from '../../functions/core/extract/dates.ts';
import { findPeriod } from '../../functions/core/extract/period.ts';
import { findUnit } from '../../functions/core/extract/unit.ts';
import { findFigures } from '../../functions/core/extract/figures.ts';
import { extractFromText } from '../../functions/core/extract/extract.ts';
import { foldWithMap } from '../../functions/core/extract/fold-map.ts';
import { fold } from '../../functions/core/text.ts';
import { eachCase } from '../fixtures/extraction/cases.ts';

const figures = (t: string) => findFigures(t).map((f) => [f.indicator_code, f.value, f.unit, f.change]);
const numbers = (t: string) => scanNumbers(t).filter((x) => !x.skip).map((x) => x.value);

describe('numbers in prose', () => {
  it('reads Vietnamese formats', () => {
    expect(numbers('thụ lý 1.234 tin, đạt 71,2%, 06 kháng nghị, 12.345 vụ, 1.234.567 đồng')).toEqual([1234, 71.2, 6, 12345, 1234567]);
    expect(scanNumbers('đạt 89,02 %')[0]).toMatchObject({ value: 89.02, percent: true });
  });
  it('treats a comma and space as a list separator, not a decimal comma', () => {
    expect(numbers('94 kết luận, 93 kiến nghị')).toEqual([94, 93]);
  });
  it('skips dates, times, document numbers and years', () => {
    const t = 'Chỉ thị 01/CT-VKSTC ngày 18/12/2023; số 05-CT/TW; từ ngày 01/4 đến 05/4/2024; 3/15/2021 8:19:41 AM; năm 2024; Quý I/2021';
    expect(numbers(t)).toEqual([]);
    const reasons = new Set(scanNumbers(t).map((x) => x.skip));
    expect([...reasons].sort()).toEqual(['date', 'document_number', 'time', 'year'].sort());
  });
  it('reads a fraction as numerator and denominator', () => {
    expect(scanNumbers('giải quyết 1.234/1.300 tin')[0]).toMatchObject({ value: 1234, denominator: 1300 });
    expect(scanNumbers('ngày 10/3 vừa qua')[0].skip).toBe('date');
  });
  it('skips numbers glued to words (page counters, "Covid19")', () => {
    expect(numbers('Hôm nay1,515 Tổng lượt truy cập1,907,987')).toEqual([]);
  });
});

describe('changes against the same period', () => {
  const at = (s: string, rate: boolean) => readChange(s, 0, rate)?.change;
  it('percentage points after a rate, relative percent after a count', () => {
    expect(at(' (tăng 6,2%)', true)).toEqual({ direction: 'up', value: 6.2, unit: 'percentage_point' });
    expect(at(', tăng 8,6% so với năm 2023', false)).toEqual({ direction: 'up', value: 8.6, unit: 'percent' });
  });
  it('counts, explicit percentage points, and the change written first', () => {
    expect(at(', giảm 56 tin so với cùng kỳ', false)).toEqual({ direction: 'down', value: 56, unit: 'count' });
    expect(at(', giảm 1,5 điểm phần trăm so với cùng kỳ', true)).toEqual({ direction: 'down', value: 1.5, unit: 'percentage_point' });
    expect(at(', so với cùng kỳ năm trước giảm 18 tin', false)).toEqual({ direction: 'down', value: 18, unit: 'count' });
    expect(at(' (tang 3,1%)', true)).toEqual({ direction: 'up', value: 3.1, unit: 'percentage_point' });
  });
  it('a change clause naming its nouns before the direction ("số vụ giảm 55 nhưng số bị can tăng 70") attaches by noun', () => {
    const t = 'Viện kiểm sát đã kiểm sát việc khởi tố 1.200 vụ với 1.800 bị can; so với năm trước, số vụ giảm 40 nhưng số bị can tăng 65.';
    expect(figures(t).map(([, v, , c]) => [v, c])).toEqual([
      [1200, { direction: 'down', value: 40, unit: 'count' }],
      [1800, { direction: 'up', value: 65, unit: 'count' }],
    ]);
  });
  it('"nhiều hơn năm 2021 là 2.322 tin" is a rise and "ít hơn cùng kỳ là 12 vụ" a fall', () => {
    expect(figures('Viện kiểm sát đã thụ lý 5.400 tin, nhiều hơn năm 2021 là 320 tin.').map(([, v, , c]) => [v, c])).toEqual([
      [5400, { direction: 'up', value: 320, unit: 'count' }],
    ]);
    expect(figures('Viện kiểm sát đã truy tố 410 vụ, ít hơn cùng kỳ là 12 vụ.').map(([, v, , c]) => [v, c])).toEqual([
      [410, { direction: 'down', value: 12, unit: 'count' }],
    ]);
  });
  it('"nhiều hơn năm trước 60 vụ, 85 bị can" (base named, no "là") is a pair of rises; "nhiều hơn 20 vụ" alone stays a bound', () => {
    const t = 'Năm qua, Viện kiểm sát đã thụ lý kiểm sát điều tra 1.250 vụ với 2.040 bị can, nhiều hơn năm trước 60 vụ, 85 bị can.';
    expect(figures(t).map(([, v, , c]) => [v, c])).toEqual([
      [1250, { direction: 'up', value: 60, unit: 'count' }],
      [2040, { direction: 'up', value: 85, unit: 'count' }],
    ]);
    expect(figures('Viện kiểm sát đã truy tố 300 vụ, ít hơn năm ngoái 15 vụ.').map(([, v, , c]) => [v, c])).toEqual([[300, { direction: 'down', value: 15, unit: 'count' }]]);
    expect(figures('Viện kiểm sát đã truy tố nhiều hơn 20 vụ.')).toEqual([]);
  });
  eachCase('reads the change of %j, its base named before or after the direction', (t: string) => figures(t).map(([, v, , c]) => [v, c && (c as { direction: string }).direction, c && (c as { value: number }).value]), [
    ['Viện kiểm sát đã thụ lý 700 vụ, 980 bị can, cao hơn năm trước 35 vụ, 41 bị can.', [[700, 'up', 35], [980, 'up', 41]]],
    ['Viện kiểm sát đã thụ lý 700 vụ, 980 bị can, tăng so với năm trước 35 vụ, 41 bị can.', [[700, 'up', 35], [980, 'up', 41]]],
    ['Viện kiểm sát đã thụ lý 700 vụ với 980 bị can, so với năm trước nhiều hơn 35 vụ và 41 bị can.', [[700, 'up', 35], [980, 'up', 41]]],
    ['Viện kiểm sát đã thụ lý 700 vụ, thấp hơn so với cùng kỳ 8 vụ.', [[700, 'down', 8]]],
    ['Viện kiểm sát đã thụ lý 700 vụ, giảm so với năm 2022 là 8 vụ.', [[700, 'down', 8]]],
    ['Viện kiểm sát đã thụ lý 700 vụ, 980 bị can, nhiều hơn năm trước 35 vụ nhưng ít hơn 6 bị can.', [[700, 'up', 35], [980, 'down', 6]]],
    // A margin over a target is no change.
    ['Tỷ lệ giải quyết tin báo đạt 90%, cao hơn chỉ tiêu 5%.', [[90, null, null]]],
  ]);
  it('a clause summing up the changes ("so với cùng kỳ, tăng 2 cuộc …") reaches a figure of an earlier sentence of its paragraph, nothing further', () => {
    const t =
      'Viện kiểm sát đã trực tiếp kiểm sát 14 cuộc tại nhà tạm giữ. Qua đó, đơn vị ban hành 6 kiến nghị; so với cùng kỳ, tăng 2 cuộc kiểm sát và 3 kiến nghị.\n\n' +
      'Viện kiểm sát đã trực tiếp kiểm sát 9 cuộc. Riêng án ma túy, tăng 4 cuộc.';
    expect(figures(t).map(([, v, , c]) => [v, (c as { value: number } | null)?.value ?? null])).toEqual([[14, 2], [6, 3], [9, null]]);
  });
  it('a headline repeating a figure of a short opening paragraph keeps the paragraph\'s, with its change', () => {
    const t = 'Đồng Nai: Viện kiểm sát kiểm sát khởi tố 900 vụ án\n\nNăm 2024, Viện kiểm sát đã kiểm sát khởi tố 900 vụ với 1.100 bị can; so với cùng kỳ tăng 30 vụ, 50 bị can.';
    const got = extractFromText(t).extraction.indicators.map((i) => [i.value, i.change?.value ?? null]);
    expect(got).toEqual([[900, 30], [1100, 50]]);
  });
  it('"bằng cùng kỳ" is no change; unrelated text is nothing', () => {
    expect(readChange(' (bằng cùng kỳ)', 0, true)).toMatchObject({ change: null });
    expect(readChange(', vượt 4,5% so với chỉ tiêu', 0, true)).toBeUndefined();
  });
});

describe('report date', () => {
  eachCase('reads the date line of %j', findReportDate, [
    ['Tiêu đề\n3/15/2021 8:19:41 AMThực hiện …', '2021-03-15'], ['15/03/24 10:38\n\nTIÊU ĐỀ', '2024-03-15'], ['Tiêu đề\n\nThứ ba - 20/07/2021 22:42\nNội dung', '2021-07-20'],
    ['Tiêu đề dài hơn một chút\nNgày 14/3/2024, VKSND tỉnh …', '2024-03-14'], ['Không có ngày tháng nào ở đây.', null],
  ]);
});

describe('period on the statistical calendar', () => {
  const label = (t: string, date: string | null = null) => findPeriod(t, t.indexOf('\n') < 0 ? t.length : t.indexOf('\n'), date)?.period.label;
  it('reads explicit periods', () => {
    expect(label('sơ kết công tác 6 tháng đầu năm 2023')).toBe('2023-H1');
    expect(label('SƠ KẾT CÔNG TÁC QUÝ I VÀ GIAO BAN QUÝ II NĂM 2024')).toBe('2024-Q1');
    expect(label('kết quả công tác 9 tháng năm 2024')).toBe('2024-9M');
    expect(label('giao ban tháng 12/2023')).toBe('2023-12');
    expect(label('tổng kết công tác năm 2022')).toBe('2022-Y');
    expect(label('so ket 6 thang dau nam 2023')).toBe('2023-H1');
  });
  it('does not take a year the sentence directs work towards ("đề nghị … tiếp tục nâng cao … trong năm 2024") for the reviewed year', () => {
    const t = 'Tiêu đề\n\nNăm 2022, Viện kiểm sát huyện đã thụ lý 80 vụ.\n\nLãnh đạo đề nghị đơn vị tiếp tục nâng cao chất lượng tranh tụng trong năm 2023.';
    expect(findPeriod(t, 8, null)?.period.label).toBe('2022-Y');
    // Without the directive the latest plain year of the body is still the reviewed one.
    expect(findPeriod('Tiêu đề\n\nNếu năm 2016 thụ lý 50 vụ thì năm 2020 đã thụ lý 80 vụ.', 8, null)?.period.label).toBe('2020-Y');
  });
  it('prefers the plain year whose sentence states figures to a later one that states only what is to be done', () => {
    const t = 'Tiêu đề\n\nNăm 2015, Viện KSND hai cấp đã thụ lý 3.338 vụ, 754 việc dân sự.\n\nViện KSND thành phố kiến nghị trong năm 2016 cần quản lý chặt chẽ hơn đối với rừng.';
    expect(findPeriod(t, 8, '2017-03-01')?.period.label).toBe('2015-Y');
    const review = 'Tiêu đề\n\nTại hội nghị tổng kết công tác năm 2023, đơn vị đã hoàn thành nhiệm vụ. Năm 2023, Viện kiểm sát đã giải quyết 1.894 nguồn tin.\n\nNăm 2024, ngành Kiểm sát xác định tập trung giải quyết các vụ án tham nhũng.';
    expect(findPeriod(review, 8, null)?.period.label).toBe('2023-Y');
    // A date ("ngày 22/3/2024") is no figure.
    expect(findPeriod('Tiêu đề\n\nNăm 2023, Viện kiểm sát đã truy tố 40 vụ.\n\nNăm 2024, ban hành Chỉ thị ngày 22/3/2024 về công tác.', 8, null)?.period.label).toBe('2023-Y');
  });
  it('takes the year from the report date: the latest such period that has ended', () => {
    expect(label('sơ kết công tác Quý I', '2024-03-14')).toBe('2024-Q1');
    expect(label('sơ kết công tác quý IV', '2023-12-05')).toBe('2023-Q4');
    expect(label('sơ kết 6 tháng đầu năm', '2024-06-03')).toBe('2024-H1');
  });
  it('reads "Trong năm, …" (and "Trong quý, …", "Trong 6 tháng, …") as the period the report date closes, and nothing in the middle of one', () => {
    const t = 'Hòa Bình: kiểm sát chặt chẽ việc tạm giữ\n\nTrong năm, Viện kiểm sát đã ban hành 15 kiến nghị.';
    expect(label(t, '2022-11-25')).toBe('2022-Y');
    expect(label(t, '2023-01-20')).toBe('2022-Y');
    expect(label(t, '2022-06-10')).toBeUndefined();
    expect(label('Tiêu đề\n\nNăm nay, Viện kiểm sát đã ban hành 15 kiến nghị.', '2022-12-02')).toBe('2022-Y');
    expect(label('Tiêu đề\n\nTrong năm tới, đơn vị phấn đấu giảm 10% án tồn.', '2022-11-25')).toBeUndefined();
    // The same for a quarter, the first half and nine months, closed a few weeks before the date.
    expect(label('Tiêu đề\n\nTrong quý, Viện kiểm sát đã thụ lý 30 tin.', '2022-03-10')).toBe('2022-Q1');
    expect(label('Tiêu đề\n\nTrong quý, Viện kiểm sát đã thụ lý 30 tin.', '2022-05-10')).toBeUndefined();
    expect(label('Tiêu đề\n\nTrong 6 tháng, Viện kiểm sát đã thụ lý 30 tin.', '2022-06-08')).toBe('2022-H1');
    expect(label('Tiêu đề\n\nTrong chín tháng, Viện kiểm sát đã thụ lý 30 tin.', '2022-09-02')).toBe('2022-9M');
  });
  it('skips a period that had not ended at the report date (a plan, not a review)', () => {
    const t = 'Kiểm tra việc triển khai công tác năm 2021\nkết quả công tác Quý I/2021 của từng đơn vị';
    expect(findPeriod(t, t.indexOf('\n'), '2021-03-15')?.period.label).toBe('2021-Q1');
  });
  it('reads "Ba tháng đầu năm" as the first quarter, and "thực hiện tốt nhiệm vụ năm Y" as the year reviewed', () => {
    expect(label('Ba tháng đầu năm 2019, Viện kiểm sát hai cấp đã thụ lý 40 tin')).toBe('2019-Q1');
    expect(label('VKSND hai cấp thực hiện tốt nhiệm vụ năm 2022\nNăm 2022, tình hình … Nguyên nhân của tình hình tội phạm năm qua …')).toBe('2022-Y');
    expect(label('VKSND tỉnh triển khai nhiệm vụ năm 2020\nNăm qua, đơn vị đã thụ lý 40 tin')).toBe('2019-Y');
  });
  eachCase('reads every way of writing a half year: %j is %s', (t: string) => label(t, '2021-07-10'), [
    ['Bắc Giang: số vụ khởi tố mới tăng trong nửa đầu năm 2021\nTrong năm 2021, …', '2021-H1'], ['Sơ kết công tác sáu tháng năm 2017', '2017-H1'],
    ['Kết quả 6 tháng năm 2022 của ngành Kiểm sát', '2022-H1'], ['Nửa năm đầu 2020, VKS đã thụ lý 40 tin', '2020-H1'], ['sơ kết nửa đầu năm', '2021-H1'],
    ['sơ kết sáu tháng', '2021-H1'], ['Sáu tháng đầu năm 2019', '2019-H1'], ['nửa cuối năm 2020', '2020-H2'], ['6 tháng cuối năm 2020', '2020-H2'],
    ['VKSND tỉnh Nam Định: kết quả sáu tháng', '2021-H1'],
    // A bare "6 tháng" is a duration, not the half year.
    ['Bị cáo bị phạt 6 tháng tù; tổng kết năm 2020', '2020-Y'],
  ]);
  eachCase('reads "6 tháng qua" as the half year ended by the report date: %j', ([t, date]: readonly [string, string]) => label(t, date), [
    [['Trong 6 tháng qua, Viện kiểm sát hai cấp đã thụ lý 200 tin.', '2023-07-10'], '2023-H1'],
    [['Sáu tháng vừa qua, Viện kiểm sát hai cấp đã thụ lý 200 tin.', '2024-01-12'], '2023-H2'],
  ]);
  it('prefers a period only implied that had ended to a stated one that had not ("năm qua" at a conference of the new year)', () => {
    const t = 'VKSND khu vực 1 tổ chức hội nghị công chức\nNgày 04/02/2026, đơn vị tổ chức hội nghị công chức, người lao động năm 2026 để nhìn lại kết quả công tác năm qua.';
    expect(label(t, '2026-02-04')).toBe('2025-Y');
    // Without an implied period the stated one stays (a plan is better than nothing).
    expect(label('Hội nghị công chức năm 2026', '2026-02-04')).toBe('2026-Y');
  });
  it('does not take a date for a month', () => {
    expect(label('Ngày 14 tháng 3 năm 2024, hội nghị tổng kết công tác năm 2023')).toBe('2023-Y');
  });
});

describe('whose figures these are', () => {
  const values = (t: string, years: number[] = []) => findFigures(t, 0, years).map((f) => f.value);
  it('drops counts classified by offence and shares of the crime situation', () => {
    const t = 'Các cơ quan tố tụng đã khởi tố mới 259 vụ/163 bị can, trong đó trộm cắp tài sản chiếm 54% và lừa đảo chiếm 22%. Ngoài ra có 05 vụ/13 bị can phạm tội tham nhũng. Viện kiểm sát đã truy tố 120 vụ/200 bị can phạm tội ma túy.';
    expect(values(t)).toEqual([120, 200]);
  });
  it('drops counts that say who the suspects are, and shares of them', () => {
    const t =
      'Viện kiểm sát đã kiểm sát khởi tố mới 846 vụ án hình sự với 1.403 bị can. Xét theo độ tuổi, có 49 bị can từ đủ 14 đến dưới 18 tuổi (3,49%); số bị can là nữ là 110 người, chiếm 7,84%, còn 129 bị can là người dân tộc thiểu số, chiếm 9,19%. ' +
      'Trong số bị can có 19 người là đảng viên (1,35%) và 6 người trên 70 tuổi. Trong đó 12 đối tượng có tiền án.';
    expect(values(t)).toEqual([846, 1403]);
  });
  it("drops the investigating body's own paragraph, keeps what the procuracy reports it supervised", () => {
    // Its own account: opened by the whole investigating body ("hai cấp"), or before the procuracy is named.
    const own =
      'Năm 2021, Cơ quan điều tra hai cấp thụ lý điều tra 210 vụ/330 bị can; đã chuyển sang Viện kiểm sát đề nghị truy tố 150 vụ/260 bị can.\n\n' +
      'Viện kiểm sát nhân dân hai cấp đã thụ lý 160 vụ/270 bị can; truy tố 140 vụ/250 bị can.';
    expect(values(own)).toEqual([160, 270, 140, 250]);
    expect(values('Trong tháng, Cơ quan CSĐT đã khởi tố 40 vụ/55 bị can.\n\nViện kiểm sát đã phê chuẩn 38 vụ.')).toEqual([38]);
    // After the procuracy's paragraph, "Cụ thể, Cơ quan điều tra đã …" details what it supervised.
    const supervised = 'Viện kiểm sát đã thụ lý kiểm sát 120 vụ/150 bị can.\n\nCụ thể, Cơ quan điều tra đã đề nghị truy tố 90 vụ/110 bị can.';
    expect(values(supervised)).toEqual([120, 150, 90, 110]);
  });
  it('drops a headline figure that the body gives as the interagency body\'s ("Liên ngành tư pháp … xác định")', () => {
    const t = 'Đà Nẵng xác định 300 vụ án điểm trong năm 2022\n\nNăm 2022, Viện kiểm sát hai cấp đã thụ lý 700 vụ.\n\nCác cơ quan tố tụng chuyển biến tích cực. Liên ngành tư pháp Thành phố đã xác định 300 vụ án điểm với 410 bị can.';
    expect(extractFromText(t).extraction.indicators.map((i) => i.value)).toEqual([700]);
  });
  it('does not give the word back to the procuracy named as an object ("chuyển sang Viện kiểm sát")', () => {
    const t = 'Viện kiểm sát hai cấp đã thụ lý 70 vụ.\n\nỞ khâu điều tra, Công an tỉnh đã thụ lý 21 vụ, 64 bị can; Cơ quan điều tra đã kết thúc điều tra, chuyển sang Viện kiểm sát đề nghị truy tố 6 vụ với 14 bị can.';
    expect(values(t)).toEqual([70]);
  });
  eachCase('keeps only the work result of %j', (t: string) => values(t), [
    ['Viện kiểm sát đã truy tố 300 bị can, trong đó có 5 bị can là người chưa thành niên, 12 bị can nữ.', [300]],
    ['Viện kiểm sát đã truy tố 300 bị can; có 3 bị can nữ và 15 bị can dưới 18 tuổi.', [300]],
    ['Viện kiểm sát đã truy tố 300 bị can; số bị can tái phạm, tái phạm nguy hiểm là 45 người.', [300]],
    ['Viện kiểm sát đã truy tố 300 bị can, trong đó 10 bị can là người nước ngoài, 4 bị can là cán bộ, công chức.', [300]],
    ['VKSND đã kiểm sát khởi tố 120 vụ/200 bị can. Trong tổng số bị can, có 35 đối tượng có tiền án, tiền sự (chiếm 17,5%), 20 đối tượng nghiện ma túy.', [120, 200]],
    ['Viện kiểm sát đã truy tố 500 bị can; trong đó bị can là nữ có 40 người.', [500]],
    ['Riêng loại tội phạm về ma túy đã khởi tố 80 vụ/120 bị can.', []],
    ['Viện kiểm sát hai cấp thụ lý 250 vụ án hình sự với 400 bị can; bị can là người chưa thành niên chiếm 3%.', [250, 400]],
    ['Viện kiểm sát hai cấp thụ lý 250 vụ án hình sự với 400 bị can; 30% bị can dưới 30 tuổi; 5% bị can là nữ.', [250, 400]],
    // Not who they are but what happened to them: a result.
    ['Viện kiểm sát đã truy tố 300 bị can; số bị can được trả tự do là 45 người.', [300, 45]],
  ]);
  it('keeps subsets of work results and counts whose age words are about the victims', () => {
    expect(values('Viện kiểm sát đã kiểm sát thụ lý 904 tin báo, tố giác về tội phạm, trong đó 798 tin mới, tăng 66 tin.')).toEqual([904, 798]);
    expect(values('Viện kiểm sát đã truy tố 20 bị can xâm hại trẻ em dưới 16 tuổi.')).toEqual([20]);
    expect(values('Ở lĩnh vực hình sự, tỷ lệ giải quyết tin báo đạt 98,94%.')).toEqual([98.94]);
  });
  it("drops a crime group's own prosecutions, not the procuracy's by group", () => {
    const t = 'Riêng nhóm trật tự xã hội đã khởi tố 149 vụ/283 bị can, tăng 26 vụ. Riêng nhóm tội phạm ma túy, Viện kiểm sát đã truy tố 50 vụ/70 bị can.';
    expect(values(t)).toEqual([50, 70]);
  });
  it('reads crime verbs only as words side by side, and a launched year as no other year', () => {
    expect(values('Ở khâu bắt, giữ, tỷ lệ bắt, tạm giữ chuyển khởi tố hình sự đạt 99,4%.')).toEqual([99.4]);
    expect(values('Công an đã bắt giữ 30 đối tượng. Lực lượng chức năng bắt giữ 12 vụ.')).toEqual([]);
    const t = 'Tại hội nghị triển khai nhiệm vụ năm 2026, lãnh đạo cho biết, năm qua Viện kiểm sát đã kiểm sát khởi tố mới 2.150 vụ, 3.364 bị can.';
    expect(values(t, [2025])).toEqual([2150, 3364]);
    expect(values('Năm 2024, Viện kiểm sát đã thụ lý 40 tin.', [2025])).toEqual([]);
  });
  it('keeps the speaker of an article that never names the procuracy across its paragraphs', () => {
    const court = 'Tòa án hai cấp tỉnh giải quyết 8.332 vụ, việc\n\nNăm 2019, Tòa án hai cấp đã giải quyết 1.153 vụ.\n\nChất lượng xét xử có chuyển biến. Trong năm có 34 vụ bị hủy do lỗi chủ quan, tỷ lệ 0,45%.';
    expect(values(court)).toEqual([]);
    // Once the procuracy is named, a paragraph naming no agency is the procuracy's again.
    const both = 'Tòa án hai cấp đã giải quyết 1.153 vụ.\n\nViện kiểm sát đã truy tố 900 vụ.\n\nTòa án đã xét xử 800 vụ.\n\nĐã ban hành 12 kiến nghị.';
    expect(values(both)).toEqual([900, 12]);
  });
  it('keeps "nguồn tin về tội phạm" as the procuracy\'s', () => {
    expect(values('Viện kiểm sát đã kiểm sát 100% nguồn tin về tội phạm và giải quyết 63 nguồn tin về tội phạm.')).toContain(63);
  });
  it("drops the crime situation that another agency reports in the procuracy's sentence ('các đơn vị chức năng đã phát hiện …')", () => {
    const t = 'Báo cáo tại kỳ họp, Viện kiểm sát tỉnh cho biết, trong năm 2022, các đơn vị chức năng đã phát hiện, xử lý 9 vụ việc buôn lậu lớn. Viện kiểm sát đã truy tố 210 vụ.';
    expect(values(t)).toEqual([210]);
    // "đơn vị" alone is still the procuracy ("lãnh đạo đơn vị đã kiểm sát 40 vụ").
    expect(values('Năm 2022, đơn vị đã kiểm sát 40 vụ; Tòa án đã giải quyết 35 vụ.')).toEqual([40, 35]);
  });
  it("keeps the Court's outcome of the procuracy's cases in a paragraph the procuracy's figure opened, not in the Court's own paragraph", () => {
    const t =
      'Viện kiểm sát huyện đã truy tố 45 vụ/80 bị can.\n\n' +
      'Về phúc thẩm, năm qua có 09 bị cáo kháng cáo; Tòa án cấp phúc thẩm đã y án 07 bị cáo, sửa án 02 bị cáo.\n\n' +
      'Tòa án hai cấp đã thụ lý 300 vụ, y án 20 bị cáo.';
    expect(values(t)).toEqual([45, 80, 9, 7, 2]);
    // The investigating body as a whole ("hai cấp") keeps its own account, even after such a figure.
    expect(values('Viện kiểm sát huyện đã truy tố 45 vụ.\n\nNăm qua, thụ lý 50 tin; Cơ quan điều tra hai cấp đã khởi tố 40 vụ.')).toEqual([45, 50]);
  });
  eachCase("drops the paragraph of another agency: %j", (t: string) => values(`Viện kiểm sát tỉnh đã truy tố 500 vụ.\n\n${t}`), [
    ['Cục Thi hành án dân sự tỉnh đã thi hành xong 2.400 việc.', [500]],
    ['Chi cục THADS huyện đã thi hành xong 310 việc.', [500]],
    ['Ủy ban nhân dân tỉnh đã giải quyết 35 đơn khiếu nại.', [500]],
    ['Hội đồng xét xử đã tuyên 9 bản án.', [500]],
    // Named as an object, the agency does not take the word.
    ['Viện kiểm sát đã ban hành 6 kiến nghị gửi Ủy ban nhân dân tỉnh.', [500, 6]],
  ]);
  eachCase('reads the procuracy named as a source as no verb of its own work, and a count labelled by offence as the crime situation: %j', (t: string) => values(t), [
    ['Theo Viện kiểm sát, các cơ quan đã phát hiện 14 vụ buôn lậu.', []],
    ['Viện trưởng VKSND tỉnh cho biết, toàn tỉnh đã khởi tố mới 260 vụ.', []],
    ['Theo Viện kiểm sát, trên địa bàn số vụ án giết người là 8 vụ, tăng 2 vụ.', []],
    // The procuracy's own verb after its name still makes the figure its own.
    ['Viện kiểm sát cho biết, đã phát hiện, ban hành 3 kiến nghị.', [3]],
    ['Viện kiểm sát đã truy tố 40 vụ; số vụ ma túy được truy tố là 12 vụ.', [40, 12]],
  ]);
  it('reads a list item after a semicolon on its own: crime words or a year of the item before are not its', () => {
    // "… chiếm 8% số vụ khởi tố mới; ban hành 12 yêu cầu …": the share ends its item.
    const crime = 'Viện kiểm sát đã yêu cầu khởi tố 20 vụ, chiếm 8% số vụ khởi tố mới; ban hành 12 yêu cầu hủy quyết định không khởi tố và 3 yêu cầu thu hồi tài sản.';
    expect(values(crime)).toEqual([20, 8, 12, 3]);
    // "… ban hành từ năm 2021; kiểm sát định kỳ 60 cuộc": the year dates the recommendations checked.
    const year = 'Năm 2022, Viện kiểm sát đã tổ chức 15 cuộc kiểm tra việc thực hiện kiến nghị ban hành từ năm 2021; trực tiếp kiểm sát đột xuất 4 cuộc và kiểm sát định kỳ 60 cuộc.';
    expect(values(year, [2022])).toEqual([15, 4, 60]);
    // "phát hiện, ban hành 5 kháng nghị" is the procuracy finding and issuing, not a crime found.
    expect(values('Công tác kiểm sát được tăng cường; kịp thời phát hiện, ban hành 5 kháng nghị, 9 kiến nghị khắc phục vi phạm.')).toEqual([5, 9]);
    // The crime situation set out before a semicolon still frames the item after it.
    expect(values('Năm 2023, tình hình tội phạm trên địa bàn tỉnh diễn biến phức tạp; các cơ quan đã khởi tố 300 vụ/450 bị can.')).toEqual([]);
    // The year still binds the figures of its own item.
    expect(values('Viện kiểm sát đã thụ lý 80 vụ; năm 2021 là 70 vụ.', [2022])).toEqual([80]);
  });
  it("reads a sentence that breaks the crime situation down ('Trong đó, …', 'Cụ thể, …') as the crime situation", () => {
    const t = 'Viện kiểm sát tỉnh cho biết, tội phạm về trật tự xã hội có 1.284 vụ/3.582 bị can. Trong đó, cố ý gây thương tích 293 vụ/383 bị can; đánh bạc 234 vụ/1.360 bị can. Cụ thể, tội hối lộ 24 vụ/192 bị can.';
    expect(values(t)).toEqual([]);
    // A breakdown of the procuracy's own figure stays its own, and the breakdown's own verb keeps it.
    expect(values('Viện kiểm sát đã truy tố 120 vụ/200 bị can. Trong đó, ma túy 40 vụ/55 bị can.')).toEqual([120, 200, 40, 55]);
    expect(values('Tội phạm về ma túy có 60 vụ. Trong đó, Viện kiểm sát đã truy tố 40 vụ.')).toEqual([40]);
  });
  it('keeps the rate of arrests turned into criminal cases ("tỷ lệ bắt giữ chuyển xử lý hình sự") as the procuracy\'s; arrests themselves are the crime situation', () => {
    expect(values('Viện kiểm sát: tỷ lệ bắt giữ chuyển xử lý hình sự đạt 100%; tỷ lệ truy tố đúng thời hạn đạt 100%.')).toEqual([100, 100]);
    expect(values('Viện kiểm sát: tỷ lệ truy tố đạt 100%; toàn tỉnh đã bắt giữ 40 đối tượng.')).toEqual([100]);
  });
  it('drops the enforcement bodies\' own measure ("tỷ lệ giải quyết xong về việc") even when the agency goes unnamed', () => {
    expect(values('Viện kiểm sát đã ban hành 12 kiến nghị. Đối với thi hành án dân sự, tỷ lệ giải quyết xong về việc đạt 88,68%.')).toEqual([12]);
    // The procuracy's own rate of the same field stays.
    expect(values('Viện kiểm sát đã kiểm sát 100% hồ sơ thi hành án dân sự.')).toEqual([100]);
  });
  it('drops the part of the caseload named by what it concerns ("trong đó có 207 nguồn tin liên quan đến tài sản …")', () => {
    expect(values('Viện kiểm sát đã giải quyết 1.894 nguồn tin trên tổng số 2.107 nguồn tin thụ lý; trong đó có 207 nguồn tin liên quan đến tài sản bị thất thoát.')).toEqual([1894, 2107]);
    expect(values('Viện kiểm sát đã thụ lý 300 nguồn tin. Trong số các nguồn tin được thụ lý có 207 nguồn tin liên quan đến tài sản bị chiếm đoạt.')).toEqual([300]);
    // A kind of report ("trong đó 798 tin mới") stays.
    expect(values('Viện kiểm sát đã thụ lý 900 tin, trong đó 798 tin mới.')).toEqual([900, 798]);
  });
  it('reads the investigating body after a paragraph opened on the crime situation as giving its own account', () => {
    const opened = 'Viện kiểm sát tỉnh đã truy tố 500 vụ.\n\nTội phạm về ma túy xảy ra 33 vụ, trong đó có 16 vụ tàng trữ. Cơ quan điều tra đã khởi tố 58 vụ/77 bị can.';
    expect(values(opened)).toEqual([500]);
    const trend = 'Viện kiểm sát quận đã truy tố 300 vụ.\n\nTheo báo cáo, tình hình tội phạm trên địa bàn quận có chiều hướng gia tăng. Cơ quan Cảnh sát điều tra Công an quận đã thụ lý mới 461 vụ.';
    expect(values(trend)).toEqual([300]);
    // Named in the procuracy's paragraph, it reports what the procuracy supervised.
    expect(values('Viện kiểm sát tỉnh đã truy tố 500 vụ.\n\nViện kiểm sát đã kiểm sát chặt chẽ; Cơ quan điều tra đã khởi tố 58 vụ.')).toEqual([500, 58]);
  });
  it('drops the year before a statistical year, quoted for contrast', () => {
    const t = 'Năm 2021, Viện kiểm sát phối hợp tổ chức 90 phiên tòa rút kinh nghiệm. Năm 2020, con số này là 102 phiên tòa.';
    expect(values(t, [2021])).toEqual([90]);
  });
});

describe('unit and scope', () => {
  const unit = (t: string, at: string) => {
    const u = findUnit(t, t.indexOf('\n') < 0 ? t.length : t.indexOf('\n'), at);
    return [u.province, u.unit?.id ?? null, u.unit_level, u.scope];
  };
  // Provinces in their era (Sóc Trăng before July 2025 is p63-94); ALL-CAPS titles, "TP.", hyphens
  // and missing diacritics.
  eachCase('resolves the province of [title, date] %j to %s', ([t, at]: readonly [string, string]) => unit(t, at)[1], [
    [['VKSND tỉnh Sóc Trăng sơ kết', '2023-05-31'], 'p63-94'], [['VKSND tỉnh Quảng Trị tổng kết', '2025-11-30'], 'p34-44'], [['VKSND tỉnh Quảng Bình', '2024-08-31'], 'p63-44'],
    [['VKSND TỈNH BÀ RỊA – VŨNG TÀU TỔ CHỨC HỘI NGHỊ', '2024-02-29'], 'p63-77'], [['VKSND TP. Hồ Chí Minh sơ kết', '2024-08-31'], 'p63-79'], [['VKSND tinh Binh Duong so ket', '2023-05-31'], 'p63-74'],
  ]);
  it('names the province and level of a provincial unit', () => {
    expect(unit('VKSND tỉnh Sóc Trăng sơ kết', '2023-05-31')).toEqual(['Sóc Trăng', 'p63-94', 'tinh', 'unit']);
    expect(unit('VKSND tỉnh Quảng Trị tổng kết', '2025-11-30')).toEqual(['Quảng Trị', 'p34-44', 'tinh', 'unit']);
  });
  it('finds district and regional units', () => {
    expect(unit('VKSND huyện Vĩnh Linh sơ kết\nVKSND tỉnh Quảng Trị dự', '2024-05-31')).toEqual(['Quảng Trị', 'd-464', 'huyen', 'unit']);
    expect(unit('VKSND khu vực 3 – Cần Thơ: kết quả', '2025-08-31')).toEqual(['Cần Thơ', 'kv-92-3', 'khu_vuc', 'unit']);
    expect(unit('VKSND khu vực 1 - Thành phố Hồ Chí Minh: kết quả', '2025-11-30')[1]).toBe('kv-79-1');
  });
  it('"hai cấp" makes the scope province_total', () => {
    expect(unit('VKSND tỉnh Sóc Trăng\nHai cấp VKSND tỉnh Sóc Trăng đã ban hành', '2023-05-31')[3]).toBe('province_total');
    expect(unit('VKSND tỉnh Sóc Trăng\nVKSND hai cấp tỉnh Sóc Trăng', '2023-05-31')[3]).toBe('province_total');
  });
});

describe('figures', () => {
  it('rates with their change, and lists of counts (seed 003)', () => {
    expect(figures('công tác kiểm sát việc giải quyết tố giác, tin báo đạt 71,2% (tăng 6,2%); kiểm sát điều tra đạt 59,4% (giảm 2,6%)')).toEqual([
      ['crime_report_resolution_rate', 71.2, 'percent', { direction: 'up', value: 6.2, unit: 'percentage_point' }],
      ['investigation_resolution_rate', 59.4, 'percent', { direction: 'down', value: 2.6, unit: 'percentage_point' }],
    ]);
    expect(figures('đã ban hành 94 kết luận, 93 kiến nghị, 16 kháng nghị phúc thẩm, 21 thông báo rút kinh nghiệm')).toEqual([
      ['conclusions_issued', 94, 'count', null],
      ['recommendations_issued', 93, 'count', null],
      ['appeal_protests', 16, 'count', null],
      ['lessons_learned_notices', 21, 'count', null],
    ]);
  });
  it('ignores venue, attendance, unit, award and plan counts', () => {
    expect(figures('Tham dự tại 08 điểm cầu VKSND cấp huyện; kiểm tra tại 06 VKSND cấp huyện; 46 đại biểu; khen thưởng 6 tập thể và 4 cá nhân; xác định 05 nhiệm vụ trọng tâm; đạt và vượt 42/45 chỉ tiêu.')).toEqual([]);
  });
  it('reads a round figure after the work\'s own verb ("kiểm sát điều tra trên 2.130 vụ án") as a value, a margin ("tăng trên 20 vụ") not', () => {
    expect(figures('Viện kiểm sát thực hành quyền công tố, kiểm sát điều tra trên 2.130 vụ án với 3.400 bị can.').map((f) => f[1])).toEqual([2130, 3400]);
    expect(figures('Viện kiểm sát thụ lý kiểm sát trên 1.740 vụ ở cả hai cấp xét xử.').map((f) => f[1])).toEqual([1740]);
    expect(figures('Viện kiểm sát đã thụ lý 500 vụ, nhiều hơn trên 20 vụ.').map((f) => f[1])).toEqual([500]);
    expect(figures('Viện kiểm sát đã ban hành trên 50 kiến nghị; tổ chức trên 100 phiên tòa rút kinh nghiệm.').map((f) => f[1])).toEqual([50, 100]);
  });
  it('ignores the share of targets met after their count ("hoàn thành 122/122 chỉ tiêu …, đạt 100%")', () => {
    expect(figures('VKSND hai cấp đã hoàn thành 122/122 chỉ tiêu có phát sinh số liệu, đạt 100%.')).toEqual([]);
    expect(figures('Viện kiểm sát đã hoàn thành 122/122 chỉ tiêu (đạt 100%).')).toEqual([]);
    // A rate of the work after a count of targets in another clause still counts.
    expect(figures('Đơn vị hoàn thành 20 chỉ tiêu; giải quyết 1.562/1.701 tố giác, tin báo về tội phạm, đạt 91,8%.').map((f) => f[1])).toContain(91.8);
  });
  it('reads rates written before their words and with numerator/denominator', () => {
    expect(figures('Đạt 100% tỷ lệ giải quyết án ở giai đoạn truy tố.')).toEqual([['prosecution_resolution_rate', 100, 'percent', null]]);
    const [f] = findFigures('đã giải quyết 1.562/1.701 tố giác, tin báo về tội phạm, đạt 91,8%.');
    expect(f).toMatchObject({ indicator_code: 'crime_report_resolution_rate', value: 91.8, numerator: 1562, denominator: 1701 });
  });
  it('takes generic words from the sentence they are in', () => {
    expect(figures('đã tiếp nhận 126 tố giác, tin báo về tội phạm; đã giải quyết 98 tin, tỷ lệ giải quyết đạt 77,8%.')).toEqual([
      ['crime_reports_received', 126, 'count', null],
      ['crime_reports_resolved', 98, 'count', null],
      ['crime_report_resolution_rate', 77.8, 'percent', null],
    ]);
    expect(figures('Về công tác truy tố, đã truy tố 41 vụ án, 58 bị can.')).toEqual([
      [null, 41, 'count', null],
      ['prosecution_defendants_indicted', 58, 'count', null],
    ]);
  });
  const changes = (t: string) => findFigures(t).map((f) => [f.value, f.change && `${f.change.direction} ${f.change.value} ${f.change.unit}`]);
  eachCase('distributes a change over the figures before it: %j', changes, [
    // "lần lượt" / "tương ứng": in order, with or without the nouns, before or after the direction.
    ['Viện kiểm sát đã kiểm sát khởi tố mới 846 vụ, 1.403 bị can, tăng lần lượt 171 vụ và 93 bị can so với cùng kỳ năm 2020.', [[846, 'up 171 count'], [1403, 'up 93 count']]],
    ['Viện kiểm sát đã truy tố 120 vụ, 200 bị can, lần lượt tăng 12% và 15% so với cùng kỳ.', [[120, 'up 12 percent'], [200, 'up 15 percent']]],
    ['Viện kiểm sát đã truy tố 120 vụ, 200 bị can, giảm tương ứng 10 và 20 so với cùng kỳ.', [[120, 'down 10 count'], [200, 'down 20 count']]],
    ['Viện kiểm sát đã kiểm sát khởi tố 120 vụ, 200 bị can, giảm lần lượt 3 vụ, 5 bị can so với cùng kỳ.', [[120, 'down 3 count'], [200, 'down 5 count']]],
    ['Viện kiểm sát đã thụ lý 1.200 tin báo, giải quyết 1.100 tin, tương ứng tăng 100 tin và 90 tin so với cùng kỳ.', [[1200, 'up 100 count'], [1100, 'up 90 count']]],
    ['Tỷ lệ giải quyết tin báo đạt 92%, tỷ lệ truy tố đúng thời hạn đạt 100%, lần lượt tăng 2,5% và 1% so với cùng kỳ.', [[92, 'up 2.5 percentage_point'], [100, 'up 1 percentage_point']]],
    // A change naming its own noun, with words qualifying it, attaches to the figure with that noun.
    ['Viện kiểm sát đã ban hành 12 kiến nghị, 3 kháng nghị, tăng 4 kiến nghị phòng ngừa và 1 kháng nghị so với cùng kỳ.', [[12, 'up 4 count'], [3, 'up 1 count']]],
    ['Viện kiểm sát đã trực tiếp kiểm sát 10 cuộc tại trại tạm giam, ban hành 4 kiến nghị, so với cùng kỳ tăng 1 cuộc kiểm sát và 2 kiến nghị.', [[10, 'up 1 count'], [4, 'up 2 count']]],
    ['Viện kiểm sát đã thụ lý 1.204 vụ, 1.530 bị can; so với cùng kỳ giảm 03 vụ án hình sự nhưng tăng 21 bị can.', [[1204, 'down 3 count'], [1530, 'up 21 count']]],
    // A pair of changes written as a pair; a change stated twice ("giảm 5 vụ (giảm 10%)") keeps the first.
    ['Viện kiểm sát đã thụ lý kiểm sát điều tra 500 vụ/800 bị can (tăng 20 vụ/30 bị can so với cùng kỳ).', [[500, 'up 20 count'], [800, 'up 30 count']]],
    ['Viện kiểm sát đã truy tố 300 vụ/500 bị can, giảm 5 vụ (giảm 10%) so với cùng kỳ.', [[300, 'down 5 count'], [500, null]]],
    ['Viện kiểm sát thụ lý 120 vụ, tăng 15 vụ, tương đương 12,5% so với cùng kỳ.', [[120, 'up 15 count']]],
    ['Viện kiểm sát thụ lý 120 vụ, tăng 15 vụ (tương đương 12,5%) so với cùng kỳ.', [[120, 'up 15 count']]],
    ['Viện kiểm sát thụ lý 120 vụ, tăng 15 vụ (tương đương với tăng 12,5%) so với cùng kỳ.', [[120, 'up 15 count']]],
    // The same period a year before, quoted as the comparison base, is not a figure.
    ['Viện kiểm sát thụ lý 120 vụ (cùng kỳ năm trước: 105 vụ).', [[120, null]]],
    ['Viện kiểm sát thụ lý 120 vụ, so với cùng kỳ năm trước (105 vụ) tăng 15 vụ.', [[120, 'up 15 count']]],
    ['Viện kiểm sát đã thụ lý 120 vụ, tăng 10 vụ so với cùng kỳ năm 2022 (110 vụ).', [[120, 'up 10 count']]],
    // A count named by a label before its number keeps the label's noun for its change.
    ['Viện kiểm sát hai cấp đã kiểm sát thụ lý 904 tin báo, tố giác; số tin mới là 798, tăng 66 tin so với cùng kỳ.', [[904, null], [798, 'up 66 count']]],
    ['Tổng số đơn vị: 12; số đơn thụ lý là 45.', [[45, null]]],
  ]);
  it('counts what follows the measure word "bản"', () => {
    expect(figures('Viện kiểm sát đã ban hành 8.593 bản yêu cầu điều tra; 20 bản kiến nghị; thành lập 3 ban chỉ đạo.')).toEqual([
      [null, 8593, 'count', null],
      ['recommendations_issued', 20, 'count', null],
    ]);
  });
  it('counts requests and recommendations after "văn bản", not other documents', () => {
    const got = (t: string) => figures(t).map(([, v, , c]) => [v, c]);
    expect(got('Năm qua, Viện kiểm sát đã ban hành 640 văn bản yêu cầu kiểm tra, xác minh nguồn tin, tăng 12%; ban hành 25 văn bản hướng dẫn nghiệp vụ.')).toEqual([
      [640, { direction: 'up', value: 12, unit: 'percent' }],
    ]);
    expect(got('Viện kiểm sát đã thụ lý 700 tin; số văn bản yêu cầu xác minh là 520 văn bản (tăng 40 văn bản).')).toEqual([
      [700, null],
      [520, { direction: 'up', value: 40, unit: 'count' }],
    ]);
  });
  it('counts a part of a total ("giải quyết 640 trên tổng số 652 vụ") and keeps the total', () => {
    const got = (t: string) => findFigures(t).map((f) => [f.value, f.unit, f.phrase]);
    expect(got('Ở khâu truy tố, Viện kiểm sát đã giải quyết 640 trên tổng số 652 vụ phải giải quyết, đạt 98,2%.')).toEqual([
      [640, 'count', 'vụ phải giải quyết'],
      [652, 'count', 'vụ phải giải quyết'],
      [98.2, 'percent', 'đạt'],
    ]);
    expect(got('Viện kiểm sát đã truy tố 310 trên 315 bị can.').map(([v]) => v)).toEqual([310, 315]);
  });
  it('keeps a work-result count without a catalog code', () => {
    expect(figures('Trong tháng, khởi tố 96 vụ án.')).toEqual([[null, 96, 'count', null]]);
  });
});

describe('folding with an offset map', () => {
  it('matches text.ts fold and maps back', () => {
    const s = 'Kiểm sát việc giải quyết tố giác, tin báo';
    const f = foldWithMap(s);
    expect(f.text).toBe(fold(s));
    const i = f.text.indexOf('to giac');
    expect(s.slice(f.map[i], f.map[i + 'to giac tin bao'.length - 1] + 1)).toBe('tố giác, tin báo');
  });
});
