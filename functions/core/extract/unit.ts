/**
 * The reporting unit and scope of a narrative report. Units are named "VKSND tỉnh Sóc Trăng",
 * "Viện kiểm sát nhân dân tỉnh Thái Bình", "VKS thành phố Đông Hà", "ngành Kiểm sát Thái Bình",
 * "VKSND khu vực 3 – Cần Thơ", in title case or ALL CAPS. Names resolve through the unit registry
 * at the period's end date, so an article about Sóc Trăng before July 2025 gives p63-94.
 * "hai cấp" (the provincial office and its district/regional units together) makes the scope
 * province_total.
 */
import { childrenOf, matchUnits as registryMatch, provinceOf, type Unit, type UnitMatch } from '../units.ts';
import { fold } from '../text.ts';
import type { Scope } from '../types.ts';
import type { ExtractUnitLevel } from './types.ts';
import { loose } from './loose.ts';
import { datelineProvince, typedPlaces } from './place.ts';

// Reports name the same few units many times: resolve each (name, date) once.
const MATCH_CACHE = new Map<string, UnitMatch[]>();
function matchUnits(name: string, at: string): UnitMatch[] {
  const k = `${at}|${name}`;
  let m = MATCH_CACHE.get(k);
  if (!m) {
    m = registryMatch(name, at);
    if (MATCH_CACHE.size > 5000) MATCH_CACHE.clear();
    MATCH_CACHE.set(k, m);
  }
  return m;
}

/** A class matching a letter in either case, with or without its diacritics. */
function caseless(c: string): string {
  const forms = new Set([c.toLowerCase(), c.toUpperCase(), ...loose(c.toLowerCase()).replace(/[[\]]/g, ''), ...loose(c.toUpperCase()).replace(/[[\]]/g, '')]);
  return `[${[...forms].join('')}]`;
}

/** A case-insensitive pattern for a phrase, letter by letter (the name part must stay case-sensitive). */
function ci(phrase: string): string {
  return phrase
    .split(/\s+/)
    .map((w) => [...w].map((c) => (c.toLowerCase() !== c.toUpperCase() ? caseless(c) : c === '.' ? '\\.' : c)).join(''))
    .join(String.raw`\s+`);
}
const alt = (...ps: string[]) => `(?:${ps.map(ci).join('|')})`;
const ORG = alt('viện kiểm sát nhân dân', 'viện kiểm sát', 'viện ksnd', 'vksnd', 'vks', 'ngành kiểm sát nhân dân', 'ngành kiểm sát', 'ngành ksnd', 'kiểm sát');
const TYPE = `(${alt('tỉnh', 'thành phố', 'tp.', 'tp', 'huyện', 'quận', 'thị xã', 'khu vực')})`;
const WORD = String.raw`\p{Lu}[\p{Ll}\p{Lu}\p{M}]*`;
const NAME = String.raw`(${WORD}(?:(?:\s*[–—-]\s*|\s+)${WORD}){0,5}|\d{1,2}(?:\s*[–—-]\s*${WORD}(?:\s+${WORD}){0,3})?)`;
const MENTION = new RegExp(String.raw`${ORG}\s+(${ci('hai cấp')}\s+)?(?:${TYPE}\s+)?${NAME}`, 'gu');
// "VKS huyện Vĩnh Linh, Gio Linh, Cam Lộ": further names of the same type after commas.
const LEVEL_OF: Record<Unit['level'], ExtractUnitLevel> = { province: 'tinh', district: 'huyen', regional: 'khu_vuc' };

export interface UnitMention {
  /** The name as written ("Sóc Trăng", "Bà Rịa – Vũng Tàu"). */
  name: string;
  unit: Unit;
  start: number;
  end: number;
}

function typeWord(t: string | undefined): 'province' | 'district' | 'regional' | 'either' {
  if (!t) return 'either';
  const f = fold(t);
  if (f === 'tinh') return 'province';
  if (f === 'huyen' || f === 'quan' || f === 'thi xa') return 'district';
  if (f === 'khu vuc') return 'regional';
  return 'either'; // thành phố / TP: a province-level city or a district-level one
}

