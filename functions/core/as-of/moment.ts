/**
 * An "as of" moment as analysts give it: an ISO-8601 timestamp (`2025-11-05T08:00:00Z`,
 * `2025-11-05T15:00:00+07:00`), or a date (`2025-11-05`), which means the end of that day in
 * Vietnam (23:59:59.999 +07:00) — "as of the 5th" includes what arrived on the 5th. A time
 * without a zone is Vietnam time too: the ledger's clock is UTC, the analysts' is not.
 *
 * The result is the moment in UTC as `YYYY-MM-DD HH:MM:SS.mmm`, the text both engines cast to a
 * TIMESTAMP (the ledger's ingested_at is a UTC timestamp without zone), or undefined when the
 * text is not such a moment (the caller says why, in both languages).
 */
const VIETNAM_OFFSET = '+07:00';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function validDate(y: number, m: number, d: number): boolean {
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The UTC text of a moment given as ISO-8601 (or a date: the end of that day in Vietnam). */
export function parseAsOf(text: string): string | undefined {
  const s = text.trim();
  if (s.length > 40) return undefined;
  let iso: string;
  const date = DATE.exec(s);
  if (date) {
    if (!validDate(Number(date[1]), Number(date[2]), Number(date[3]))) return undefined;
    iso = `${s}T23:59:59.999${VIETNAM_OFFSET}`;
  } else {
    const m = DATE_TIME.exec(s);
    if (!m) return undefined;
    const [, y, mo, d, hh, mi, ss = '00', frac = '', zone] = m;
    if (!validDate(Number(y), Number(mo), Number(d)) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
    const z = !zone ? VIETNAM_OFFSET : zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    if (z !== 'Z' && (Number(z.slice(1, 3)) > 14 || Number(z.slice(4, 6)) > 59)) return undefined;
    iso = `${y}-${mo}-${d}T${hh}:${mi}:${ss}.${(frac + '000').slice(0, 3)}${z}`;
  }
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().replace('T', ' ').replace('Z', '');
}

/** The moment's UTC text back as ISO-8601 (`2025-11-05T16:59:59.999Z`), for messages and records. */
export function asOfIso(utc: string): string {
  return `${utc.replace(' ', 'T')}Z`;
}
