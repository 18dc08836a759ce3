/** `chitieu units [search]` and `chitieu indicators [search]`: the registry and the catalog. */
import type { Command } from 'commander';
import { searchUnits, units, unitById } from '../../core/units.ts';
import { indicators, searchIndicators } from '../../core/catalog.ts';
import { formatRows } from '../output.ts';

export function register(program: Command): void {
  program
    .command('units')
    .description('Tra cứu đơn vị (không dấu cũng được) / look up units (diacritics optional)')
    .argument('[search]')
    .option('-f, --format <format>', 'table | json | csv', 'table')
    .action((search: string | undefined, o: { format: string }) => {
      const list = search ? searchUnits(search, { limit: 50 }).map((m) => m.unit) : [...units()].filter((u) => u.level === 'province');
      const rows = list.map((u) => ({
        id: u.id, name: u.full_name, level: u.level, valid_from: u.valid_from, valid_to: u.valid_to ?? '',
        parent: u.parent_id ?? '',
        merged_into: u.successor_id ? `${u.successor_id} (${unitById(u.successor_id)?.name ?? ''})` : '',
        merged_from: (u.merged_from ?? []).join(', '),
      }));
      console.log(formatRows(rows, ['id', 'name', 'level', 'valid_from', 'valid_to', 'parent', 'merged_into', 'merged_from'], o.format));
    });

  program
    .command('indicators')
    .description('Tra cứu chỉ tiêu / look up indicators')
    .argument('[search]')
    .option('-f, --format <format>', 'table | json | csv', 'table')
    .action((search: string | undefined, o: { format: string }) => {
      const list = search ? searchIndicators(search).map((m) => m.indicator) : [...indicators()];
      const rows = list.map((i) => ({
        code: i.code, name_vi: i.name_vi, kind: i.kind, unit: i.unit, direction: i.direction,
        formula: i.kind === 'rate' ? `${i.numerator} / ${i.denominator}` : '',
        targets: i.targets.map((t) => `${t.comparator} ${t.threshold} (${t.evidence}, ${t.source})`).join('; '),
      }));
      console.log(formatRows(rows, ['code', 'name_vi', 'kind', 'unit', 'direction', 'formula', 'targets'], o.format));
    });
}
