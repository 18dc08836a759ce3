/**
 * Bad inputs are rejected whole, with their reason, into quarantine/ (the original kept in raw/),
 * and add no curated rows; awkward but valid inputs are accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { file, filesUnder, goodReport, tempWarehouse } from '../helpers/warehouse.ts';

const good = goodReport();
const withValues = (values: unknown[]) => goodReport({ values });

const BAD: [string, string, string | Uint8Array | object, string][] = [
  ['empty file', 'a.json', '', 'empty_file'],
  ['whitespace only', 'b.json', '   \n ', 'empty_file'],
  ['broken JSON', 'c.json', '{"unit_id": "p63-94", ', 'invalid_json'],
  ['trailing comma', 'd.json', '{"unit_id": "p63-94",}', 'invalid_json'],
  ['a JSON string', 'e.json', '"report"', 'schema'],
  ['empty array', 'f.json', '[]', 'no_reports'],
  ['missing unit', 'g.json', { ...good, unit_id: undefined }, 'schema_anyOf'],
  ['missing period', 'h.json', { ...good, period: undefined }, 'schema_required'],
  ['missing values', 'i.json', { ...good, values: undefined }, 'schema_required'],
  ['empty values', 'j.json', withValues([]), 'schema_minItems'],
  ['value as string', 'k.json', withValues([{ indicator: 'crime_reports_received', value: '640' }]), 'schema_type'],
  ['unknown field', 'l.json', { ...good, extra: 1 }, 'schema_additionalProperties'],
  ['bad scope', 'm.json', { ...good, scope: 'national' }, 'schema_enum'],
  ['bad submitted_at', 'n.json', { ...good, submitted_at: '05/04/2024' }, 'schema_format'],
  ['revision 0', 'o.json', { ...good, revision: 0 }, 'schema_minimum'],
  ['bad unit id format', 'p.json', { ...good, unit_id: 'soc-trang' }, 'schema_pattern'],
  ['period label pattern', 'q.json', { ...good, period: '2024-13' }, 'schema_pattern'],
  ['unknown unit', 'r.json', { ...good, unit_id: 'p63-99' }, 'unit_unknown'],
  ['unknown unit name', 's.json', { ...good, unit_id: undefined, unit_name: 'VKSND tỉnh Atlantis' }, 'unit_unknown'],
  ['p63 unit after the merger', 't.json', { ...good, period: '2025-08', submitted_at: '2025-09-05T08:00:00+07:00' }, 'unit_not_valid_in_period'],
  ['p34 unit before the merger', 'u.json', { ...good, unit_id: 'p34-92', period: '2024-03' }, 'unit_not_valid_in_period'],
  ['regional unit before 2025-07', 'v.json', { ...good, unit_id: 'kv-92-1', period: '2025-05', submitted_at: '2025-06-05T08:00:00+07:00' }, 'unit_not_valid_in_period'],
  ['district with province_total', 'w.json', { ...good, unit_id: 'd-941', scope: 'province_total' }, 'scope_unit_mismatch'],
  ['unknown indicator', 'x.json', withValues([{ indicator: 'happiness_index', value: 3 }]), 'indicator_unknown'],
  ['duplicate indicator', 'y.json', withValues([{ indicator: 'crime_reports_received', value: 3 }, { indicator: 'crime_reports_received', value: 4 }]), 'indicator_duplicate'],
  ['duplicate via alias', 'z.json', withValues([{ indicator: 'kiến nghị', value: 3 }, { indicator: 'recommendations_issued', value: 4 }]), 'indicator_duplicate'],
  ['rate above 100', 'aa.json', withValues([{ indicator: 'crime_report_resolution_rate', value: 120 }]), 'rate_out_of_range'],
  ['negative rate', 'ab.json', withValues([{ indicator: 'crime_report_resolution_rate', value: -1 }]), 'rate_out_of_range'],
  ['numerator above denominator', 'ac.json', withValues([{ indicator: 'crime_report_resolution_rate', value: 100, numerator: 12, denominator: 10 }]), 'numerator_gt_denominator'],
  ['rate inconsistent with parts', 'ad.json', withValues([{ indicator: 'crime_report_resolution_rate', value: 90, numerator: 50, denominator: 100 }]), 'rate_inconsistent'],
  ['numerator without denominator', 'ae.json', withValues([{ indicator: 'crime_report_resolution_rate', value: 50, numerator: 5 }]), 'rate_half_given'],
  ['zero denominator', 'af.json', withValues([{ indicator: 'crime_report_resolution_rate', value: 0, numerator: 0, denominator: 0 }]), 'denominator_zero'],
  ['fractional parts', 'ag.json', withValues([{ indicator: 'crime_report_resolution_rate', value: 50, numerator: 0.5, denominator: 1 }]), 'rate_parts_not_counts'],
  ['negative count', 'ah.json', withValues([{ indicator: 'crime_reports_received', value: -3 }]), 'count_invalid'],
  ['fractional count', 'ai.json', withValues([{ indicator: 'crime_reports_received', value: 2.5 }]), 'count_invalid'],
  ['count with parts', 'aj.json', withValues([{ indicator: 'crime_reports_received', value: 2, numerator: 1, denominator: 2 }]), 'count_with_parts'],
  ['submitted before the period', 'ak.json', { ...good, submitted_at: '2023-01-01T00:00:00Z' }, 'submitted_before_period'],
  ['duplicate report in an array', 'al.json', [good, good], 'report_duplicate'],
  ['not UTF-8', 'am.json', new Uint8Array([0x7b, 0x22, 0xe0, 0xe1, 0x22, 0x7d]), 'bad_encoding'],
  ['unknown format', 'an.bin', new Uint8Array([1, 2, 3, 4]), 'format_unknown'],
  ['CSV without the header', 'ao.csv', 'p63-94,unit,2024-03\n', 'csv_header'],
  ['CSV with a text value', 'ap.csv', 'unit_id,scope,period,submitted_at,indicator,value\np63-94,unit,2024-03,2024-04-05T08:00:00+07:00,crime_reports_received,nhiều\n', 'not_a_number'],
  ['CSV header only', 'aq.csv', 'unit_id,scope,period,submitted_at,indicator,value\n', 'no_rows'],
  ['CSV unbalanced quotes', 'ar.csv', 'unit_id,scope,period,submitted_at,indicator,value\n"p63-94,unit,2024-03,x,y,1\n', 'invalid_csv'],
];

describe('bad inputs are quarantined with their reason', () => {
  const wh = tempWarehouse();
  let summary: Awaited<ReturnType<typeof ingestFiles>>;
  beforeAll(async () => {
    summary = await ingestFiles(BAD.map(([, name, content]) => file(name, content)), { storage: wh.storage });
  });
  afterAll(() => wh.cleanup());

  it('has at least 30 cases', () => expect(BAD.length).toBeGreaterThanOrEqual(30));

  it.each(BAD)('%s → %s', (_label, name, _content, code) => {
    const o = summary.outcomes.find((x) => x.file === name)!;
    expect(o.status).toBe('rejected');
    const codes = o.problems.map((p) => p.code);
    expect(codes.some((c) => c === code || c.startsWith(code)), `${name}: ${codes.join(',')}`).toBe(true);
    const report = JSON.parse(readFileSync(join(wh.dir, o.quarantineKey!), 'utf8'));
    expect(report.file).toBe(name);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const p of report.problems) {
      expect(p.message_vi).toBeTruthy();
      expect(p.message_en).toBeTruthy();
      expect(p.fix_en).toBeTruthy();
    }
    // the original is kept, in raw/ and beside the error report
    expect(filesUnder(wh.dir, 'raw').some((k) => k.includes(o.sha256))).toBe(true);
    expect(filesUnder(wh.dir, `quarantine/${o.sha256}`).length).toBe(2);
  });

  it('writes no curated rows and no markers', () => {
    expect(filesUnder(wh.dir, 'curated')).toEqual([]);
    expect(filesUnder(wh.dir, 'state')).toEqual([]);
    expect(summary.rejected).toBe(BAD.length);
  });

  it('names the place of the problem', () => {
    const o = summary.outcomes.find((x) => x.file === 'ac.json')!;
    expect(o.problems[0].place.pointer).toBe('/values/0/numerator');
    const csv = summary.outcomes.find((x) => x.file === 'ap.csv')!;
    expect(csv.problems[0].place).toMatchObject({ row: 2, column: 'value' });
    const broken = summary.outcomes.find((x) => x.file === 'c.json')!;
    expect(broken.problems[0].message_en).toMatch(/line 1/);
  });
});

describe('awkward but valid inputs are accepted', () => {
  const wh = tempWarehouse();
  afterAll(() => wh.cleanup());
  const text = JSON.stringify(good);
  const cases: [string, string, string | Uint8Array | object][] = [
    ['UTF-8 BOM', 'bom.json', '\uFEFF' + JSON.stringify({ ...good, period: '2024-04', submitted_at: '2024-05-05T08:00:00+07:00' })],
    ['CRLF line ends', 'crlf.json', JSON.stringify({ ...good, period: '2024-05', submitted_at: '2024-06-05T08:00:00+07:00' }, null, 2).replace(/\n/g, '\r\n')],
    ['NFD unit name', 'nfd.json', { ...good, unit_id: undefined, unit_name: 'VKSND tỉnh Sóc Trăng'.normalize('NFD'), period: '2024-06', submitted_at: '2024-07-05T08:00:00+07:00' }],
    ['name without diacritics', 'ascii.json', { ...good, unit_id: undefined, unit_name: 'VKSND tinh Soc Trang', period: '2024-07', submitted_at: '2024-08-05T08:00:00+07:00' }],
    ['old tone placement and alias', 'tone.json', { ...good, unit_id: undefined, unit_name: 'Hoà Bình', period: '2024-07', submitted_at: '2024-08-05T08:00:00+07:00',
      values: [{ indicator: 'kháng nghị phúc thẩm', value: 4 }] }],
    ['UTF-16 with BOM', 'utf16.json', new Uint8Array([0xff, 0xfe, ...Array.from(text.replace('2024-03', '2024-08').replace('2024-04-05', '2024-09-05')).flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8])])],
    ['CSV with decimal comma and BOM', 'vn.csv', '\uFEFFunit_id,scope,period,submitted_at,indicator,value,numerator,denominator\r\np63-94,unit,2024-09,2024-10-05T08:00:00+07:00,crime_report_resolution_rate,"71,2",712,1000\r\np63-94,unit,2024-09,2024-10-05T08:00:00+07:00,crime_reports_received,1.234,,\r\n'],
  ];
  it.each(cases)('%s', async (_label, name, content) => {
    const s = await ingestFiles([file(name, content)], { storage: wh.storage });
    expect(s.outcomes[0].problems).toEqual([]);
    expect(s.outcomes[0].status).toBe('accepted');
  });
});
