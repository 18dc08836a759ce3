/**
 * The scheduled cross-province comparison (issue 4 §6), the same code for `chitieu compare` and
 * the Lambda on a schedule: resolve the period (default: the latest closed one with data), ask the
 * named analyses, assemble, render the digest, write the tables and the digest under a fresh run
 * prefix and switch `results/compare/<period>/current.json` to it (publish.ts). The explorer's
 * extracts are refreshed after it by the job (functions/compare/job.ts), not from here:
 * compare/ does not import extracts/. I/O only through Engine and Storage.
 */
import type { Engine } from '../adapters/engine/engine.ts';
import type { Storage } from '../adapters/storage/storage.ts';
import type { PeriodType } from '../core/calendar.ts';
import { comparePointerKey } from '../core/warehouse-contract/layout.ts';
import type { Lang } from './digest/format.ts';
import { askAsOf, askSteady, type Asker } from './analyses.ts';
import { resolveAsOf } from './as-of.ts';
import { assembleComparison } from './assemble.ts';
import { provincePageFile } from './province-file.ts';
import { provinceComparison, resolveProvince } from './province.ts';
import { DEFAULT_GRACE_DAYS } from './closed-period.ts';
import { gatherAnswers, resolvePeriod } from './gather.ts';
import { newRunId, publishRun, type OutputFile, type RunPointer } from './publish.ts';
import { encodeJsonTable, encodeParquet } from './table-encode.ts';
import { COMPARE_TABLES, tableRows, type CompareTableName } from './tables.ts';
import type { Comparison } from './types.ts';

export interface CompareOptions {
  /** 'latest' (default) or a period label such as 2025-11, 2025-Q4, 2025-Y. */
  period?: 'latest' | string;
  /** Period type "latest" looks for (default month: the monthly briefing). Ignored for a label. */
  periodType?: PeriodType;
  /** Days after a period's end before it counts as closed (default 10). */
  graceDays?: number;
  /** The calendar's "today" (which periods are closed); default `asOf` when given, else the clock. */
  now?: Date;
  /**
   * The moment the figures are as of (contract 4): an ISO-8601 timestamp with its zone, or a date
   * (the end of that day in Vietnam). Default: the moment the run starts. Recorded in the digest,
   * the tables and the pointer; a run given a recorded moment reproduces that run's figures.
   * A run given one explicitly is a reproduction: it is written under its own run prefix but does
   * not become the period's current run (the briefing of today stays what readers see).
   */
  asOf?: string | Date;
  /**
   * Provinces (ids or names) that get a page of their own, one level down (province-<id>.html):
   * 'behind' = those the first page names as behind. Each costs three `drilldown` queries per
   * indicator, so none by default.
   */
  provinces?: readonly string[];
  /** Only these indicators (tests). */
  indicators?: string[];
  concurrency?: number;
  log?: (line: string) => void;
  /** Write the printable PDF pack, briefing.pdf (default true). */
  pdf?: boolean;
  /** Language of the PDF pack: 'vi' (default) or 'en'. */
  lang?: Lang;
}

export interface CompareDeps {
  engine: Engine;
  storage: Storage;
}

export interface CompareResult {
  period: string;
  closed: boolean;
  runId: string;
  prefix: string;
  pointerKey: string;
  digestKey: string;
  /** Key of briefing.pdf (undefined when `pdf: false`). */
  pdfKey?: string;
  /** The moment the figures are as of (UTC, ISO-8601 with milliseconds). */
  asOf: string;
  /** False for a reproduction (explicit `asOf`): current.json and latest.json were left alone. */
  current: boolean;
  pointer: RunPointer;
  replaced: string | null;
  deleted: string[];
  timings: Record<string, number>;
  /** Not enumerable (see below). */
  readonly comparison: Comparison;
}

/**
 * Runs the comparison. Accepts `runCompare({ engine, storage, period, graceDays, now })` or
 * `runCompare({ engine, storage }, { period })` (the Lambda handler's form).
 */
