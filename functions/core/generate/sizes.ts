/**
 * Workload size of each unit (1 ≈ an ordinary district), the synthetic data's size effect. The
 * number of districts of a province is the size proxy: districts of large provinces are busier,
 * urban districts (quận, thành phố) more than rural ones. Provincial offices carry a share of
 * their province's total; after 2025-07 a regional unit carries its share of the districts it
 * replaced, so national totals stay continuous across the switch.
 */
import { childrenOf, predecessorsOf, unitById, type Unit } from '../units.ts';
import { Rng } from './prng.ts';

const TYPE_FACTOR: Record<string, number> = { quan: 1.6, thanh_pho: 1.4, thi_xa: 1.0, huyen: 0.85 };
/** Share of a province's workload handled by the provincial office itself. */
export const PROVINCE_OFFICE_SHARE = 0.25;

export interface Sizes {
  /** Workload size of the unit. */
  size(unit: Unit): number;
  /** Sum of district sizes of the unit's province (appeals and enforcement scale with it). */
  provinceTotal(unit: Unit): number;
  /**
   * Scale of proactive outputs (protests, recommendations, model trials). They grow more slowly
   * than workload (√size), and a unit that replaced several units inherits their outputs, so
   * national totals do not jump at the 2025 switch.
   */
  outputScale(unit: Unit): number;
}

export function sizes(seed: number): Sizes {
  const cache = new Map<string, number>();

  function district(u: Unit): number {
    let s = cache.get(u.id);
    if (s === undefined) {
      const p = unitById(u.parent_id!)!;
      const provinceFactor = Math.sqrt((p.district_count ?? 10) / 10);
      s = provinceFactor * (TYPE_FACTOR[u.type] ?? 1) * Rng.of(seed, 'size', u.id).lognormal(0.35);
      cache.set(u.id, s);
    }
    return s;
  }

  /** Σ district sizes of a pre-2025 province. */
  function total63(id: string): number {
    const key = `total:${id}`;
    let t = cache.get(key);
    if (t === undefined) {
      t = childrenOf(id).reduce((a, d) => a + district(d), 0);
      cache.set(key, t);
    }
    return t;
  }

  function total(u: Unit): number {
    const province = unitById(u.province_id)!;
    if (province.era === 'pre2025') return total63(province.id);
    return predecessorsOf(province.id).reduce((a, p) => a + total63(p.id), 0);
  }

  function size(u: Unit): number {
    if (u.level === 'district') return district(u);
    if (u.level === 'province') return PROVINCE_OFFICE_SHARE * total(u);
    const key = `kv:${u.id}`;
    let s = cache.get(key);
    if (s === undefined) {
      const n = childrenOf(u.parent_id!).length;
      s = (total(u) / n) * Rng.of(seed, 'size', u.id).lognormal(0.2);
      cache.set(key, s);
    }
    return s;
  }

  function outputScale(u: Unit): number {
    const base = Math.sqrt(size(u));
    if (u.era === 'pre2025') return base;
    if (u.level === 'province') return base * Math.sqrt(u.merged_from?.length ?? 1);
    const province = unitById(u.province_id)!;
    const districts = predecessorsOf(province.id).reduce((a, p) => a + (p.district_count ?? 0), 0);
    return base * Math.sqrt(districts / childrenOf(province.id).length);
  }

  return { size, provinceTotal: total, outputScale };
}
