/**
 * The deployment's parameters: CDK context values (`npx cdk deploy -c stage=prod -c alarmEmail=…`,
 * or the "context" block of cdk.json). Defaults are data, declared once here with why they are what
 * they are; `readConfig` validates, so a typo fails at synth rather than at 3 a.m.
 */
import type { Node } from 'constructs';
import { PERIOD_TYPES, type PeriodType } from '../functions/core/calendar.ts';
import { closingSchedule, DEFAULT_GRACE_DAYS } from '../functions/compare/closed-period.ts';

export interface ChitieuConfig {
  /** Deployment name (dev, staging, prod): prefixes stack, workgroup and database names. */
  stage: string;
  /** AWS region. */
  region: string;
  /**
   * When the cross-province comparison of each period type runs (EventBridge Scheduler
   * expressions): by default once after each period closes on the statistical calendar
   * (closingSchedule); context `compareSchedule` overrides the monthly one,
   * `compareSchedule_<type>` (quarter, half, nine_months, year) the others.
   */
  compareSchedules: Record<PeriodType, string>;
  /** When compaction runs. */
  compactSchedule: string;
  /** Time zone both schedules are read in. */
  scheduleTimeZone: string;
  /** Address that receives alarms (and comparison digests); none = subscribe later by hand. */
  alarmEmail?: string;
  /** Athena per-query scan limit of the workgroup, in bytes (Athena's minimum is 10 MB). */
  scanCutoffBytes: number;
  /** Alarm when the workgroup scans more than this many bytes in a day. */
  dailyScanAlarmBytes: number;
  /** Days Athena result files are kept. */
  athenaResultsDays: number;
  /** Days Lambda and API access logs are kept. */
  logRetentionDays: number;
  /** Countries (ISO 3166-1 alpha-2) allowed to reach the explorer; empty = everywhere. */
  geoAllow: string[];
  /** Steady-state and burst request limits of the query API (per second, whole API). */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Cognito hosted-UI domain prefix (unique per region across AWS); default chitieu-<stage>-<account>. */
  authDomainPrefix?: string;
}

/** Context keys, their defaults, and why. README "Deploying" documents the same table. */
export const CONTEXT_DEFAULTS = {
  stage: 'dev',
  // No AWS region in Vietnam; Singapore has every service used here and the lowest latency.
  region: 'ap-southeast-1',
  // Sundays 02:00, when nobody queries: ingest leaves one small file per report.
  compactSchedule: 'cron(0 2 ? * SUN *)',
  scheduleTimeZone: 'Asia/Ho_Chi_Minh',
  // 10 GB: a national 10-year scan of every column is far below this; a runaway cross join is not.
  scanCutoffBytes: 10 * 1024 ** 3,
  // 100 GB/day ≈ US$0.50: many times normal analyst use, worth a look when crossed.
  dailyScanAlarmBytes: 100 * 1024 ** 3,
  athenaResultsDays: 30,
  logRetentionDays: 90,
  // The procuracies' analysts work in Vietnam; '' opens the site to every country.
  geoAllow: 'VN',
  apiRateLimit: 20,
  apiBurstLimit: 40,
} as const;

const MIN_SCAN_CUTOFF = 10 * 1024 * 1024;

/**
 * Vietnam time of each comparison's run, on the first day its period counts as closed. Staggered
 * (December runs all five) so that the runs, which the function takes one at a time, queue in
 * order rather than by chance; before 07:00 so the run falls on the same day in UTC.
 */
export const COMPARE_RUN_TIMES: Record<PeriodType, { hour: number; minute: number }> = {
  month: { hour: 5, minute: 0 },
  quarter: { hour: 5, minute: 20 },
  half: { hour: 5, minute: 40 },
  nine_months: { hour: 6, minute: 0 },
  year: { hour: 6, minute: 20 },
};

const SCHEDULE_EXPRESSION = /^(cron|rate|at)\(.+\)$/;

export function readConfig(node: Pick<Node, 'tryGetContext'>): ChitieuConfig {
  const get = (key: string): unknown => node.tryGetContext(key);
  const str = (key: keyof typeof CONTEXT_DEFAULTS): string => String(get(key) ?? CONTEXT_DEFAULTS[key]);
  const num = (key: keyof typeof CONTEXT_DEFAULTS): number => {
    const v = Number(get(key) ?? CONTEXT_DEFAULTS[key]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`context ${key}: expected a positive number, got ${String(get(key))}`);
    return v;
  };

  const stage = str('stage');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) throw new Error(`context stage: lowercase letters, digits and '-', at most 20 (got "${stage}")`);
  const region = str('region');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`context region: not a region name: "${region}"`);
  const alarmEmail = get('alarmEmail') === undefined || get('alarmEmail') === '' ? undefined : String(get('alarmEmail'));
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) throw new Error(`context alarmEmail: not an e-mail address: "${alarmEmail}"`);
  const scanCutoffBytes = Math.floor(num('scanCutoffBytes'));
  if (scanCutoffBytes < MIN_SCAN_CUTOFF) throw new Error(`context scanCutoffBytes: Athena's minimum is ${MIN_SCAN_CUTOFF} bytes`);
  if (!SCHEDULE_EXPRESSION.test(str('compactSchedule'))) throw new Error(`context compactSchedule: expected cron(…), rate(…) or at(…), got "${str('compactSchedule')}"`);
  const compareSchedules = Object.fromEntries(PERIOD_TYPES.map((type) => {
    const key = type === 'month' ? 'compareSchedule' : `compareSchedule_${type}`;
    const given = get(key);
    const expr = given === undefined || given === '' ? closingSchedule(type, DEFAULT_GRACE_DAYS, COMPARE_RUN_TIMES[type]) : String(given);
    if (!SCHEDULE_EXPRESSION.test(expr)) throw new Error(`context ${key}: expected cron(…), rate(…) or at(…), got "${expr}"`);
    return [type, expr];
  })) as Record<PeriodType, string>;
  const geoAllow = str('geoAllow').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const c of geoAllow) if (!/^[A-Z]{2}$/.test(c)) throw new Error(`context geoAllow: "${c}" is not a two-letter country code`);

  return {
    stage,
    region,
    compareSchedules,
    compactSchedule: str('compactSchedule'),
    scheduleTimeZone: str('scheduleTimeZone'),
    alarmEmail,
    scanCutoffBytes,
    dailyScanAlarmBytes: Math.floor(num('dailyScanAlarmBytes')),
    athenaResultsDays: Math.floor(num('athenaResultsDays')),
    logRetentionDays: Math.floor(num('logRetentionDays')),
    geoAllow,
    apiRateLimit: num('apiRateLimit'),
    apiBurstLimit: Math.floor(num('apiBurstLimit')),
    authDomainPrefix: get('authDomainPrefix') === undefined ? undefined : String(get('authDomainPrefix')),
  };
}
