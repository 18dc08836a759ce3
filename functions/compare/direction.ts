/** An indicator's desired direction as a sign: which way a change is an improvement. */
import type { Indicator } from '../core/catalog.ts';

/** +1 when a higher value is better, -1 when lower is better, 0 when neither (neutral). */
export function directionSign(direction: Indicator['direction']): 1 | -1 | 0 {
  return direction === 'higher_is_better' ? 1 : direction === 'lower_is_better' ? -1 : 0;
}
