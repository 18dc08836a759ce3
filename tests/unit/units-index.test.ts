import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GENERATED, buildUnitNameIndex, generateUnitsIndex } from '../../scripts/build-units-index.ts';
import { nameKey } from '../../functions/core/text.ts';
import { matchUnits, units, unitsByNameKey } from '../../functions/core/units.ts';
import NAME_INDEX from '../../functions/core/units-name-index.ts';

/** The index as units.ts built it when the module loaded, before it was generated ahead of time. */
function runtimeIndex() {
  const byKey = new Map<string, { id: string; own: boolean }[]>();
  const index = (text: string, id: string, own: boolean) => {
    const k = nameKey(text);
    if (!k) return;
    const list = byKey.get(k) ?? [];
    if (!list.some((e) => e.id === id)) list.push({ id, own });
    byKey.set(k, list);
  };
  for (const u of units()) {
    index(u.name, u.id, true);
    index(u.full_name, u.id, true);
    for (const a of u.aliases) index(a, u.id, false);
  }
  return byKey;
}

describe('generated unit name index', () => {
  it('is up to date with data-schemas/units.json and nameKey (run `npx tsx scripts/build-units-index.ts`)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generateUnitsIndex());
  });

  it('gives for every name key the units (and own/alias flags) an index built at run time gives', () => {
    const built = runtimeIndex();
    expect(built.size).toBeGreaterThan(2000);
    for (const [k, expected] of built) {
      expect(unitsByNameKey(k).map((e) => ({ id: e.unit.id, own: e.own })), k).toEqual(expected);
    }
    // Nothing more: the module holds exactly the keys built at run time, one line each.
    const keys = NAME_INDEX.split('\n').filter(Boolean).map((line) => line.slice(0, line.indexOf('\t')));
    expect(keys).toEqual([...built.keys()]);
  });

  it('is what the script builds from the registry too', () => {
    const fromScript = buildUnitNameIndex(units());
    const built = runtimeIndex();
    expect([...fromScript].map(([k, l]) => [k, l.map(([id, own]) => ({ id, own }))])).toEqual([...built]);
  });

  it('answers unknown keys, parts of keys, empty keys and Object.prototype names with nothing', () => {
    for (const k of ['', 'khong co tinh nay', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'ha giang\tp63-02\nha noi', 'giang', 'ha gian']) {
      expect(unitsByNameKey(k), k).toEqual([]);
    }
    expect(unitsByNameKey('ha giang').map((e) => e.unit.id)).toContain('p63-02');
    expect(matchUnits('constructor')).toEqual([]);
    expect(matchUnits('__proto__')).toEqual([]);
  });

  it('resolves every unit by its own name and full name (among the candidates)', () => {
    for (const u of units()) {
      for (const text of [u.name, u.full_name]) {
        if (!nameKey(text)) continue;
        expect(matchUnits(text).map((m) => m.unit.id), text).toContain(u.id);
      }
    }
  });

  it('marks a key that only an alias carries as not own', () => {
    const built = runtimeIndex();
    const aliasOnly = [...built].find(([, l]) => l.length === 1 && !l[0].own);
    expect(aliasOnly).toBeDefined();
    expect(unitsByNameKey(aliasOnly![0])[0].own).toBe(false);
  });
});