const PROVINCE_AFTER_NUMBER = new RegExp(
  String.raw`^\s*[–—-]\s*(?:${alt('thành phố', 'tp.', 'tp', 'tỉnh')}\s+)?(${WORD}(?:(?:\s*[–—-]\s*|\s+)${WORD}){0,5})`,
  'u',
);

/** Candidate names from the longest to the shortest prefix of the words (ALL-CAPS titles run on). */
function prefixes(words: string): string[] {
  const parts = words.split(/(\s*[–—-]\s*|\s+)/);
  const out: string[] = [];
  for (let n = Math.min(parts.length, 11); n >= 1; n -= 2) out.push(parts.slice(0, n).join(''));
  return out;
}

/** "khu vực 3 – Cần Thơ", "khu vực 1 - Thành phố Hồ Chí Minh", or "khu vực 1" in a known province. */
function resolveRegional(num: string, after: string, at: string, provinceHint: Unit | undefined): Unit | undefined {
  let province = provinceHint;
  const m = PROVINCE_AFTER_NUMBER.exec(after);
  if (m) {
    for (const name of prefixes(m[1])) {
      const p = matchUnits(name, at).find((x) => x.unit.level === 'province' && x.score >= 1000);
      if (p) {
        province = p.unit;
        break;
      }
    }
  }
  if (!province) return undefined;
  const re = new RegExp(`^khu vuc ${num}(?!\\d)`);
  return childrenOf(province.id).find((u) => u.level === 'regional' && re.test(fold(u.name)));
}

/** Resolves the longest prefix of the name words that names a unit. */
function resolveName(
  typeText: string | undefined,
  words: string,
  at: string,
  provinceHint: Unit | undefined,
): { unit: Unit; name: string } | undefined {
  const kind = typeWord(typeText);
  for (const name of prefixes(words)) {
    const query = typeText ? `${typeText} ${name}` : name;
    let matches = matchUnits(query, at).filter((m) => m.score >= 1000); // valid at the date
    if (kind === 'province') matches = matches.filter((m) => m.unit.level === 'province');
    if (kind === 'district') matches = matches.filter((m) => m.unit.level === 'district');
    if (provinceHint && kind !== 'province') {
      const inProvince = matches.filter((m) => m.unit.province_id === provinceHint.id);
      if (inProvince.length) matches = inProvince;
      else if (kind === 'district') matches = [];
    }
    if (matches.length) return { unit: matches[0].unit, name };
  }
  return undefined;
}

