/** When a unit's monthly report is due, from the calendar data (data-schemas/calendar.json report_due). */
import calendarData from '../../data-schemas/calendar.json' with { type: 'json' };

/** Days after a month's last day (Vietnam time) by the end of which its report is due. */
export function reportDueDays(): number {
  return calendarData.report_due.month.days_after_end;
}
