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

  it('recomputes a rate over a flow over periods as the ratio of sums', () => {
    const onTime = indicatorByCode('prosecution_on_time_rate')!;
    const obs = [
      { period: '2024-01', value: 80, numerator: 8, denominator: 10 },
      { period: '2024-02', value: 90, numerator: 90, denominator: 100 },
    ];
    const r = aggregatePeriods(onTime, obs);
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

/** The worked example of DOMAIN.md §3, spread over twelve monthly reports of one province office. */
function workedExampleMonths() {
  // statistical year 2024: December 2023 … November 2024
  const months = ['2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11'];
  const received = [80, 75, 70, 78, 77, 76, 79, 80, 74, 78, 77, 78]; // Σ 922
  const transferred = [3, 2, 3, 3, 2, 3, 3, 3, 2, 3, 3, 2]; // Σ 32
  // still open at each month's end: Σ 72 over December–October, none at 30 November, so the
  // twelve monthly denominators add up to 13 + 72 + 922 − 32 = 975 (DOMAIN.md's 92.6 %)
  const stillOpen = [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 2, 0];
  let open = 13; // carried into December
  const rows = months.map((period, i) => {
    const carried = open;
    const toResolve = carried + received[i] - transferred[i];
    const resolved = toResolve - stillOpen[i];
    open = toResolve - resolved;
    return { period, carried, received: received[i], transferred: transferred[i], toResolve, resolved, pending: open };
  });
  return { months, rows };
}

describe('workloads (DOMAIN.md §3): opening stock + inflows − outflows, not a sum of months', () => {
  const toResolve = indicatorByCode('crime_reports_to_resolve')!;
  const { months, rows } = workedExampleMonths();

  it('the worked example: 13 carried in, 922 received, 32 transferred, 903 resolved, 0 pending → 100 %, not 92.6 %', () => {
    expect(rows.reduce((s, r) => s + r.received, 0)).toBe(922);
    expect(rows.reduce((s, r) => s + r.transferred, 0)).toBe(32);
    expect(rows.reduce((s, r) => s + r.resolved, 0)).toBe(903);
    expect(rows[11].pending).toBe(0);
    // what summing the monthly denominators gives (the old rule): 903 / 975 … = 92.6 %
    const summed = rows.reduce((s, r) => s + r.toResolve, 0);
    expect(summed).toBe(975);
    expect(round1((100 * 903) / summed)).toBe(92.6);

    const year = aggregatePeriods(rate, rows.map((r) => ({ period: r.period, value: (100 * r.resolved) / r.toResolve, numerator: r.resolved, denominator: r.toResolve })), { expected: months });
    expect(year.numerator).toBe(903);
    expect(year.denominator).toBe(13 + 922 - 32);
    expect(year.value).toBe(100);
    expect(year.partial).toBe(false);

    const workload = aggregatePeriods(toResolve, rows.map((r) => ({ period: r.period, value: r.toResolve, resolved: r.resolved })));
    expect(workload.value).toBe(903);
    // first(carried over) + Σ received − Σ transferred
    expect(aggregatePeriods(opening, rows.map((r) => ({ period: r.period, value: r.carried }))).value! + 922 - 32).toBe(workload.value);
  });

  it('sums workloads over units, then over time per unit', () => {
    const obs = [
      { unit_id: 'a', period: '2024-01', value: 10, resolved: 6 },
      { unit_id: 'a', period: '2024-02', value: 9, resolved: 9 }, // 4 carried + 5 new
      { unit_id: 'b', period: '2024-01', value: 3, resolved: 1 },
      { unit_id: 'b', period: '2024-02', value: 2, resolved: 0 }, // 2 carried + 0 new
    ];
    expect(aggregateUnits(toResolve, obs.slice(0, 3).filter((o) => o.period === '2024-01')).value).toBe(13);
    // a: 15 = 6 + 9 + 0 open; b: 3 = 1 + 0 + 2 open
    expect(aggregatePeriods(toResolve, obs).value).toBe(18);
  });

  it('a missing month makes the period partial; a missing resolved count leaves the workload empty with the reason', () => {
    const partial = aggregatePeriods(rate, rows.slice(1).map((r) => ({ period: r.period, value: 0, numerator: r.resolved, denominator: r.toResolve })), { expected: months });
    expect(partial.partial).toBe(true);
    expect(partial.reason?.code).toBe('months_missing');
    expect(partial.value).not.toBeNull();
    const empty = aggregatePeriods(toResolve, [{ period: '2024-01', value: 10, resolved: 6 }, { period: '2024-02', value: 9 }]);
    expect(empty.value).toBeNull();
    expect(empty.reason?.code).toBe('resolved_missing');
  });
});
