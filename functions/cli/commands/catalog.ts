/** `chitieu units [search]` and `chitieu indicators [search]`: the registry and the catalog. */
import type { Command } from 'commander';
import { searchUnits, units, unitById } from '../../core/units.ts';
import { indicators, searchIndicators } from '../../core/catalog.ts';
import { formatRows } from '../output.ts';

/** A look-up command, `<name> [search]`: a row per match (or per entry of the default list) as a table, JSON or CSV. */
function lookup(program: Command, name: string, description: string, columns: string[], rowsFor: (search: string | undefined) => Record<string, unknown>[]): void {
  program
    .command(name)
    .description(description)
    .argument('[search]')
    .option('-f, --format <format>', 'table | json | csv', 'table')
    .action((search: string | undefined, o: { format: string }) => console.log(formatRows(rowsFor(search), columns, o.format)));
}

export function register(program: Command): void {
  lookup(program, 'units', 'Tra cứu đơn vị (không dấu cũng được) / look up units (diacritics optional)',
    ['id', 'name', 'level', 'valid_from', 'valid_to', 'parent', 'merged_into', 'merged_from'],
    (search) => {
      const list = search ? searchUnits(search, { limit: 50 }).map((m) => m.unit) : [...units()].filter((u) => u.level === 'province');
      return list.map((u) => ({
        id: u.id, name: u.full_name, level: u.level, valid_from: u.valid_from, valid_to: u.valid_to ?? '',
        parent: u.parent_id ?? '',
        merged_into: u.successor_id ? `${u.successor_id} (${unitById(u.successor_id)?.name ?? ''})` : '',
        merged_from: (u.merged_from ?? []).join(', '),
      }));
    });

  lookup(program, 'indicators', 'Tra cứu chỉ tiêu / look up indicators',
    ['code', 'name_vi', 'kind', 'unit', 'direction', 'formula', 'targets'],
    (search) => {
      const list = search ? searchIndicators(search).map((m) => m.indicator) : [...indicators()];
      return list.map((i) => ({
        code: i.code, name_vi: i.name_vi, kind: i.kind, unit: i.unit, direction: i.direction,
        formula: i.kind === 'rate' ? `${i.numerator} / ${i.denominator}` : '',
        targets: i.targets.map((t) => `${t.comparator} ${t.threshold} (${t.evidence}, ${t.source})`).join('; '),
      }));
    });
}