export async function runCompare(deps: CompareDeps & CompareOptions, options: CompareOptions = {}): Promise<CompareResult> {
  const o: CompareDeps & CompareOptions = { ...deps, ...options };
  const { engine, storage } = o;
  const started = new Date();
  const asOf = resolveAsOf(o.asOf, started);
  const now = o.now ?? (o.asOf !== undefined ? new Date(asOf) : started);
  const reproduction = o.asOf !== undefined;
  const graceDays = o.graceDays ?? DEFAULT_GRACE_DAYS;
  const log = o.log ?? (() => {});
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const n = performance.now();
    timings[name] = Math.round(n - t);
    t = n;
  };

  // Everything asked of the engine, as one piece of work: a run as of now asks the current figures
  // and checks the ledger stood still (askSteady); a reproduction asks as of its moment throughout.
  const work = async (asker: Asker) => {
    const { period, closed } = await resolvePeriod(asker, o.period ?? 'latest', o.periodType ?? 'month', now, graceDays);
    lap('resolve_period');
    log(`Kỳ / period ${period.label}${closed ? '' : ' (chưa khoá sổ / not closed yet)'} · số liệu tính đến / as of ${asOf}`);
    const answers = await gatherAnswers(asker, period, { concurrency: o.concurrency, indicators: o.indicators });
    lap('analyses');
    const comparison = assembleComparison(answers);
    lap('assemble');

    // Province pages: the same briefing one level down, as of the same moment.
    const provincePages: Comparison[] = [];
    if (o.provinces?.length) {
      const { firstPage } = await import('./digest/first-page.ts');
      const wanted = o.provinces.flatMap((x) => (x === 'behind' ? firstPage(comparison).behind.map((b) => b.unit_id) : [x]));
      const seen = new Set<string>();
      for (const given of wanted) {
        const prov = resolveProvince(comparison, given);
        if (seen.has(prov.id)) continue;
        seen.add(prov.id);
        provincePages.push(await provinceComparison(asker, comparison, prov, { concurrency: o.concurrency }));
      }
      lap('provinces');
    }
    return { period, closed, comparison, provincePages };
  };
  const { value, asker } = reproduction ? await (async () => {
    const exact = askAsOf(engine, asOf);
    return { value: await work(exact), asker: exact };
  })() : await askSteady(engine, asOf, work);
  const { period, closed, comparison, provincePages } = value;

  // When the run was made (the clock, or the caller's `now`), not the moment the figures are as of.
  const made = o.now ?? started;
  const generatedAt = made.toISOString();
  const runId = newRunId(made);
  // Loaded only now, like the PDF below: Observable Plot, d3 and linkedom (the charts) are most of
  // the function's code and have no place in its cold start.
  const { renderDigest } = await import('./digest/render.ts');
  // Vietnamese first; the English page is written beside it for whoever asks for it.
  const pages = provincePages.map((p) => p.scope!.province_id);
  const digest = renderDigest({ comparison, generatedAt, runId, closed, graceDays, lang: 'vi', provincePages: pages });
  const digestEn = renderDigest({ comparison, generatedAt, runId, closed, graceDays, lang: 'en', provincePages: pages });
  const files: OutputFile[] = [];
  if (provincePages.length) {
    const { renderProvincePage } = await import('./digest/province-page.ts');
    for (const pc of provincePages) {
      for (const lang of ['vi', 'en'] as const) {
        files.push({ name: `province_${pc.scope!.province_id}${lang === 'en' ? '_en' : ''}`, format: 'html', file: provincePageFile(pc.scope!.province_id, lang), body: renderProvincePage({ comparison: pc, generatedAt, runId, closed, graceDays, lang }), contentType: 'text/html; charset=utf-8' });
      }
    }
  }
  lap('digest');

  if (o.pdf !== false) {
    // Loaded only now: pdfkit and the font handling stay out of the function's cold start.
    const { renderPdf } = await import('./pdf/pack.ts');
    const body = await renderPdf({ comparison, generatedAt, runId, closed, graceDays, lang: o.lang ?? 'vi' });
    files.push({ name: 'briefing', format: 'pdf', file: 'briefing.pdf', body, contentType: 'application/pdf' });
    lap('pdf');
  }
  for (const name of Object.keys(COMPARE_TABLES) as CompareTableName[]) {
    const spec = COMPARE_TABLES[name];
    const rows = tableRows(comparison, name);
    files.push(
      { name, format: 'parquet', file: `${name}.parquet`, body: encodeParquet(spec, rows), contentType: 'application/vnd.apache.parquet', rows: rows.length },
      { name, format: 'json', file: `${name}.json`, body: encodeJsonTable(spec, rows), contentType: 'application/json', rows: rows.length },
    );
  }
  const meta = {
    format: 'chitieu-compare-meta',
    version: 1,
    ...comparison.context,
    as_of: asOf,
    // Analyses that could not be asked as of the moment (answered as of the run): a reproduction
    // of this run is exact only when this list is empty.
    as_of_ignored: [...asker.ignored].sort(),
    reproduction,
    closed,
    grace_days: graceDays,
    geography: comparison.geography,
    synthetic: comparison.synthetic,
    generated_at: generatedAt,
    run_id: runId,
    engine: engine.name,
    completeness: comparison.completeness,
    expected_provinces: comparison.expected_provinces,
    province_pages: Object.fromEntries(provincePages.map((p) => [p.scope!.province_id, provincePageFile(p.scope!.province_id)])),
    sources: comparison.sources,
    tables: Object.fromEntries(Object.entries(COMPARE_TABLES).map(([k, v]) => [k, { rows: tableRows(comparison, k as CompareTableName).length, description_vi: v.description_vi, description_en: v.description_en, columns: v.columns }])),
  };
  files.push(
    { name: 'meta', format: 'json', file: 'meta.json', body: JSON.stringify(meta, null, 2), contentType: 'application/json' },
    { name: 'digest', format: 'html', file: 'digest.html', body: digest, contentType: 'text/html; charset=utf-8' },
    { name: 'digest_en', format: 'html', file: 'digest.en.html', body: digestEn, contentType: 'text/html; charset=utf-8' },
  );
  lap('encode');

  const published = await publishRun(
    storage,
    { period: period.label, period_type: period.type, start: period.start, end: period.end, run_id: runId, generated_at: generatedAt, as_of: asOf, synthetic: comparison.synthetic },
    files,
    { current: !reproduction },
  );
  lap('publish');
  log(`Đã ghi / written ${published.pointer.prefix} (${files.length} tệp / files)`);

  const result = {
    period: period.label,
    closed,
    runId,
    prefix: published.pointer.prefix,
    pointerKey: comparePointerKey(period.label),
    digestKey: published.pointer.digest,
    pdfKey: published.pointer.pdf,
    asOf,
    current: !reproduction,
    pointer: published.pointer,
    replaced: published.replaced,
    deleted: published.deleted,
    timings,
  } as CompareResult;
  // The full comparison is for callers in process (tests, the CLI); not enumerable, so a handler
  // that logs the result as JSON logs the summary, not thousands of rows.
  Object.defineProperty(result, 'comparison', { value: comparison, enumerable: false });
  return result;
}
