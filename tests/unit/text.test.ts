import { describe, expect, it } from 'vitest';
import { fold, nameKey, newTonePlacement, nfc } from '../../functions/core/text.ts';
import { eachCase } from '../fixtures/extraction/cases.ts';

describe('text normalization', () => {
  it('folds diacritics, đ and case', () => {
    expect(fold('Đắk Lắk')).toBe('dak lak');
    expect(fold('Bà Rịa – Vũng Tàu')).toBe('ba ria vung tau');
  });
  it('treats NFD and NFC alike', () => {
    expect(fold('Hòa Bình'.normalize('NFD'))).toBe(fold('Hòa Bình'));
    expect(nfc('Hòa Bình'.normalize('NFD'))).toBe('Hòa Bình');
  });
  eachCase('moves old-style tone marks to the new position: %j → %j', newTonePlacement, [['Hoà Bình', 'Hòa Bình'], ['Thuỷ', 'Thủy'], ['Hoàng', 'Hoàng'], ['khoẻ', 'khỏe']]);
  eachCase('strips administrative prefixes: %j → %j', nameKey, [
    ['VKSND tỉnh Sóc Trăng', 'soc trang'], ['TP. Hồ Chí Minh', 'ho chi minh'], ['Thành phố Cần Thơ', 'can tho'], ['Viện kiểm sát nhân dân hai cấp tỉnh Quảng Trị', 'quang tri'],
  ]);
  it('removes a BOM and zero-width characters', () => {
    expect(nfc('\uFEFFabc\u200B d')).toBe('abc d');
  });
});
