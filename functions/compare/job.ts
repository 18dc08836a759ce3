/**
 * The scheduled job as a whole: the comparison (functions/compare/) and then the explorer's data
 * extracts (functions/compare/extracts/). Composed here, at the edge, so that neither of the two imports
 * the other's runner: extracts/ uses compare/'s analysis runner and table encoders; compare/
 * imports nothing from extracts/. The Lambda handler (index.ts) and `chitieu compare` both call
 * this.
 */
import { refreshExtracts, type ExtractsResult } from './extracts/refresh.ts';
import { runCompare, type CompareDeps, type CompareOptions, type CompareResult } from './run-compare.ts';

export interface JobOptions extends CompareOptions {
  /** Refresh site/data/ after the comparison (default true). */
  extracts?: boolean;
}

export interface JobResult extends CompareResult {
  /** Summary of the extracts refresh (the manifest itself is `extractsManifest`). */
  extracts?: { default_view: ExtractsResult['manifest']['default_view']; written: number; deleted: number };
  readonly extractsManifest?: ExtractsResult['manifest'];
}

export async function runCompareJob(deps: CompareDeps & JobOptions, options: JobOptions = {}): Promise<JobResult> {
  const o: CompareDeps & JobOptions = { ...deps, ...options };
  const result: JobResult = await runCompare(o);
  if (o.extracts === false) return result;
  // A reproduction of a past moment leaves the explorer's data as it is: the board shows today's
  // figures, and the reproduced briefing says which moment it is of.
  if (!result.current) {
    o.log?.('Tái lập số liệu một thời điểm đã qua: không làm mới dữ liệu của trang phân tích / reproduction of a past moment: explorer extracts left as they are');
    return result;
  }
  const started = performance.now();
  // The extracts answer as of the same moment as the comparison: the board and the briefing agree.
  const ex = await refreshExtracts({ engine: o.engine, storage: o.storage, now: o.now, asOf: result.asOf, log: o.log });
  result.timings.extracts = Math.round(performance.now() - started);
  result.extracts = { default_view: ex.manifest.default_view, written: ex.written.length, deleted: ex.deleted.length };
  // Not enumerable, like `comparison`: a handler logging the result logs the summary.
  Object.defineProperty(result, 'extractsManifest', { value: ex.manifest, enumerable: false });
  return result;
}
