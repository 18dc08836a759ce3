import { describe, expect, it } from 'vitest';
import { CONTEXT_DEFAULTS, readConfig } from '../../infra/config.ts';

const node = (ctx: Record<string, unknown>) => ({ tryGetContext: (k: string) => ctx[k] });

describe('context parameters', () => {
  it('defaults', () => {
    const c = readConfig(node({}));
    expect(c).toMatchObject({
      stage: 'dev',
      region: 'ap-southeast-1',
      compareSchedules: {
        month: 'cron(0 5 12 * ? *)',
        quarter: 'cron(20 5 12 3,6,9,12 ? *)',
        half: 'cron(40 5 12 6,12 ? *)',
        nine_months: 'cron(0 6 12 9 ? *)',
        year: 'cron(20 6 12 12 ? *)',
      },
      compactSchedule: CONTEXT_DEFAULTS.compactSchedule,
      scheduleTimeZone: 'Asia/Ho_Chi_Minh',
      scanCutoffBytes: 10 * 1024 ** 3,
      geoAllow: ['VN'],
    });
    expect(c.alarmEmail).toBeUndefined();
  });

  it('reads and validates values given with -c (strings from the CLI)', () => {
    const c = readConfig(node({ stage: 'prod', scanCutoffBytes: '1073741824', geoAllow: 'vn, sg', alarmEmail: 'a@vks.gov.vn' }));
    expect(c).toMatchObject({ stage: 'prod', scanCutoffBytes: 1073741824, geoAllow: ['VN', 'SG'], alarmEmail: 'a@vks.gov.vn' });
    expect(readConfig(node({ geoAllow: '' })).geoAllow).toEqual([]);
  });

  it('a comparison schedule is overridden per period type', () => {
    const c = readConfig(node({ compareSchedule: 'cron(30 7 4 * ? *)', compareSchedule_year: 'cron(0 9 15 12 ? *)' }));
    expect(c.compareSchedules.month).toBe('cron(30 7 4 * ? *)');
    expect(c.compareSchedules.year).toBe('cron(0 9 15 12 ? *)');
    expect(c.compareSchedules.quarter).toBe('cron(20 5 12 3,6,9,12 ? *)');
  });

  it('refuses bad values at synth time', () => {
    expect(() => readConfig(node({ stage: 'Prod!' }))).toThrow(/stage/);
    expect(() => readConfig(node({ scanCutoffBytes: 1000 }))).toThrow(/minimum/);
    expect(() => readConfig(node({ alarmEmail: 'not-an-email' }))).toThrow(/alarmEmail/);
    expect(() => readConfig(node({ compareSchedule: '0 6 3 * *' }))).toThrow(/compareSchedule/);
    expect(() => readConfig(node({ compareSchedule_quarter: 'quarterly' }))).toThrow(/compareSchedule_quarter/);
    expect(() => readConfig(node({ region: 'singapore' }))).toThrow(/region/);
    expect(() => readConfig(node({ geoAllow: 'VNM' }))).toThrow(/geoAllow/);
  });
});
