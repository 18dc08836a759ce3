import { describe, expect, it } from 'vitest';
import { CONTEXT_DEFAULTS, readConfig } from '../../infra/config.ts';

const node = (ctx: Record<string, unknown>) => ({ tryGetContext: (k: string) => ctx[k] });

describe('context parameters', () => {
  it('defaults', () => {
    const c = readConfig(node({}));
    expect(c).toMatchObject({
      stage: 'dev',
      region: 'ap-southeast-1',
      compareSchedule: CONTEXT_DEFAULTS.compareSchedule,
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

  it('refuses bad values at synth time', () => {
    expect(() => readConfig(node({ stage: 'Prod!' }))).toThrow(/stage/);
    expect(() => readConfig(node({ scanCutoffBytes: 1000 }))).toThrow(/minimum/);
    expect(() => readConfig(node({ alarmEmail: 'not-an-email' }))).toThrow(/alarmEmail/);
    expect(() => readConfig(node({ compareSchedule: '0 6 3 * *' }))).toThrow(/compareSchedule/);
    expect(() => readConfig(node({ region: 'singapore' }))).toThrow(/region/);
    expect(() => readConfig(node({ geoAllow: 'VNM' }))).toThrow(/geoAllow/);
  });
});
