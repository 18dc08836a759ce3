/**
 * Where phrases stop. A figure's words run back to the start of its clause (or the previous figure)
 * and a counted noun runs forward to the next separator. A comma is weak: it separates list items
 * ("94 kết luận, 93 kiến nghị") but also sits inside indicator names ("tố giác, tin báo").
 */
import { boundsOf } from './bounds.ts';

/** True when text[i] ends a clause: ; ! ? … newline, or a full stop that is not inside a number. */
export function isStrongSeparator(text: string, i: number): boolean {
  const c = text[i];
  if (c === ';' || c === '\n' || c === '!' || c === '?' || c === '…' || c === '\r') return true;
  if (c === '.') return !(/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) && text[i + 1] !== '.' && text[i - 1] !== '.';
  return false;
}

/** True for characters that end a counted noun phrase. */
export function isWeakSeparator(c: string): boolean {
  return c === ',' || c === '(' || c === ')' || c === ':' || c === '"' || c === '“' || c === '”';
}

/** Start of the clause containing `pos`, not before `floor` (O(1): bounds.ts). */
export function clauseStart(text: string, pos: number, floor = 0): number {
  return Math.max(boundsOf(text).prevStrong[pos] + 1, floor);
}

/** Start of the list item containing `pos`: after the last comma/bracket/colon of its clause. */
export function itemStart(text: string, pos: number, floor = 0): number {
  const cs = clauseStart(text, pos, floor);
  return Math.max(boundsOf(text).prevWeak[pos] + 1, cs);
}

/** Start of the sentence holding `pos`: after the last full stop, newline, ! or ? (not ; or ,). */
export function sentenceStart(text: string, pos: number): number {
  return boundsOf(text).prevSentence[pos] + 1;
}

/** Index of the last comma before `pos`, or -1. */
export function lastCommaBefore(text: string, pos: number): number {
  return boundsOf(text).prevComma[pos];
}

/** Trims whitespace and edge punctuation of text[a, b), returning the narrowed range. */
export function trimRange(text: string, a: number, b: number): [number, number] {
  while (a < b && /[\s,;:.()\-–—"“”'’]/.test(text[a])) a++;
  while (b > a && /[\s,;:.()\-–—"“”'’]/.test(text[b - 1])) b--;
  return [a, b];
}
