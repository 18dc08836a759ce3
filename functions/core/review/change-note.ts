/**
 * The change on the same period last year of an extracted figure lives in its note, written by
 * extract/to-report.ts as "<phrase>; tăng 12 so với cùng kỳ" ("…%", "… điểm phần trăm"): the
 * curated tables have no column for it. Reading it back and writing an edited one, in one place.
 */
import type { Change } from '../extract/types.ts';

const CHANGE_TAIL = /; (tăng|giảm) (\d+(?:,\d+)?)( điểm phần trăm|%)? so với cùng kỳ$/u;

export interface NoteParts {
  phrase: string;
  change: Change | null;
}

/** The phrase and the change of an extracted figure's note. */
export function parseChangeNote(note: string | null): NoteParts {
  const text = note ?? '';
  const m = CHANGE_TAIL.exec(text);
  if (!m) return { phrase: text, change: null };
  const unit = m[3] === '%' ? 'percent' : m[3] ? 'percentage_point' : 'count';
  return { phrase: text.slice(0, m.index), change: { direction: m[1] === 'tăng' ? 'up' : 'down', value: Number(m[2].replace(',', '.')), unit } };
}

/** The note text of a phrase and a change, as to-report.ts writes it. */
export function changeNote(phrase: string, change: Change | null): string {
  if (!change) return phrase;
  const dir = change.direction === 'up' ? 'tăng' : 'giảm';
  const unit = change.unit === 'percentage_point' ? ' điểm phần trăm' : change.unit === 'percent' ? '%' : '';
  return `${phrase}; ${dir} ${String(change.value).replace('.', ',')}${unit} so với cùng kỳ`;
}
