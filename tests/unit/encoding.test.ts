import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import {
  decodeTcvn3,
  decodeText,
  decodeVni,
  encodeTcvn3,
  encodeVni,
  encodeWindows1258,
  fixLegacy,
  fixLegacyString,
  isVietnameseSyllable,
} from '../../functions/core/encoding/index.ts';

// Samples are written in Unicode and converted *to* the legacy encodings with the same tables the
// decoders use (tcvn3.ts from GNU libiconv, vni.ts from xvnkb/vietnamese-conversion), then decoded.
const SAMPLE =
  'Kết quả trong kỳ, công tác kiểm sát việc giải quyết tố giác, tin báo đạt 71,2% (tăng 6,2%); ' +
  'kiểm sát điều tra đạt 59,4% (giảm 2,6%). Hai cấp VKSND tỉnh Sóc Trăng đã ban hành 94 kết luận, ' +
  '93 kiến nghị, 16 kháng nghị phúc thẩm, 21 thông báo rút kinh nghiệm; xây dựng 83 vụ án trọng điểm, ' +
  'tổ chức 82 phiên tòa rút kinh nghiệm. Ngày 14/3/2024, Quý I năm 2024, thủy, khuya, người, ưu tiên.';
const SEED = readFileSync(new URL('../fixtures/narrative/seed-003.txt', import.meta.url), 'utf8')
  // The legacy encodings have no typographic quotes or ellipsis.
  .replace(/[“”]/g, '"')
  .replace(/…/g, '...');

const latin1 = (b: Uint8Array) => {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
};

describe('TCVN3 (ABC) table', () => {
  it('round-trips every Vietnamese lower-case letter', () => {
    const letters = 'aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ';
    expect(decodeTcvn3(encodeTcvn3(letters))).toBe(letters);
  });
  it('matches known byte values', () => {
    // "Ninh Bình" in .VnTime is "Ninh B×nh"; ư is 0xAD, đ 0xAE, ơ 0xAC.
    expect(latin1(encodeTcvn3('Ninh Bình'))).toBe('Ninh B×nh');
    expect(decodeTcvn3([0xad, 0xae, 0xac])).toBe('ưđơ');
  });
  it('composes the combining tone bytes 0xB0–0xB4 to NFC', () => {
    expect(decodeTcvn3([0x61, 0xb3])).toBe('á');
  });
  it('writes capitals missing from VN3 with the lower-case code (.VnTimeH)', () => {
    expect(decodeTcvn3(encodeTcvn3('Ủy ban'))).toBe('ủy ban');
    expect(decodeTcvn3(encodeTcvn3('Ủy ban', false))).toBe('Ủy ban');
  });
});

describe('VNI table', () => {
  it('round-trips every Vietnamese letter, both cases', () => {
    const letters = 'aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ';
    expect(decodeVni(encodeVni(letters))).toBe(letters);
    expect(decodeVni(encodeVni(letters.toUpperCase()))).toBe(letters.toUpperCase());
  });
  it('matches known spellings', () => {
    expect(latin1(encodeVni('Việt Nam'))).toBe('Vieät Nam');
    expect(latin1(encodeVni('Xin chào các bạn'))).toBe('Xin chaøo caùc baïn');
    expect(latin1(encodeVni('người'))).toBe('ngöôøi');
  });
});

