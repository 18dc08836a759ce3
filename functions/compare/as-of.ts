/**
 * The moment a comparison answers as of (contract 4): the analyses see only the ledger rows
 * ingested by then, so a later run given the same moment sees the same report revisions and
 * reproduces the figures even after revisions arrive. Written down as one UTC instant with
 * milliseconds (what the ledger's `ingested_at` holds), so nothing is lost between the run that
 * records it and the run that reuses it.
 */
import { CompareError } from './compare-error.ts';

/** Vietnam is UTC+7 all year: "2025-11-05" as a moment is the end of that day there. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A timestamp must say its zone (Z or ±hh:mm): a bare local time means different moments to different readers. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function invalid(given: string): CompareError {
  return new CompareError(
    `Thời điểm số liệu (as_of) "${given}" không hợp lệ: dùng ngày 2025-11-05 (hết ngày theo giờ Việt Nam) hoặc thời điểm ISO-8601 có múi giờ, ví dụ 2025-11-05T08:00:00Z.`,
    `Invalid as_of "${given}": give a date such as 2025-11-05 (the end of that day in Vietnam) or an ISO-8601 timestamp with its zone, such as 2025-11-05T08:00:00Z.`,
  );
}

/**
 * `given` as a UTC instant (`2025-11-05T16:59:59.999Z` for the date `2025-11-05`); absent, the
 * moment `started`. A moment after `started` is refused: figures "as of" a time not reached yet
 * would change under a later run, which is what recording the moment is meant to prevent.
 */
export function resolveAsOf(given: string | Date | undefined, started: Date): string {
  if (given === undefined) return started.toISOString();
  let ms: number;
  if (given instanceof Date) {
    ms = given.getTime();
  } else {
    const s = given.trim();
    const d = DATE.exec(s);
    if (d) {
      const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
      const midnight = Date.UTC(y, m - 1, day);
      if (new Date(midnight).getUTCDate() !== day || new Date(midnight).getUTCMonth() !== m - 1) throw invalid(s);
      ms = midnight + 86_400_000 - VIETNAM_OFFSET_MS - 1;
    } else if (TIMESTAMP.test(s)) {
      ms = Date.parse(s);
    } else {
      throw invalid(s);
    }
  }
  if (!Number.isFinite(ms)) throw invalid(String(given));
  if (ms > started.getTime()) {
    const at = new Date(ms).toISOString();
    throw new CompareError(
      `Thời điểm số liệu ${at} còn ở tương lai (bây giờ là ${started.toISOString()}): chỉ tái lập được số liệu của một thời điểm đã qua.`,
      `as_of ${at} is in the future (now is ${started.toISOString()}): only a moment already past can be reproduced.`,
    );
  }
  return new Date(ms).toISOString();
}
