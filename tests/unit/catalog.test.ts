import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../data-schemas/indicators.schema.json' with { type: 'json' };
import data from '../../data-schemas/indicators.json' with { type: 'json' };
import {
  indicatorByCode, indicators, meetsTarget, resolveIndicator, searchIndicators, targetAt, timeAggregation, workAreas,
} from '../../functions/core/catalog.ts';
import { fold } from '../../functions/core/text.ts';

describe('indicator catalog', () => {
  it('validates against its JSON Schema', () => {
    const ajv = new Ajv2020({ allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has at least 40 indicators with unique snake_case codes', () => {
    expect(indicators().length).toBeGreaterThanOrEqual(40);
    const codes = indicators().map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it('covers every work area of DOMAIN.md §3, and every indicator has a known work area', () => {
    const areas = new Set(workAreas().map((a) => a.code));
    for (const a of ['crime_reports', 'investigation', 'prosecution', 'first_instance_trial', 'appeal_trial', 'custody_detention',
      'criminal_judgment_enforcement', 'civil_judgment_enforcement', 'administrative_judgment_enforcement', 'civil_cases',
      'administrative_cases', 'judicial_complaints', 'direct_inspection', 'proactive']) {
      expect(areas.has(a), a).toBe(true);
      expect(indicators().some((i) => i.work_area === a), a).toBe(true);
    }
    for (const i of indicators()) expect(areas.has(i.work_area), i.code).toBe(true);
  });

  it('gives every rate an existing count numerator and denominator', () => {
    const rates = indicators().filter((i) => i.kind === 'rate');
    expect(rates.length).toBeGreaterThan(10);
    for (const r of rates) {
      const n = indicatorByCode(r.numerator!);
      const d = indicatorByCode(r.denominator!);
      expect(n, r.code).toBeDefined();
      expect(d, r.code).toBeDefined();
      expect(n!.kind).not.toBe('rate');
      expect(d!.kind).not.toBe('rate');
      expect(r.unit).toBe('percent');
    }
  });

  it('records for every indicator why it aggregates as it does, consistent with its kind', () => {
    const byKind: Record<string, string[]> = {
      flow_count: ['sum'], stock_count: ['last', 'first'], workload: ['workload'], rate: ['ratio_of_sums', 'ratio_over_workload'],
    };
    for (const i of indicators()) {
      expect(i.aggregation_why?.length ?? 0, i.code).toBeGreaterThan(20);
      expect(byKind[i.kind], i.code).toContain(timeAggregation(i));
      // the explicit rule is the one its kind and denominator imply (an opening stock takes the first)
      if (i.aggregation?.time !== 'first') expect(timeAggregation(i), i.code).toBe(timeAggregation({ kind: i.kind, denominator: i.denominator }));
    }
  });

  it('describes every workload by its parts; the rate over it has its resolved count as numerator', () => {
    const workloads = indicators().filter((i) => i.kind === 'workload');
    expect(workloads.map((w) => w.code)).toEqual(expect.arrayContaining([
      'crime_reports_to_resolve', 'investigation_cases_to_handle', 'prosecution_cases_to_handle', 'first_instance_cases_to_try',
      'appeal_cases_to_try', 'detention_persons', 'civil_enforcement_cases_to_handle', 'civil_cases_to_resolve',
      'admin_cases_to_resolve', 'judicial_complaints_to_resolve', 'spp_judicial_crimes_to_handle', 'criminal_sentences_to_enforce',
    ]));
    for (const w of workloads) {
      const parts = w.workload!;
      expect(indicatorByCode(parts.resolved)?.kind, w.code).toBe('flow_count');
      if (parts.opening) expect(timeAggregation(indicatorByCode(parts.opening)!), w.code).toBe('first');
      if (parts.closing) expect(timeAggregation(indicatorByCode(parts.closing)!), w.code).toBe('last');
      for (const c of [...(parts.inflows ?? []), ...(parts.outflows ?? [])]) expect(indicatorByCode(c)?.kind, c).toBe('flow_count');
      // the views find the resolved count through the one rate over the workload
      const rates = indicators().filter((r) => r.kind === 'rate' && r.denominator === w.code);
      expect(rates, w.code).toHaveLength(1);
      expect(rates[0].numerator, w.code).toBe(parts.resolved);
      expect(timeAggregation(rates[0])).toBe('ratio_over_workload');
    }
    const crime = indicatorByCode('crime_reports_to_resolve')!.workload!;
    expect(crime).toEqual({
      resolved: 'crime_reports_resolved', opening: 'crime_reports_carried_over', inflows: ['crime_reports_received'],
      outflows: ['crime_reports_transferred'], closing: 'crime_reports_pending',
    });
  });

  it('keeps rates over flows (each case counted once) as plain ratios of sums', () => {
    for (const code of ['prosecution_on_time_rate', 'prosecution_correct_offence_rate', 'appeal_protest_acceptance_rate', 'recommendation_acceptance_rate']) {
      expect(timeAggregation(indicatorByCode(code)!), code).toBe('ratio_of_sums');
    }
  });

  it('models the crime-report resolution rate as resolved / (received + carried over − transferred)', () => {
    const r = indicatorByCode('crime_report_resolution_rate')!;
    expect(r.numerator).toBe('crime_reports_resolved');
    expect(r.denominator).toBe('crime_reports_to_resolve');
    for (const c of ['crime_reports_received', 'crime_reports_carried_over', 'crime_reports_transferred']) expect(indicatorByCode(c)).toBeDefined();
    expect(r.formula).toContain('crime_reports_carried_over');
    expect(timeAggregation(indicatorByCode('crime_reports_carried_over')!)).toBe('first');
    expect(timeAggregation(indicatorByCode('crime_reports_pending')!)).toBe('last');
  });

  it('has the chủ động outputs', () => {
    for (const phrase of ['kháng nghị phúc thẩm', 'kháng nghị giám đốc thẩm, tái thẩm', 'kiến nghị', 'kết luận', 'thông báo rút kinh nghiệm', 'vụ án trọng điểm', 'phiên tòa rút kinh nghiệm']) {
      const i = resolveIndicator(phrase);
      expect(i, phrase).toBeDefined();
      expect(i!.work_area).toBe('proactive');
      expect(i!.kind).toBe('flow_count');
    }
  });

  it('records targets with their evidence exactly as DOMAIN.md states them', () => {
    const t = (code: string) => indicatorByCode(code)!.targets;
    expect(t('prosecution_on_time_rate')).toEqual([expect.objectContaining({ comparator: '>=', threshold: 90, evidence: 'inferred', valid_from: '2019-11-27', valid_to: null })]);
    expect(t('prosecution_correct_offence_rate')[0]).toMatchObject({ threshold: 95, evidence: 'inferred' });
    expect(t('spp_judicial_crime_clearance_rate')[0]).toMatchObject({ threshold: 70, evidence: 'inferred' });
    expect(t('spp_serious_crime_clearance_rate')[0]).toMatchObject({ threshold: 90, evidence: 'inferred' });
    expect(t('spp_corruption_asset_recovery_rate')[0]).toMatchObject({ threshold: 60, evidence: 'inferred' });
    expect(t('crime_report_resolution_rate')[0]).toMatchObject({ comparator: '>', threshold: 90, evidence: 'unverified' });
    expect(t('appeal_protest_acceptance_rate')[0]).toMatchObject({ comparator: '>', threshold: 70, evidence: 'unverified' });
    for (const i of indicators()) for (const x of i.targets) expect(x.source.length).toBeGreaterThan(5);
  });

  it('finds the target in force at a date', () => {
    const i = indicatorByCode('prosecution_on_time_rate')!;
    expect(targetAt(i, '2019-11-26')).toBeUndefined();
    expect(targetAt(i, '2019-11-27')?.threshold).toBe(90);
    expect(targetAt(i, '2024-05-31')?.threshold).toBe(90);
    const withPeriods = { ...i, targets: [
      { ...i.targets[0], valid_to: '2025-09-30' },
      { ...i.targets[0], threshold: 92, valid_from: '2025-10-01' },
    ] };
    expect(targetAt(withPeriods, '2025-09-30')?.threshold).toBe(90);
    expect(targetAt(withPeriods, '2025-10-01')?.threshold).toBe(92);
    expect(meetsTarget(91, targetAt(i, '2024-01-01')!)).toBe(true);
    expect(meetsTarget(89.9, targetAt(i, '2024-01-01')!)).toBe(false);
  });

  it('resolves codes, names and aliases whatever the diacritics', () => {
    const code = 'crime_report_resolution_rate';
    const variants = [
      code,
      'kiểm sát việc giải quyết tố giác, tin báo',
      'kiểm sát việc giải quyết tố giác, tin báo'.normalize('NFD'),
      'kiem sat viec giai quyet to giac, tin bao',
      'KIỂM SÁT VIỆC GIẢI QUYẾT TỐ GIÁC, TIN BÁO',
      'Tỷ lệ giải quyết tố giác, tin báo',
      'Tỉ lệ giải quyết tố giác tin báo'.replace('Tỉ', 'Tỷ'),
      'Crime report resolution rate',
    ];
    for (const v of variants) expect(resolveIndicator(v)?.code, v).toBe(code);
    expect(resolveIndicator('phiên toà rút kinh nghiệm')?.code).toBe('model_trial_sessions');
    expect(resolveIndicator('phien toa rut kinh nghiem')?.code).toBe('model_trial_sessions');
    expect(resolveIndicator('thong bao rut kinh nghiem')?.code).toBe('lessons_learned_notices');
    expect(resolveIndicator('kiểm sát điều tra')?.code).toBe('investigation_resolution_rate');
    expect(resolveIndicator('no such indicator')).toBeUndefined();
  });

  it('keeps aliases unambiguous: one folded phrase names one indicator', () => {
    const owner = new Map<string, string>();
    for (const i of indicators()) {
      for (const p of [i.name_vi, i.name_en, ...i.aliases]) {
        const k = fold(p);
        const prev = owner.get(k);
        expect(prev === undefined || prev === i.code, `"${p}" → ${prev} and ${i.code}`).toBe(true);
        owner.set(k, i.code);
      }
    }
  });

  it('searches with ranking and without regard to diacritics', () => {
    const hits = searchIndicators('khang nghi');
    expect(hits.length).toBeGreaterThan(2);
    expect(hits[0].indicator.code).toBe('protests_total');
    expect(hits.map((h) => h.indicator.code)).toContain('appeal_protests');
    expect(searchIndicators('tạm giam')[0].indicator.code).toBe('detention_resolution_rate');
    expect(searchIndicators('to giac tin bao')[0].indicator.work_area).toBe('crime_reports');
    expect(searchIndicators('zzzz')).toEqual([]);
  });
});
