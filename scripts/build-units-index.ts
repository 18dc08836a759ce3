/**
 * Builds the unit name index (functions/core/generated/units-index.generated.json) from
 * data-schemas/units.json: name key (`nameKey` of functions/core/text.ts) → the units whose name,
 * full name or alias carries that key. Building it when the module loads cost 27–45 ms of every
 * Lambda's cold import (NFD normalisation and regexes over ~4,500 names for ~2,800 keys), for data
 * that only changes with units.json. Run `npm run build:generated` after changing
 * units.json or the key function; a test fails while the generated file is stale.
 *
 * Format: data, not code: a JSON file whose `index` is one string, a line per key,
 * `<name key>\t<id> <id> …`, ids in the order the units were first indexed, an id prefixed with `~`
 * when the key came from an alias rather than the unit's own name. One string, not a list of lines
 * or an object per key, so that loading it parses no structure at all (units.ts finds a key's line
 * when it is first asked for it): a list of ~2,800 lines cost about 1 ms more per cold import.
 * The file is not for reading; units.json, from which it is built, is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nameKey } from '../functions/core/text.ts';

const root = new URL('..', import.meta.url);
export const GENERATED = fileURLToPath(new URL('functions/core/generated/units-index.generated.json', root));

/** What the index is built from: the registry's units (only these fields matter). */
export interface IndexedUnit {
  id: string;
  name: string;
  full_name: string;
  aliases: string[];
}

/**
 * Name key → [unit id, own name?] in the order units were first met: the unit's name, its full
 * name, then its aliases; a unit is listed once per key, with the flag of its first text carrying
 * it (so an alias repeating the own name stays "own"). Empty keys are not indexed.
 */
export function buildUnitNameIndex(units: readonly IndexedUnit[]): Map<string, [id: string, own: boolean][]> {
  const byKey = new Map<string, [string, boolean][]>();
  const add = (text: string, id: string, own: boolean) => {
    const k = nameKey(text);
    if (!k) return;
    const list = byKey.get(k) ?? [];
    if (!list.some(([i]) => i === id)) list.push([id, own]);
    byKey.set(k, list);
  };
  for (const u of units) {
    add(u.name, u.id, true);
    add(u.full_name, u.id, true);
    for (const a of u.aliases) add(a, u.id, false);
  }
  return byKey;
}

export function generateUnitsIndex(): string {
  const registry = JSON.parse(readFileSync(new URL('data-schemas/units.json', root), 'utf8')) as { units: IndexedUnit[] };
  for (const u of registry.units) if (/[\s~]/.test(u.id)) throw new Error(`unit id ${JSON.stringify(u.id)} cannot be written in the index`);
  const lines: string[] = [];
  for (const [k, list] of buildUnitNameIndex(registry.units)) {
    // nameKey collapses all whitespace to single spaces: a key never holds a tab or a line break.
    if (/[\t\n]/.test(k)) throw new Error(`name key ${JSON.stringify(k)} cannot be written in the index`);
    lines.push(`${k}\t${list.map(([id, own]) => (own ? id : `~${id}`)).join(' ')}`);
  }
  const index = {
    generated_by: 'scripts/build-units-index.ts from data-schemas/units.json; do not edit',
    format: 'a line per name key: "<key>\\t<id> <id> ~<id>" (~: the key is an alias of that unit)',
    index: `\n${lines.join('\n')}\n`,
  };
  return JSON.stringify(index, null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED, generateUnitsIndex());
  console.log(`wrote ${GENERATED}`);
}
