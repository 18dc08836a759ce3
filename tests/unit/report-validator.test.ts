import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GENERATED, generateReportValidator } from '../../scripts/build-validators.ts';
import { schemaProblems } from '../../functions/core/validate/schema.ts';

describe('generated report validator', () => {
  it('is up to date with data-schemas/report.schema.json (run `npx tsx scripts/build-validators.ts`)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generateReportValidator());
  });
  it('validates formats too (date-time)', () => {
    const base = { unit_id: 'p63-94', scope: 'unit', period: '2024-03', values: [{ indicator: 'x', value: 1 }] };
    expect(schemaProblems({ ...base, submitted_at: '2024-04-05T08:00:00+07:00' })).toEqual([]);
    expect(schemaProblems({ ...base, submitted_at: '05/04/2024' }).map((p) => p.code)).toEqual(['schema_format']);
  });
});
