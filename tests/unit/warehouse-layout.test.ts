/** The warehouse layout: the keys every writer and reader (and infra's grants) agree on. */
import { describe, expect, it } from 'vitest';
import {
  AREA, batchMarkerKey, comparePointerKey, compareRunPrefix, COMPARE_LATEST_KEY, INBOX_PREFIX, notebookKey, partitionOfKey,
  partitionPrefix, quarantineKeys, rawContentKey, rawContentPrefix, shaOfSourceMarker, siteDataKey, sourceMarkerKey, tableFileKey,
} from '../../functions/core/warehouse-contract/layout.ts';
import { relationName, tableNames, tablePath } from '../../functions/core/warehouse-contract/tables.ts';

const SHA = 'ab'.padEnd(64, '0');

describe('warehouse layout', () => {
  it('builds the keys the README documents', () => {
    expect(rawContentKey(SHA, 'Báo cáo.XLSX')).toBe(`raw/sha256/ab/${SHA}.xlsx`);
    expect(rawContentKey(SHA, 'no-extension')).toBe(`raw/sha256/ab/${SHA}.bin`);
    expect(rawContentKey(SHA, 'x.json').startsWith(rawContentPrefix(SHA))).toBe(true);
    expect(INBOX_PREFIX).toBe('raw/inbox/');
    expect(tableFileKey('values', { stat_year: 2024, period_type: 'month' }, 'f-1')).toBe('curated/values/stat_year=2024/period_type=month/f-1.parquet');
    expect(partitionPrefix('history_reports', { stat_year: 2025, period_type: 'nine_months' })).toBe('history/reports/stat_year=2025/period_type=nine_months/');
    expect(sourceMarkerKey(SHA)).toBe(`state/sources/${SHA}.json`);
    expect(batchMarkerKey('b-1')).toBe('state/batches/b-1.json');
    expect(comparePointerKey('2025-11')).toBe('results/compare/2025-11/current.json');
    expect(compareRunPrefix('2025-Q4', 'r1')).toBe('results/compare/2025-Q4/runs/r1/');
    expect(COMPARE_LATEST_KEY).toBe('results/compare/latest.json');
    expect(siteDataKey('manifest.json')).toBe('site/data/manifest.json');
    expect(notebookKey('n1')).toBe('notebooks/n1.json');
  });

  it('reads back what it builds', () => {
    const p = { stat_year: 2023, period_type: 'half' };
    expect(partitionOfKey(tableFileKey('reports', p, 'b-9'))).toEqual(p);
    expect(partitionOfKey('curated/values/x.parquet')).toBeUndefined();
    expect(shaOfSourceMarker(sourceMarkerKey(SHA))).toBe(SHA);
    expect(shaOfSourceMarker(batchMarkerKey('b-1'))).toBeUndefined();
  });

  it('keeps a rejected file under a name safe on any disk, inside its own folder', () => {
    const q = quarantineKeys(SHA, '../..\\evil/<name>?.json');
    expect(q.error).toBe(`quarantine/${SHA}/error.json`);
    expect(q.copy).toBe(`quarantine/${SHA}/_name_.json`);
    expect(quarantineKeys(SHA, '').copy).toBe(`quarantine/${SHA}/file`);
  });

  it('refuses a period label that could escape its folder', () => {
    expect(() => comparePointerKey('../x')).toThrow(/invalid period/);
  });

  it('puts every stored table under curated/ or history/, named as the views read it', () => {
    for (const t of tableNames()) {
      expect([AREA.curated, AREA.history]).toContain(`${tablePath(t).split('/')[0]}/`);
      expect(relationName(t)).toBe(tablePath(t).replace('/', '_'));
    }
  });
});

describe('quarantine keys', () => {
  it('keep a very long file name within what every file system takes, with its extension', async () => {
    const { quarantineKeys } = await import('../../functions/core/warehouse-contract/layout.ts');
    const long = `${'Báo cáo tổng hợp kết quả công tác kiểm sát '.repeat(8)}.docx`;
    const { copy } = quarantineKeys('ab'.repeat(32), long);
    const name = copy.split('/').pop()!;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.docx')).toBe(true);
    expect(name.startsWith('Báo cáo tổng hợp')).toBe(true);
    expect(quarantineKeys('ab'.repeat(32), 'ok.json').copy.endsWith('/ok.json')).toBe(true);
  });
});