describe('decodeText detection', () => {
  const nfc = (s: string) => s.normalize('NFC');
  for (const [name, text] of [['sample', SAMPLE], ['seed 003', SEED]] as const) {
    it(`${name}: TCVN3`, () => {
      const d = decodeText(encodeTcvn3(text, false));
      expect(d.encoding).toBe('tcvn3');
      expect(d.text).toBe(nfc(text));
    });
    it(`${name}: TCVN3 with VN3 capitals (case lost, letters kept)`, () => {
      const d = decodeText(encodeTcvn3(text));
      expect(d.encoding).toBe('tcvn3');
      expect(d.text.toLowerCase()).toBe(nfc(text).toLowerCase());
    });
    it(`${name}: VNI`, () => {
      const d = decodeText(encodeVni(text));
      expect(d.encoding).toBe('vni');
      expect(d.text).toBe(nfc(text));
    });
    it(`${name}: Windows-1258`, () => {
      const d = decodeText(encodeWindows1258(text));
      expect(d.encoding).toBe('windows-1258');
      expect(d.text).toBe(nfc(text));
    });
    it(`${name}: UTF-8, UTF-8 with BOM, NFD`, () => {
      const utf8 = new TextEncoder().encode(text);
      expect(decodeText(utf8)).toEqual({ text: nfc(text), encoding: 'utf-8' });
      const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
      expect(decodeText(bom)).toEqual({ text: nfc(text), encoding: 'utf-8-bom' });
      const nfd = new TextEncoder().encode(text.normalize('NFD'));
      expect(decodeText(nfd)).toEqual({ text: nfc(text), encoding: 'utf-8' });
    });
    it(`${name}: UTF-16 LE and BE with BOM, LE without`, () => {
      const le = iconv.encode(text, 'utf16le');
      expect(decodeText(new Uint8Array([0xff, 0xfe, ...le]))).toEqual({ text: nfc(text), encoding: 'utf-16le' });
      const be = iconv.encode(text, 'utf16be');
      expect(decodeText(new Uint8Array([0xfe, 0xff, ...be]))).toEqual({ text: nfc(text), encoding: 'utf-16be' });
      expect(decodeText(new Uint8Array(le)).encoding).toBe('utf-16le');
    });
    it(`${name}: TCVN3 and VNI saved again as UTF-8 by a cp1252 program`, () => {
      const viaTcvn = new TextEncoder().encode(latin1(encodeTcvn3(text, false)));
      expect(decodeText(viaTcvn)).toEqual({ text: nfc(text), encoding: 'utf-8+tcvn3' });
      const viaVni = new TextEncoder().encode(latin1(encodeVni(text)));
      expect(decodeText(viaVni)).toEqual({ text: nfc(text), encoding: 'utf-8+vni' });
    });
  }
  it('plain ASCII', () => {
    expect(decodeText(new TextEncoder().encode('VKSND tinh Soc Trang'))).toEqual({ text: 'VKSND tinh Soc Trang', encoding: 'ascii' });
  });
});

describe('fixLegacyString (cell strings read as cp1252)', () => {
  it('recovers TCVN3 and VNI strings', () => {
    expect(fixLegacyString('Ninh B×nh')).toBe('Ninh Bình');
    expect(fixLegacyString(latin1(encodeTcvn3('Tỷ lệ giải quyết tố giác, tin báo về tội phạm')))).toBe(
      'Tỷ lệ giải quyết tố giác, tin báo về tội phạm',
    );
    expect(fixLegacyString(latin1(encodeVni('Số kháng nghị phúc thẩm')))).toBe('Số kháng nghị phúc thẩm');
    expect(fixLegacy(latin1(encodeVni('Viện kiểm sát nhân dân tỉnh Sóc Trăng')))).toEqual({
      text: 'Viện kiểm sát nhân dân tỉnh Sóc Trăng',
      font: 'vni',
    });
  });
  it('recovers cp1252-specific characters (VN1 capitals on 0x80–0x9F)', () => {
    // 0x80 is À in VN1 and € in cp1252.
    expect(fixLegacyString('\u20acn ninh')).toBe('Àn ninh');
  });
  it('leaves Unicode, ASCII and Latin-1-only Vietnamese alone', () => {
    for (const s of ['Hà Nội', 'Tân Châu', 'Sóc Trăng', 'VKSND', '71,2%', 'Tổng số “án điểm”', 'Cà Mau', 'Bà Rịa – Vũng Tàu']) {
      expect(fixLegacyString(s)).toBe(s);
    }
  });
});

describe('Vietnamese syllable check', () => {
  it('accepts syllables and rejects mis-decodings', () => {
    for (const w of ['nghiêng', 'khuya', 'người', 'Trăng', 'quyết', 'thủy', 'Thuỷ', 'giác', 'điểm', 'oan']) {
      expect(isVietnameseSyllable(w)).toBe(true);
    }
    for (const w of ['Vieät', 'B×nh', 'vieọt', 'chou', 'aá']) expect(isVietnameseSyllable(w)).toBe(false);
  });
});
