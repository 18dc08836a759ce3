import { describe, expect, it } from 'vitest';
import { aggregate, aggregatePeriods, aggregateUnits, rateOf, round1 } from '../../functions/core/aggregate.ts';
import { indicatorByCode } from '../../functions/core/catalog.ts';

const rate = indicatorByCode('crime_report_resolution_rate')!;
const flow = indicatorByCode('appeal_protests')!;
const stock = indicatorByCode('crime_reports_pending')!;
const opening = indicatorByCode('crime_reports_carried_over')!;

describe('aggregation by kind', () => {
  it('recomputes a rate as the ratio of sums, not the average of rates', () => {
    // A small unit with a perfect rate and a large unit with a poor one.
    const obs = [
      { unit_id: 'd-941', value: 100, numerator: 10, denominator: 10 },
      { unit_id: 'd-942', value: 50, numerator: 450, denominator: 900 },
    ];
    const r = aggregateUnits(rate, obs);
    expect(r.numerator).toBe(460);
    expect(r.denominator).toBe(910);
    expect(round1(r.value!)).toBe(50.5);
    const average = obs.reduce((s, o) => s + o.value, 0) / obs.length;
    expect(average).toBe(75);
    expect(r.value).not.toBeCloseTo(average, 0);
    expect(r.flag).toBeNull();
  });

  it('recomputes a rate over periods the same way', () => {
    const obs = [
      { period: '2024-01', value: 80, numerator: 8, denominator: 10 },
      { period: '2024-02', value: 90, numerator: 90, denominator: 100 },
    ];
    const r = aggregatePeriods(rate, obs);
    expect(r.value).toBeCloseTo((100 * 98) / 110, 10);
  });

  it('sums flow counts over units and periods', () => {
    const obs = [
      { unit_id: 'a', period: '2024-01', value: 3 },
      { unit_id: 'b', period: '2024-01', value: 4 },
      { unit_id: 'a', period: '2024-02', value: 5 },
    ];
    expect(aggregate(flow, obs).value).toBe(12);
    expect(aggregateUnits(flow, obs.slice(0, 2)).value).toBe(7);
  });

  it('sums stocks over units and takes the last period over time', () => {
    const obs = [
      { unit_id: 'a', period: '2024-02', value: 5 },
      { unit_id: 'b', period: '2024-02', value: 1 },
      { unit_id: 'a', period: '2023-12', value: 50 },
      { unit_id: 'b', period: '2023-12', value: 10 },
      { unit_id: 'a', period: '2024-01', value: 7 },
      { unit_id: 'b', period: '2024-01', value: 2 },
    ];
    expect(aggregatePeriods(stock, obs).value).toBe(6);
    expect(aggregateUnits(stock, obs.slice(0, 2)).value).toBe(6);
    // Opening stocks (carried over) take the first period.
    expect(aggregatePeriods(opening, obs).value).toBe(60);
  });

  it('orders periods on the calendar, not as text (2023-12 precedes 2024-01; quarters by end date)', () => {
    const obs = [
      { period: '2024-Q1', value: 1 },
      { period: '2024-Q2', value: 2 },
    ];
    expect(aggregatePeriods(stock, obs).value).toBe(2);
  });

  it('cannot re-aggregate a rate known only as a percentage', () => {
    const single = aggregateUnits(rate, [{ value: 71.2 }]);
    expect(single).toMatchObject({ value: 71.2, flag: 'percent_only' });
    expect(single.reason?.code).toBe('percent_only');
    const several = aggregateUnits(rate, [{ value: 71.2 }, { value: 80, numerator: 8, denominator: 10 }]);
    expect(several.value).toBeNull();
    expect(several.flag).toBe('percent_only');
    expect(several.reason?.message_vi).toMatch(/không thể tổng hợp/);
    const flagged = aggregateUnits(rate, [{ value: 80, numerator: 8, denominator: 10, flag: 'percent_only' }, { value: 90, numerator: 9, denominator: 10 }]);
    expect(flagged.value).toBeNull();
  });

  it('returns null with a reason for a zero denominator or no values', () => {
    expect(aggregateUnits(rate, [{ value: null, numerator: 0, denominator: 0 }]).reason?.code).toBe('zero_denominator');
    expect(aggregateUnits(flow, []).reason?.code).toBe('no_values');
    expect(rateOf(1, 0)).toBeNull();
    expect(rateOf(1, 4)).toBe(25);
  });
});
