/**
 * Which provinces a period is compared in: those in force at its end. A period after 2025-07-01,
 * or across it (2025-Q3 = June–August), is compared in the 34 provinces with the earlier periods
 * re-expressed in them ("as_2025", the analyses' province_values_2025); earlier periods in the 63.
 */
import { provincesAt } from '../core/units.ts';
import type { Geography } from './types.ts';

export function geographyAt(periodEnd: string): Geography {
  const provinces = provincesAt(periodEnd);
  return provinces.length > 0 && provinces.every((u) => u.era === '2025') ? 'as_2025' : 'as_reported';
}
