/**
 * A least-recently-used map bounded by entry count and by total weight (rows, bytes …): the
 * mechanism under the engine's result cache and the API's response cache. An entry heavier than
 * a quarter of the weight bound is not kept, so that one huge value cannot evict everything else.
 */
export class BoundedLru<V> {
  private readonly entries = new Map<string, V>();
  private weightTotal = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
    private readonly weight: (value: V) => number,
  ) {}

  /** The value, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, value: V): void {
    const w = this.weight(value);
    if (w > this.maxWeight / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.weightTotal -= this.weight(old);
    }
    this.entries.set(key, value);
    this.weightTotal += w;
    // Map iteration runs from the least recently used.
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.weightTotal <= this.maxWeight) break;
      this.entries.delete(k);
      this.weightTotal -= this.weight(v);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get totalWeight(): number {
    return this.weightTotal;
  }
}
