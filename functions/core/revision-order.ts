/**
 * Which stored revision of a report is current: the one order shared by ingest (counting what a
 * file supersedes), compaction (what moves to history) and the current-revision views.
 */
export interface CurrentRevision {
  revision: number;
  submitted_at: string;
  /** The batch the revision was stored in ('pending' while its batch is being gathered). */
  batch_id: string;
  report_id: string;
}

/**
 * Orders revisions the way the current-revision views do (current_reports.sql and
 * current_values.sql): revision, then submission time, then batch, then id. The batch comes
 * before the id because current_values does not read report_id (Athena bills its bytes); the
 * id only orders two reports of one batch, which ingest never writes with the same revision and
 * submission time (it starts a new batch instead).
 */
export function isLater(a: CurrentRevision, b: CurrentRevision): boolean {
  if (a.revision !== b.revision) return a.revision > b.revision;
  if (a.submitted_at !== b.submitted_at) return a.submitted_at > b.submitted_at;
  if (a.batch_id !== b.batch_id) return a.batch_id > b.batch_id;
  return a.report_id > b.report_id;
}
