import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../data-schemas/units.schema.json' with { type: 'json' };
import data from '../../data-schemas/units.json' with { type: 'json' };
import allocation from '../../data-schemas/regional-allocation.json' with { type: 'json' };
import {
  childrenOf, crosswalkP63toP34, isValidAt, predecessorsOf, provincesAt, resolveUnit, searchUnits, successorOf, unitById, units, unitsAt,
} from '../../functions/core/units.ts';

describe('unit registry', () => {
  it('validates against its JSON Schema', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('has 63 + 705 pre-2025 units, 34 provinces and 355 regional units from 2025-07-01', () => {
    const count = (pred: (u: ReturnType<typeof units>[number]) => boolean) => units().filter(pred).length;
    expect(count((u) => u.id.startsWith('p63-'))).toBe(63);
    expect(count((u) => u.level === 'district')).toBe(705);
    expect(count((u) => u.id.startsWith('p34-'))).toBe(34);
    expect(count((u) => u.level === 'regional')).toBe(355);
    expect(provincesAt('2025-06-30')).toHaveLength(63);
    expect(provincesAt('2025-07-01')).toHaveLength(34);
    expect(unitsAt('2020-01-01')).toHaveLength(768);
    expect(unitsAt('2025-08-01')).toHaveLength(389);
    expect(new Set(units().map((u) => u.id)).size).toBe(units().length);
  });

  it('allocates 355 regional units with 19 for TP Hồ Chí Minh, marked as an assumption', () => {
    expect(allocation.assumption).toBe(true);
    expect(allocation.provinces.reduce((s, p) => s + p.regional_units, 0)).toBe(355);
    expect(childrenOf('p34-79')).toHaveLength(19);
    for (const p of provincesAt('2025-07-01')) {
      const kids = childrenOf(p.id);
      expect(kids.length, p.id).toBeGreaterThan(0);
      expect(kids.length).toBe(allocation.provinces.find((a) => a.id === p.id)!.regional_units);
      for (const k of kids) expect(k.parent_id).toBe(p.id);
    }
    const kv = unitById('kv-92-3')!;
    expect(kv.full_name).toBe('VKSND khu vực 3 – Cần Thơ');
    expect(kv).toMatchObject({ level: 'regional', era: '2025', parent_id: 'p34-92', province_id: 'p34-92', valid_from: '2025-07-01', valid_to: null });
  });

  it('never confuses code 44: p63-44 is Quảng Bình, p34-44 the new Quảng Trị', () => {
    const old44 = unitById('p63-44')!;
    const new44 = unitById('p34-44')!;
    expect(old44.name).toBe('Quảng Bình');
    expect(new44.name).toBe('Quảng Trị');
    expect(old44.code).toBe(new44.code);
    expect(new44.merged_from!.sort()).toEqual(['p63-44', 'p63-45']);
    expect(successorOf('p63-44')!.id).toBe('p34-44');
    expect(successorOf('p63-45')!.id).toBe('p34-44');
    expect(isValidAt(old44, '2025-06-30')).toBe(true);
    expect(isValidAt(old44, '2025-07-01')).toBe(false);
    expect(isValidAt(new44, '2025-06-30')).toBe(false);
    expect(isValidAt(new44, '2025-07-01')).toBe(true);
    expect(resolveUnit('Quảng Trị', '2025-08-01')!.id).toBe('p34-44');
    expect(resolveUnit('Quảng Trị', '2024-01-01')!.id).toBe('p63-45');
    expect(resolveUnit('Quảng Bình', '2024-01-01')!.id).toBe('p63-44');
    // Other reused codes.
    expect([unitById('p63-15')!.name, unitById('p34-15')!.name]).toEqual(['Yên Bái', 'Lào Cai']);
    expect([unitById('p63-80')!.name, unitById('p34-80')!.name]).toEqual(['Long An', 'Tây Ninh']);
  });

  it('crosswalks all 63 provinces to the 34 (new Cần Thơ = Cần Thơ + Sóc Trăng + Hậu Giang)', () => {
    const cw = crosswalkP63toP34();
    expect(Object.keys(cw)).toHaveLength(63);
    expect(new Set(Object.values(cw)).size).toBe(34);
    expect(Object.entries(cw).filter(([, v]) => v === 'p34-92').map(([k]) => k).sort()).toEqual(['p63-92', 'p63-93', 'p63-94']);
    expect(predecessorsOf('p34-92').map((u) => u.id).sort()).toEqual(['p63-92', 'p63-93', 'p63-94']);
    expect(predecessorsOf('p34-79').map((u) => u.name).sort()).toEqual(['Bà Rịa - Vũng Tàu', 'Bình Dương', 'Hồ Chí Minh']);
    // Every p63 appears in exactly one merged_from.
    const all = provincesAt('2025-07-01').flatMap((p) => p.merged_from!);
    expect(all.sort()).toEqual(Object.keys(cw).sort());
  });

  it('links districts to their pre-2025 province', () => {
    const st = childrenOf('p63-94');
    expect(st).toHaveLength(11);
    for (const d of st) expect(d).toMatchObject({ level: 'district', parent_id: 'p63-94', province_id: 'p63-94', valid_to: '2025-06-30', valid_from: '2004-01-01' });
    expect(unitById('p63-94')!).toMatchObject({ full_name: 'VKSND tỉnh Sóc Trăng', province_id: 'p63-94', parent_id: null });
    expect(childrenOf('p63-45').map((d) => d.full_name)).toContain('VKSND thành phố Đông Hà');
  });

  it('resolves names in every spelling', () => {
    const cases: [string, string | undefined, string][] = [
      ['Sóc Trăng', '2023-05-31', 'p63-94'],
      ['VKSND tỉnh Sóc Trăng', '2023-05-31', 'p63-94'],
      ['Sóc Trăng'.normalize('NFD'), '2023-05-31', 'p63-94'],
      ['soc trang', '2023-05-31', 'p63-94'],
      ['Hoà Bình', '2020-01-01', 'p63-17'],
      ['Hòa Bình', '2020-01-01', 'p63-17'],
      ['tỉnh Hòa Bình', '2020-01-01', 'p63-17'],
      ['TP. Hồ Chí Minh', '2024-01-01', 'p63-79'],
      ['TP. Hồ Chí Minh', '2025-09-01', 'p34-79'],
      ['TP HCM', '2024-01-01', 'p63-79'],
      ['thành phố Cần Thơ', '2024-01-01', 'p63-92'],
      ['thành phố Cần Thơ', '2025-07-01', 'p34-92'],
      ['tỉnh Bà Rịa – Vũng Tàu', '2024-01-01', 'p63-77'],
      ['Bà Rịa - Vũng Tàu', '2024-01-01', 'p63-77'],
      ['BR-VT', '2024-01-01', 'p63-77'],
      ['Thừa Thiên Huế', '2024-01-01', 'p63-46'],
      ['Huế', '2025-08-01', 'p34-46'],
      ['Thừa Thiên Huế', '2025-08-01', 'p34-46'],
      ['VIỆN KIỂM SÁT NHÂN DÂN TỈNH QUẢNG TRỊ', '2024-04-01', 'p63-45'],
      ['Thanh Hoá', '2022-01-01', 'p63-38'],
      ['thành phố Sóc Trăng', '2023-01-01', 'd-941'],
      ['VKS thành phố Đông Hà', '2024-04-01', 'd-461'],
      ['huyện Vĩnh Linh', '2024-04-01', 'd-464'],
      ['Châu Thành, Sóc Trăng', '2023-01-01', 'd-942'],
      ['huyện Châu Thành, tỉnh Sóc Trăng', '2023-01-01', 'd-942'],
      ['VKSND khu vực 3 – Cần Thơ', '2025-08-01', 'kv-92-3'],
      ['vksnd khu vuc 3 can tho', '2025-08-01', 'kv-92-3'],
      ['p63-94', undefined, 'p63-94'],
      ['kv-79-19', undefined, 'kv-79-19'],
    ];
    for (const [q, at, id] of cases) expect(resolveUnit(q, at)?.id, `${q} @ ${at}`).toBe(id);
    expect(resolveUnit('Atlantis')).toBeUndefined();
    // Without a date the still-valid unit wins.
    expect(resolveUnit('Cần Thơ')!.id).toBe('p34-92');
  });

  it('searches units', () => {
    const hits = searchUnits('can tho');
    expect(hits[0].unit.name).toBe('Cần Thơ');
    expect(hits.some((h) => h.unit.id === 'kv-92-1')).toBe(true);
    expect(searchUnits('Quảng', { at: '2025-08-01' }).every((h) => isValidAt(h.unit, '2025-08-01'))).toBe(true);
    expect(searchUnits('Vĩnh Linh')[0].unit.id).toBe('d-464');
  });
});
