import { describe, expect, it } from 'vitest';
import { glueColumns, glueTableName, glueType, projectionParameters, tableRootPrefixes } from '../../infra/catalog/glue-schema.ts';
import { referenceDatasets } from '../../infra/catalog/reference-data.ts';
import { createViewStatement, dependencyOrder, stripComments, viewDefinitions } from '../../infra/catalog/views.ts';
import { REPO_ROOT } from '../../infra/constructs/chitieu-function.ts';
import { join } from 'node:path';

describe('Glue schema from data-schemas/tables.json', () => {
  it('maps every logical type and refuses unknown ones', () => {
    expect(['string', 'int', 'double', 'boolean', 'date', 'timestamp'].map(glueType)).toEqual(['string', 'int', 'double', 'boolean', 'date', 'timestamp']);
    expect(() => glueType('decimal')).toThrow(/unknown logical type/);
  });

  it('names tables after their path and follows same_columns_as', () => {
    expect(glueTableName('values')).toBe('curated_values');
    expect(glueTableName('history_reports')).toBe('history_reports');
    expect(glueColumns('history_values')).toEqual(glueColumns('values'));
    expect(tableRootPrefixes()).toEqual(['curated/', 'history/']);
  });

  it('builds projection parameters and the location template', () => {
    const p = projectionParameters('s3://b/curated/reports/');
    expect(p['storage.location.template']).toBe('s3://b/curated/reports/stat_year=${stat_year}/period_type=${period_type}');
    expect(p['projection.period_type.values']).toBe('month,quarter,half,nine_months,year');
  });

  it('reference data: one JSON object per line with every column', () => {
    const ds = referenceDatasets([{ name: 't', columns: [{ name: 'a', type: 'string' }, { name: 'd', type: 'date' }], rows: [{ a: 'x' }, { a: 'y', d: '2025-07-01' }] }]);
    expect(ds[0].body).toBe('{"a":"x","d":null}\n{"a":"y","d":"2025-07-01"}\n');
    expect(ds[0].columns).toEqual([{ name: 'a', type: 'string' }, { name: 'd', type: 'date' }]);
  });
});

describe('views', () => {
  it('orders views so each comes after the ones it reads', () => {
    const order = dependencyOrder([
      { name: 'c', sql: 'SELECT * FROM b JOIN a_x ON 1=1' },
      { name: 'b', sql: 'SELECT * FROM a' },
      { name: 'a', sql: 'SELECT 1' },
    ]).map((v) => v.name);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(() => dependencyOrder([{ name: 'a', sql: 'FROM b' }, { name: 'b', sql: 'FROM a' }])).toThrow(/cycle/);
  });

  it('reads the shared view SQL, strips comments, and writes Athena DDL', () => {
    const views = viewDefinitions(join(REPO_ROOT, 'functions/queries/views'));
    const names = views.map((v) => v.name);
    expect(names).toContain('current_values');
    expect(names.indexOf('current_reports')).toBeLessThan(names.indexOf('current_values'));
    expect(stripComments('-- c\nSELECT 1;\n')).toBe('SELECT 1');
    expect(createViewStatement('db', { name: 'v', sql: 'SELECT 1' })).toBe('CREATE OR REPLACE VIEW "db"."v" AS\nSELECT 1');
  });
});
