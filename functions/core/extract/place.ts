/**
 * The place of a report when no unit is named in full: a gazetteer of every province and
 * district-level unit (data-schemas/units.json, through the unit registry) read from the date
 * line ("Vĩnh Yên, 12/7/2019", "Tân An, 19/01/2022", "Quy Nhơn, tháng 1/2022": a provincial
 * capital or another district names its province) and from places written with their type but
 * without the procuracy's name ("huyện Bắc Trà My", "toàn tỉnh Thanh Hóa", "TP.HCM").
 */
import { matchUnits, provinceOf, type Unit } from '../units.ts';

const WORD = String.raw`\p{Lu}[\p{Ll}\p{M}]*`;
// A date line: a place name, a comma, then a date or "tháng m/yyyy" (and nothing much else).
const DATELINE = new RegExp(
  String.raw`^\s*(${WORD}(?:\s+${WORD}){0,3})\s*[,–-]\s*(?:(?:sáng|chiều|ngày)\s+)?(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|(?:tháng\s+)?\d{1,2}\s*[/-]\s*\d{4})`,
  'u',
);
// Besides a unit's type, a party committee ("Thành ủy Hà Nội", "Tỉnh ủy Bình Phước") and "trên địa
// bàn X" name the place too (the figures are then that place's, whoever reports them).
const TYPED = new RegExp(
  String.raw`(?<![\p{L}])(tỉnh|thành phố|TP\.?|huyện|thị xã|quận|Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|địa bàn)\s+(${WORD}(?:\s+${WORD}){0,3})`,
  'gu',
);
const HCM = /(?<![\p{L}])(?:TP\.?\s?HCM|TPHCM|Tp\.?\s?HCM)(?![\p{L}])/gu;
// "Thủ đô" (capitalised: the capital, not a generic "thủ đô") is Hà Nội, as the press writes it.
const CAPITAL = /(?<![\p{L}])Thủ đô(?![\p{L}])/gu;
// A headline opening with a place and a colon ("Hà Nội: Viện kiểm sát …") names the report's place.
const HEADLINE = new RegExp(String.raw`^\s*(${WORD}(?:\s+${WORD}){0,3})\s*:`, 'u');

/** The unit a bare place name means at a date: a province, or a district-level unit whose name is unique. */
function placeUnit(name: string, at: string): Unit | undefined {
  // Longest prefix first: "Bắc Trà My Hôm" is not a place, "Bắc Trà My" is.
  const words = name.split(/\s+/);
  for (let n = words.length; n >= 1; n--) {
    const candidate = words.slice(0, n).join(' ');
    const matches = matchUnits(candidate, at).filter((m) => m.score >= 1000 && m.unit.level !== 'regional');
    if (!matches.length) continue;
    const province = matches.find((m) => m.unit.level === 'province');
    if (province) return province.unit;
    // A district name shared by several provinces (Châu Thành) says nothing.
    const provinces = new Set(matches.map((m) => m.unit.province_id));
    if (provinces.size === 1) return matches[0].unit;
  }
  return undefined;
}

/** The province named by the date line among the first lines, if any. */
export function datelineProvince(text: string, at: string): Unit | undefined {
  const lines = text.slice(0, 2000).split('\n').filter((l) => l.trim()).slice(0, 6);
  for (const line of lines) {
    const m = DATELINE.exec(line);
    if (!m) continue;
    const u = placeUnit(m[1], at);
    if (u) return provinceOf(u);
  }
  return undefined;
}

export interface TypedPlace {
  unit: Unit;
  start: number;
  name: string;
}

/** Places written with their type ("huyện Thăng Bình", "tỉnh Quảng Nam", "TP.HCM"), in order. */
export function typedPlaces(text: string, at: string): TypedPlace[] {
  const out: TypedPlace[] = [];
  const re = new RegExp(TYPED.source, TYPED.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const type = m[1].toLowerCase();
    const matches = (n: string) => {
      const u = placeUnit(n, at);
      if (!u) return undefined;
      // "tỉnh", "tỉnh ủy" / "tỉnh uỷ" (both tone placements) name a province only
      if ((type === 'tỉnh' || type.startsWith('tỉnh ')) && u.level !== 'province') return undefined;
      if ((type === 'huyện' || type === 'quận' || type === 'thị xã') && u.level !== 'district') return undefined;
      return u;
    };
    const u = matches(m[2]);
    if (u) out.push({ unit: u, start: m.index, name: m[2] });
  }
  const hcm = new RegExp(HCM.source, HCM.flags);
  while ((m = hcm.exec(text))) {
    const u = placeUnit('Hồ Chí Minh', at);
    if (u) out.push({ unit: u, start: m.index, name: 'Hồ Chí Minh' });
  }
  const capital = new RegExp(CAPITAL.source, CAPITAL.flags);
  while ((m = capital.exec(text))) {
    const u = placeUnit('Hà Nội', at);
    if (u) out.push({ unit: u, start: m.index, name: 'Hà Nội' });
  }
  const head = HEADLINE.exec(text.replace(/^\s+/, '').split('\n')[0] ?? '');
  if (head) {
    const u = placeUnit(head[1], at);
    if (u) out.push({ unit: u, start: 0, name: head[1] });
  }
  return out.sort((a, b) => a.start - b.start);
}
