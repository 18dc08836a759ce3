/**
 * The place of a narrative report when the procuracy is not named with its province (issue 13):
 * a date line's capital or district, a district named with its type, "TP.HCM"; and a number after
 * "kiểm sát" is a count, never "Quận 10" of Hồ Chí Minh (the "Vinh, …" read as Hồ Chí Minh).
 */
import { describe, expect, it } from 'vitest';
import { extractFromText } from '../../functions/core/extract/extract.ts';
import { datelineProvince, typedPlaces } from '../../functions/core/extract/place.ts';
import { unitMentions } from '../../functions/core/extract/unit.ts';

const province = (t: string) => extractFromText(t).extraction.province;

describe('place of a report', () => {
  it.each([
    ['Vinh, 12/1/2020', 'Nghệ An'],
    ['Vĩnh Yên, 18/1/2022', 'Vĩnh Phúc'],
    ['Tân An, 19/01/2022', 'Long An'],
    ['Quy Nhơn, tháng 1/2022', 'Bình Định'],
    ['Tam Kỳ, tháng 3/2021', 'Quảng Nam'],
  ])('reads the province from the date line %s', (line, want) => {
    expect(datelineProvince(`${line}\n\nNội dung.`, '2021-06-30')?.name).toBe(want);
    expect(province(`${line}\n\nTrong năm qua, Viện kiểm sát nhân dân tỉnh đã thụ lý 12 vụ.`)).toBe(want);
  });

  it('reads the province through a district named with its type, and the district as the unit', () => {
    const e = extractFromText('Năm 2020, Viện KSND huyện Thăng Bình thụ lý 109 vụ/160 bị can; Viện KSND huyện đã giải quyết 65 vụ.').extraction;
    expect(e.province).toBe('Quảng Nam');
    expect(e.unit_level).toBe('huyen');
  });

  it('reads a month-only date line that opens the first paragraph ("Đồng Xoài, 6/2016 – …") for the place and the year', () => {
    const e = extractFromText('Tiêu đề\n\nBuôn Ma Thuột, 4/2019 – Theo báo cáo tháng 3 của Viện kiểm sát nhân dân tỉnh, Viện kiểm sát hai cấp đã thụ lý 12 vụ.').extraction;
    expect(e.province).toBe('Đắk Lắk');
    expect(e.period?.label).toBe('2019-03');
  });

  it.each([
    ['Ban Nội chính Thành ủy Hải Phòng cho biết các cơ quan tố tụng đã thụ lý 12 vụ.', 'Hải Phòng'],
    ['Báo cáo của Tỉnh ủy Gia Lai: các cơ quan tố tụng đã thụ lý 12 vụ.', 'Gia Lai'],
    ['Năm 2022, trên địa bàn Cần Thơ các cơ quan tố tụng đã thụ lý 12 vụ.', 'Cần Thơ'],
    ['Năm 2022, an ninh trên địa bàn Thủ đô được giữ vững; các cơ quan tố tụng đã thụ lý 12 vụ.', 'Hà Nội'],
    ['Đà Nẵng: Viện kiểm sát hai cấp thụ lý 12 vụ\n\nTrong năm 2022, các cơ quan tố tụng đã thụ lý 12 vụ.', 'Đà Nẵng'],
  ])('reads the province from a party committee, "trên địa bàn", "Thủ đô" or a headline: %s', (text, want) => {
    expect(province(text)).toBe(want);
  });

  it('does not take a lower-case "thủ đô" or an unknown headline word for a place', () => {
    expect(typedPlaces('Chuyến thăm thủ đô của nước bạn.', '2022-12-31')).toEqual([]);
    // a provincial party committee names a province, never a district of the same name
    expect(typedPlaces('Tỉnh ủy Thăng Bình họp', '2022-12-31')).toEqual([]);
    expect(typedPlaces('Tỉnh uỷ Thăng Bình họp', '2022-12-31')).toEqual([]);
    expect(typedPlaces('Huyện ủy và UBND huyện Thăng Bình', '2022-12-31').map((p) => p.unit.name)).toEqual(['Thăng Bình']);
    expect(typedPlaces('Tin mới: Viện kiểm sát thụ lý 12 vụ', '2022-12-31')).toEqual([]);
  });

  it('knows TP.HCM', () => {
    expect(typedPlaces('Thông tin từ VKSND TP.HCM ngày 6-12', '2023-12-06').map((p) => p.unit.name)).toContain('Hồ Chí Minh');
  });

  it('does not read "kiểm sát 10 cuộc" as Quận 10', () => {
    const text = 'Đông Hà, 3/2/2021\n\nNăm 2020, Viện kiểm sát trực tiếp kiểm sát 10 cuộc tại Cơ quan điều tra Công an cấp huyện.';
    expect(unitMentions(text, '2021-01-01').map((m) => m.unit.name)).not.toContain('10');
    expect(province(text)).toBe('Quảng Trị');
    // With its type the number is a unit.
    expect(unitMentions('VKSND quận 10 thụ lý 5 vụ.', '2021-01-01').map((m) => m.unit.id)).toEqual(['d-771']);
  });
});
