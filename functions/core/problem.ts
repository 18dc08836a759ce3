/** Building bilingual problems: every rejection says where, what, and how to fix it. */
import type { Place, Problem } from './types.ts';

export function problem(code: string, place: Place, vi: string, en: string, fixVi: string, fixEn: string): Problem {
  return { code, place, message_vi: vi, message_en: en, fix_vi: fixVi, fix_en: fixEn };
}

/** "row 3, column value" / "/values/2/value" / "sheet Tháng 3, cell C7": the place in words. */
export function describePlace(place: Place): string {
  const parts: string[] = [];
  if (place.sheet) parts.push(`sheet "${place.sheet}"`);
  if (place.cell) parts.push(`cell ${place.cell}`);
  if (place.row !== undefined) parts.push(`row ${place.row}`);
  if (place.column) parts.push(`column ${place.column}`);
  if (place.pointer !== undefined) parts.push(place.pointer === '' ? 'document' : place.pointer);
  return parts.join(', ') || 'file';
}

export function formatProblem(file: string, p: Problem): string {
  return `${file} (${describePlace(p.place)}): ${p.message_vi} / ${p.message_en} — ${p.fix_vi} / ${p.fix_en}`;
}
