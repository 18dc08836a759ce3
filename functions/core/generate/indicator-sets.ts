/**
 * Which indicators a synthetic report carries, by unit level: about 40 per report, every rate
 * together with its numerator and denominator. Codes must exist in the catalog (tested).
 */
import type { UnitLevel } from '../types.ts';

/** District (pre-2025) and regional (from 2025-07) units: 38 indicators. */
export const LOCAL_SET: readonly string[] = [
  'crime_reports_received', 'crime_reports_carried_over', 'crime_reports_transferred', 'crime_reports_to_resolve',
  'crime_reports_resolved', 'crime_reports_pending', 'crime_report_resolution_rate',
  'investigation_cases_to_handle', 'investigation_cases_resolved', 'investigation_resolution_rate',
  'prosecution_cases_to_handle', 'prosecution_cases_resolved', 'prosecution_resolution_rate',
  'prosecution_defendants_indicted', 'prosecution_defendants_on_time', 'prosecution_on_time_rate',
  'first_instance_cases_to_try', 'first_instance_cases_resolved', 'first_instance_resolution_rate',
  'custody_persons', 'custody_persons_resolved', 'custody_resolution_rate',
  'detention_persons', 'detention_persons_resolved', 'detention_resolution_rate',
  'civil_cases_to_resolve', 'civil_cases_resolved', 'civil_case_resolution_rate',
  'judicial_complaints_to_resolve', 'judicial_complaints_resolved', 'judicial_complaint_resolution_rate',
  'direct_inspections', 'conclusions_issued',
  'appeal_protests', 'recommendations_issued', 'lessons_learned_notices', 'key_cases', 'model_trial_sessions',
];

/** Provincial offices (63 indicators): the local set plus overdue reports, appeals, enforcement, administrative cases and protest outcomes. */
export const PROVINCE_SET: readonly string[] = [
  ...LOCAL_SET,
  'crime_reports_overdue',
  'prosecution_defendants_tried', 'prosecution_defendants_correct_offence', 'prosecution_correct_offence_rate',
  'appeal_cases_to_try', 'appeal_cases_resolved', 'appeal_resolution_rate',
  'criminal_sentences_to_enforce', 'criminal_sentences_enforced', 'criminal_enforcement_rate',
  'civil_enforcement_cases_to_handle', 'civil_enforcement_cases_completed', 'civil_enforcement_completion_rate',
  'admin_cases_to_resolve', 'admin_cases_resolved', 'admin_case_resolution_rate',
  'admin_enforcement_cases_to_handle', 'admin_enforcement_cases_completed', 'admin_enforcement_completion_rate',
  'cassation_reopening_protests', 'appeal_protests_decided', 'appeal_protests_accepted', 'appeal_protest_acceptance_rate',
  'recommendations_accepted', 'recommendation_acceptance_rate',
];

export function indicatorSetFor(level: UnitLevel): readonly string[] {
  return level === 'province' ? PROVINCE_SET : LOCAL_SET;
}
