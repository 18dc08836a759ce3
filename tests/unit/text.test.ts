import { describe, expect, it } from 'vitest';
import { fold, nameKey, newTonePlacement, nfc } from '../../functions/core/text.ts';

describe('text normalization', () => {
  it('folds diacritics, đ and case', () => {
    expect(fold('Đắk Lắk')).toBe('dak lak');
    expect(fold('Bà Rịa – Vũng Tàu')).toBe('ba ria vung tau');
  });
  it('treats NFD and NFC alike', () => {
    expect(fold('Hòa Bình'.normalize('NFD'))).toBe(fold('Hòa Bình'));
    expect(nfc('Hòa Bình'.normalize('NFD'))).toBe('Hòa Bình');
  });
  it('moves old-style tone marks to the new position', () => {
    expect(newTonePlacement('Hoà Bình')).toBe('Hòa Bình');
    expect(newTonePlacement('Thuỷ')).toBe('Thủy');
    expect(newTonePlacement('Hoàng')).toBe('Hoàng');
    expect(newTonePlacement('khoẻ')).toBe('khỏe');
  });
  it('strips administrative prefixes', () => {
    expect(nameKey('VKSND tỉnh Sóc Trăng')).toBe('soc trang');
    expect(nameKey('TP. Hồ Chí Minh')).toBe('ho chi minh');
    expect(nameKey('Thành phố Cần Thơ')).toBe('can tho');
    expect(nameKey('Viện kiểm sát nhân dân hai cấp tỉnh Quảng Trị')).toBe('quang tri');
  });
  it('removes a BOM and zero-width characters', () => {
    expect(nfc('\uFEFFabc\u200B d')).toBe('abc d');
  });
});
