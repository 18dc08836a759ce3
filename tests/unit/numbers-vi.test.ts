import { describe, expect, it } from 'vitest';
import { VI_NUMBER_PATTERN, formatViNumber, parseViNumber, parseViNumberDetailed } from '../../functions/core/numbers-vi.ts';

describe('parseViNumber', () => {
  it.each([
    ['71,2', 71.2],
    ['1.234', 1234],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['06', 6],
    ['08', 8],
    ['0', 0],
    ['100', 100],
    ['0,5', 0.5],
    [',5', 0.5],
    ['1,234', 1.234], // vi-VN: a lone comma is the decimal comma
    ['0.712', 0.712], // a leading 0 group cannot be thousands
    ['71.2', 71.2], // en-formatted decimal: not exactly three digits after the dot
    ['1,234.5', 1234.5], // en-formatted with both separators
    ['1,234,567', 1234567],
    ['1 234', 1234],
    ['1\u00a0234,5', 1234.5],
    ['  42  ', 42],
    ['-3', -3],
    ['\u22123,5', -3.5],
    ['+7', 7],
    ['-0', 0],
  ])('%j → %d', (text, expected) => {
    expect(parseViNumber(text)).toBeCloseTo(expected, 10);
  });

  it('reads a percent sign and keeps the number before it', () => {
    expect(parseViNumberDetailed('71,2%')).toEqual({ value: 71.2, percent: true });
    expect(parseViNumberDetailed('71,2 %')).toEqual({ value: 71.2, percent: true });
    expect(parseViNumberDetailed('100%')).toEqual({ value: 100, percent: true });
    expect(parseViNumberDetailed('71,2')).toEqual({ value: 71.2, percent: false });
    expect(parseViNumber('90%')).toBe(90);
  });

  it('treats NFD and odd whitespace alike', () => {
    expect(parseViNumber('1.234'.normalize('NFD'))).toBe(1234);
    expect(parseViNumber('\t1.234\n')).toBe(1234);
  });

  it.each([
    '', ' ', 'abc', '12a', '01/CT-VKSTC', '1/2/2024', '1..2', '1.23.4', '12.34.567', '1,2,3', '1.234,5,6',
    '%', '-', '1 23', '12 34', '1.234.5', 'NaN', 'Infinity', '1e5', '0x10',
  ])('rejects %j', (text) => {
    expect(parseViNumberDetailed(text)).toBeUndefined();
  });
});

describe('formatViNumber and VI_NUMBER_PATTERN', () => {
  it('formats with thousands dot and decimal comma', () => {
    expect(formatViNumber(1234.5)).toBe('1.234,5');
    expect(formatViNumber(71.2)).toBe('71,2');
    expect(formatViNumber(1234567)).toBe('1.234.567');
  });
  it('round-trips through the parser', () => {
    for (const n of [0, 1, 6, 71.2, 999, 1000, 1234.5, 98765.43, 1234567]) {
      expect(parseViNumber(formatViNumber(n))).toBeCloseTo(n, 10);
    }
  });
  it('finds number tokens in prose', () => {
    const re = new RegExp(VI_NUMBER_PATTERN, 'gu');
    const found = 'đạt 71,2% (tăng 6,2%), ban hành 1.234 kết luận, 06 kháng nghị'.match(re);
    expect(found).toEqual(['71,2', '6,2', '1.234', '06']);
  });
});
