/** Report builders for tests: pure, so a fixture can use them without loading the engine or vitest. */
/** A valid monthly report of Sóc Trăng (p63-94) with a rate and two counts. */
export function goodReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema_version: 1,
    unit_id: 'p63-94',
    scope: 'unit',
    period: '2024-03',
    submitted_at: '2024-04-05T08:00:00+07:00',
    revision: 1,
    values: [
      { indicator: 'crime_report_resolution_rate', value: 71.2, numerator: 712, denominator: 1000 },
      { indicator: 'crime_reports_received', value: 640 },
      { indicator: 'appeal_protests', value: 6 },
    ],
    ...overrides,
  };
}