/** Every unit mention of the text, resolved at `at` (ISO date). */
export function unitMentions(text: string, at: string): UnitMention[] {
  const out: UnitMention[] = [];
  let provinceHint: Unit | undefined;
  const raw: Array<{ m: RegExpExecArray }> = [];
  const re = new RegExp(MENTION.source, MENTION.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) raw.push({ m });
  // Two passes: provinces first, so that district names resolve inside the report's province.
  for (const pass of ['province', 'other'] as const) {
    for (const { m: x } of raw) {
      const kind = typeWord(x[2]);
      if (pass === 'province' && kind !== 'province' && kind !== 'either') continue;
      if (pass === 'other' && (kind === 'province' || kind === 'either')) continue;
      const nameStart = x.index + x[0].length - x[3].length;
      if (kind === 'regional') {
        const num = /^\d{1,2}/.exec(x[3])?.[0];
        const unit = num ? resolveRegional(num, text.slice(nameStart + num.length, nameStart + num.length + 80), at, provinceHint) : undefined;
        if (unit) out.push({ name: unit.name, unit, start: nameStart, end: nameStart + num!.length });
        continue;
      }
      // A bare number names a unit only after its type ("quận 10", "khu vực 3"): "kiểm sát 10 cuộc"
      // is a count, not Quận 10 of Hồ Chí Minh (the "Vinh, …" read as Hồ Chí Minh of issue 13).
      if (!x[2] && /^\d/.test(x[3])) continue;
      const r = resolveName(x[2], x[3], at, pass === 'other' ? provinceHint : undefined);
      if (!r) continue;
      out.push({ name: r.name, unit: r.unit, start: nameStart, end: nameStart + r.name.length });
      if (pass === 'province' && r.unit.level === 'province') provinceHint ??= r.unit;
    }
    if (pass === 'province' && !provinceHint) {
      const first = out.find((o) => o.unit.level !== 'province');
      if (first) provinceHint = provinceOf(first.unit);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface UnitFinding {
  province: string | null;
  unit: Unit | null;
  unit_level: ExtractUnitLevel | null;
  scope: Scope;
}

const isAllCaps = (s: string) => s === s.toUpperCase() && s !== s.toLowerCase();

/**
 * The unit the report is about: one named in the title, else the province named most often.
 * A district/regional unit is the subject only when the title (or the opening) names it.
 */
export function findUnit(text: string, headerEnd: number, at: string): UnitFinding {
  const all = unitMentions(text, at);
  const title = all.filter((x) => x.start < headerEnd);
  const counts = new Map<string, number>();
  for (const x of all) {
    const p = provinceOf(x.unit).id;
    counts.set(p, (counts.get(p) ?? 0) + (x.unit.level === 'province' ? 2 : 1));
  }
  let subject: UnitMention | undefined = title[0];
  if (!subject) {
    const opening = all.filter((x) => x.start < 400);
    const provinces = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const topProvince = provinces[0]?.[0];
    subject = opening.find((x) => x.unit.level === 'province' && x.unit.id === topProvince) ??
      all.find((x) => x.unit.id === topProvince) ??
      all.find((x) => provinceOf(x.unit).id === topProvince);
    if (subject && subject.unit.level !== 'province' && subject.start >= 400) {
      // Districts named only in the body are places the province visited, not the reporter.
      const prov = provinceOf(subject.unit);
      subject = { ...subject, unit: prov, name: prov.name };
    }
  }
  if (!subject) return placeFallback(text, at);
  const unit = subject.unit;
  const province = provinceOf(unit);
  // The province name as written: a mention of the province itself, not in ALL CAPS if possible.
  const provMentions = all.filter((x) => x.unit.id === province.id);
  const written = provMentions.find((x) => !isAllCaps(x.name)) ?? provMentions[0];
  const provinceName = written ? written.name : province.name;
  const scope: Scope = unit.level === 'province' && HAI_CAP.test(fold(text)) ? 'province_total' : 'unit';
  return { province: provinceName, unit, unit_level: LEVEL_OF[unit.level], scope };
}

// "VKSND hai cấp", "Hai cấp VKSND", "Viện kiểm sát hai cấp", "hai cấp kiểm sát".
// "toàn ngành (Kiểm sát) tỉnh X" is the whole provincial sector too.
const HAI_CAP = /\b(?:(?:vksnd|vks|vien kiem sat(?: nhan dan)?|nganh kiem sat) hai cap|hai cap (?:vksnd|vks|vien kiem sat|kiem sat|nganh kiem sat)|toan nganh)\b/;

/**
 * No unit named with the procuracy's name: the date line's place (a capital or district names its
 * province), else the province most often written with its type ("huyện Bắc Trà My", "tỉnh …").
 * The unit is then the province office, or the district's when the text speaks of "Viện kiểm sát
 * nhân dân huyện" and names one district.
 */
function placeFallback(text: string, at: string): UnitFinding {
  const places = typedPlaces(text, at);
  const dated = datelineProvince(text, at);
  let province = dated;
  if (!province && places.length) {
    const counts = new Map<string, { unit: Unit; n: number }>();
    for (const p of places) {
      const prov = provinceOf(p.unit);
      const c = counts.get(prov.id) ?? { unit: prov, n: 0 };
      c.n += p.unit.level === 'province' ? 2 : 1;
      counts.set(prov.id, c);
    }
    province = [...counts.values()].sort((a, b) => b.n - a.n)[0].unit;
  }
  if (!province) return { province: null, unit: null, unit_level: null, scope: 'unit' };
  const folded = fold(text);
  const districts = places.filter((p) => p.unit.level === 'district' && p.unit.province_id === province.id);
  const ids = new Set(districts.map((d) => d.unit.id));
  const speaksAsDistrict = /\b(?:vien kiem sat nhan dan|vien ksnd|vksnd|vks) (?:huyen|thi xa|quan)\b/.test(folded);
  const unit = speaksAsDistrict && ids.size === 1 ? districts[0].unit : province;
  const scope: Scope = unit.level === 'province' && HAI_CAP.test(folded) ? 'province_total' : 'unit';
  return { province: province.name, unit, unit_level: LEVEL_OF[unit.level], scope };
}
