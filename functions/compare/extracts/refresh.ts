/**
 * Refreshes the explorer's data extracts under site/data/ (same warehouse / bucket): province ×
 * period × indicator tables as Arrow IPC files, a national table, and `site/data/manifest.json`
 * listing them. Files are named by their content hash (`provinces-year.3f2a9c1e.arrow`), so they
 * never change once written (cacheable forever); the manifest is the one object that switches,
 * atomically, from the old set to the new. The previous set stays for readers mid-load; older
 * files are deleted.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Engine } from '../../adapters/engine/engine.ts';
import type { Storage } from '../../adapters/storage/storage.ts';
import { SITE_DATA_PREFIX, SITE_MANIFEST_KEY, siteDataKey } from '../../core/warehouse-contract/layout.ts';
import { PERIOD_TYPES, parsePeriod, type PeriodType } from '../../core/calendar.ts';
import { CALENDAR_YEARS } from '../../core/reference-tables.ts';
import { askAsOf, askSteady, type Asker } from '../analyses.ts';
import { readJson } from '../publish.ts';
import type { NationalAnalysisRow } from '../types.ts';
import { statYearOfDate } from '../closed-period.ts';
import { encodeArrow, measureFormats, type FormatSizes } from './encode.ts';
import { EXTRACT_COLUMNS, type ExtractDef } from './spec.ts';

/** The extracts' folder and manifest (the layout module's; kept under these names for callers). */
export const SITE_DATA = SITE_DATA_PREFIX;
export const MANIFEST_KEY = SITE_MANIFEST_KEY;
export const MANIFEST_FORMAT = 'chitieu-extracts';
/** The explorer's budget for the data of its default view (issue 5 §4). */
export const DEFAULT_VIEW_BUDGET = 2_000_000;
/** Names this job writes; anything else under site/data/ is left alone. */
const OWN_FILE = /^[a-z0-9_-]+\.[0-9a-f]{12}\.arrow(\.gz)?$/;
const TYPE_FILE_NAME: Record<PeriodType, string> = { month: 'month', quarter: 'quarter', half: 'half', nine_months: '9m', year: 'year' };

/** A row of `provinces_all`. */
interface ProvinceRow {
  unit_id: string;
  unit_name: string;
  period: string;
  stat_year: number;
  indicator: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  flag: string | null;
  parts: number | null;
  synthetic: boolean | null;
}
type ExtractRow = Record<string, unknown>;

export interface ManifestEntry extends ExtractDef {
  /** Path relative to site/data/ (the URL under /data/ the local server and CloudFront serve). */
  path: string;
  key: string;
  format: 'arrow';
  media_type: string;
  rows: number;
  bytes: number;
  /** SHA-256 of the Arrow bytes (the uncompressed file). */
  sha256: string;
  /** The same Arrow file gzip-compressed: what a browser should download (DecompressionStream). */
  gzip_path: string;
  gzip_key: string;
  gzip_bytes: number;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  generated_at: string;
  /** The moment the extracts' figures are as of, when the run was given one. */
  as_of?: string;
  synthetic: boolean;
  encoding: { format: string; media_type: string; read_with: string; why: string };
  columns: { name: string; type: string; arrow_type: string; description: string }[];
  /** bytes: downloaded as gzip; bytes_uncompressed: as plain Arrow. */
  default_view: { extracts: string[]; bytes: number; bytes_uncompressed: number; budget_bytes: number };
  measurements: { extract: string; rows: number; bytes: FormatSizes } | null;
  extracts: ManifestEntry[];
}

export interface ExtractsResult {
  manifest: Manifest;
  written: string[];
  deleted: string[];
}

export interface ExtractsOptions {
  engine: Engine;
  storage: Storage;
  now?: Date;
  /** The moment the extracts' figures are as of (the comparison's, so board and briefing agree); default now. */
  asOf?: string;
  log?: (line: string) => void;
  /** Period types to extract (default all). */
  periodTypes?: readonly PeriodType[];
}

const ARROW_TYPE: Record<string, string> = { dict: 'dictionary<utf8, int16>', string: 'utf8', int: 'int32', double: 'float64', boolean: 'bool' };

function toExtractRows(rows: readonly ProvinceRow[], periodType: PeriodType): ExtractRow[] {
  return rows.map((r) => ({ ...r, period_type: periodType }));
}

/** `national` rows in the extract's columns (unit VN; parts = provinces reporting). */
function nationalExtractRows(rows: readonly NationalAnalysisRow[], periodType: PeriodType): ExtractRow[] {
  return rows.map((r) => ({
    unit_id: 'VN', unit_name: 'Toàn quốc', period: r.period, period_type: periodType, stat_year: statYearOf(r.period),
    indicator: r.indicator, value: r.value, numerator: r.numerator, denominator: r.denominator, flag: r.flag,
    parts: r.provinces_reporting, synthetic: r.synthetic,
    // The country's figure says, like every province's, whether it is reported or rolled up, and partial.
    basis: r.basis ?? null, partial: r.partial ?? null, partial_reason: r.partial_reason ?? null,
  }));
}

function statYearOf(label: string): number {
  return parsePeriod(label)?.statYear ?? Number(label.slice(0, 4));
}

function readManifest(storage: Storage): Promise<Manifest | undefined> {
  return readJson<Manifest>(storage, MANIFEST_KEY);
}

export async function refreshExtracts(o: ExtractsOptions): Promise<ExtractsResult> {
  const { engine, storage } = o;
  const now = o.now ?? new Date();
  const log = o.log ?? (() => {});
  const types = o.periodTypes ?? PERIOD_TYPES;
  // Every question asked of the engine, as one piece of work: as of the comparison's moment, from
  // the current figures while the ledger stands still (askSteady), else composed as of it.
  const gather = async ({ ask }: Asker) => {
    const lastYear = Math.min(statYearOfDate(now), CALENDAR_YEARS.to);

    // Years with data, from the yearly rows (which the default extract needs anyway).
    const yearRows = await ask<ProvinceRow>('provinces_all', { period_type: 'year', from: CALENDAR_YEARS.from, to: lastYear });
    const years = [...new Set(yearRows.map((r) => Number(r.stat_year)))].sort((a, b) => a - b);
    const entries: { def: ExtractDef; rows: ExtractRow[] }[] = [];
    let synthetic = yearRows.some((r) => r.synthetic === true);
    if (years.length > 0) {
      const span: [number, number] = [years[0], years[years.length - 1]];
      for (const type of types) {
        const def = (name: string, extra: Partial<ExtractDef>, holds_vi: string, holds_en: string): ExtractDef => ({
          name, holds_vi, holds_en, level: 'province', period_type: type, geography: 'as_reported', stat_years: span, default: false, ...extra,
        });
        if (type === 'month') {
          // Months in one file per statistical year: a notebook looking at one year loads ~1/10.
          for (const y of years) {
            const rows = await ask<ProvinceRow>('provinces_all', { period_type: 'month', from: y, to: y });
            if (rows.some((r) => r.synthetic === true)) synthetic = true;
            entries.push({
              def: def(`provinces-month-${y}`, { stat_years: [y, y] }, `Các tỉnh × tháng × chỉ tiêu, năm thống kê ${y} (theo địa giới khi báo cáo)`, `Provinces × months × indicators, statistical year ${y} (as reported)`),
              rows: toExtractRows(rows, 'month'),
            });
          }
          continue;
        }
        const rows = type === 'year' ? yearRows : await ask<ProvinceRow>('provinces_all', { period_type: type, from: span[0], to: span[1] });
        entries.push({
          def: def(`provinces-${TYPE_FILE_NAME[type]}`, { default: type === 'year' }, `Các tỉnh × kỳ (${type}) × chỉ tiêu, mọi năm (theo địa giới khi báo cáo: 63 tỉnh trước 01/07/2025, 34 tỉnh sau)`, `Provinces × ${type} periods × indicators, all years (as reported: 63 provinces before 2025-07-01, 34 after)`),
          rows: toExtractRows(rows, type),
        });
        if (type === 'year') {
          entries.push({
            def: def('provinces-year-as2025', { geography: 'as_2025' }, 'Các tỉnh × năm × chỉ tiêu, quy đổi về 34 tỉnh mới (cộng số đếm, tử số, mẫu số các tỉnh cũ; tỷ lệ chỉ có % không quy đổi được, gắn cờ)', 'Provinces × years × indicators harmonized to the 34 provinces of 2025 (counts, numerators, denominators summed; percent-only rates flagged)'),
            rows: toExtractRows(await ask<ProvinceRow>('provinces_all', { period_type: 'year', from: span[0], to: span[1], geography: 'as_2025' }), 'year'),
          });
        }
      }
      // The country (every indicator, every period type), from the `national` analysis.
      const national: ExtractRow[] = [];
      for (const type of types) {
        national.push(...nationalExtractRows(await ask<NationalAnalysisRow>('national', { period_type: type, from: span[0], to: span[1] }), type));
      }
      entries.push({
        def: {
          name: 'national', level: 'national', period_type: 'all', geography: 'as_reported', stat_years: span, default: true,
          holds_vi: 'Toàn quốc × kỳ (mọi loại kỳ) × chỉ tiêu: tổng các tỉnh, tỷ lệ = tổng tử số / tổng mẫu số',
          holds_en: 'The country × periods (every type) × indicators: sum of provinces, rates as ratio of sums',
        },
        rows: national,
      });
    }

    return { entries, synthetic };
  };
  const { entries, synthetic } = o.asOf ? (await askSteady(engine, o.asOf, gather)).value : await gather(askAsOf(engine, undefined));

  const written: string[] = [];
  const manifestEntries: ManifestEntry[] = [];
  for (const { def, rows } of entries) {
    const body = encodeArrow(EXTRACT_COLUMNS, rows);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const path = `${def.name}.${sha256.slice(0, 12)}.arrow`;
    const key = siteDataKey(path);
    // mtime 0 in the gzip header: the same Arrow bytes always give the same .gz bytes.
    const gz = gzipSync(body, { level: 9 });
    // Same content, same name: an unchanged extract is not rewritten.
    if (!(await storage.exists(key))) {
      await storage.put(key, body, { contentType: 'application/vnd.apache.arrow.file' });
      written.push(key);
    }
    if (!(await storage.exists(`${key}.gz`))) {
      await storage.put(`${key}.gz`, gz, { contentType: 'application/gzip' });
      written.push(`${key}.gz`);
    }
    manifestEntries.push({
      ...def, path, key, format: 'arrow', media_type: 'application/vnd.apache.arrow.file', rows: rows.length, bytes: body.byteLength, sha256,
      gzip_path: `${path}.gz`, gzip_key: `${key}.gz`, gzip_bytes: gz.byteLength,
    });
  }
  const defaults = manifestEntries.filter((e) => e.default);
  const measured = entries.find((e) => e.def.default && e.def.level === 'province');
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    generated_at: now.toISOString(),
    ...(o.asOf ? { as_of: o.asOf } : {}),
    synthetic,
    encoding: {
      format: 'arrow-ipc-file',
      media_type: 'application/vnd.apache.arrow.file',
      read_with: "fromArrow(new Uint8Array(await new Response((await fetch('/data/' + entry.gzip_path)).body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer())) — or fetch entry.path (plain Arrow) and fromArrow",
      why: 'Arrow IPC read by Arquero fromArrow (already in the explorer bundle: no extra JavaScript, no parsing step); gzip at rest, undone by the browser\'s native DecompressionStream, makes it the smallest download of the candidates measured (see measurements: the same table as Arrow, Arrow+gzip, Parquet/Snappy, JSON, JSON+gzip).',
    },
    columns: EXTRACT_COLUMNS.map((c) => ({ name: c.name, type: c.type === 'dict' ? 'string' : c.type, arrow_type: ARROW_TYPE[c.type], description: c.description })),
    default_view: {
      extracts: defaults.map((e) => e.name),
      bytes: defaults.reduce((a, e) => a + e.gzip_bytes, 0),
      bytes_uncompressed: defaults.reduce((a, e) => a + e.bytes, 0),
      budget_bytes: DEFAULT_VIEW_BUDGET,
    },
    measurements: measured ? { extract: measured.def.name, rows: measured.rows.length, bytes: measureFormats(measured.def.name, EXTRACT_COLUMNS, measured.rows) } : null,
    extracts: manifestEntries,
  };
  const previous = await readManifest(storage);
  await storage.put(MANIFEST_KEY, JSON.stringify(manifest, null, 2), { contentType: 'application/json' });
  log(`Trích xuất / extracts: ${manifestEntries.length} tệp, mặc định / default view ${manifest.default_view.bytes} B`);

  // Keep the new set and the previous one (a browser may be loading it); delete the rest of ours.
  const keep = new Set([...manifestEntries, ...(previous?.extracts ?? [])].flatMap((e) => [e.key, e.gzip_key]));
  const deleted: string[] = [];
  try {
    for await (const obj of storage.list(SITE_DATA)) {
      const name = obj.key.slice(SITE_DATA.length);
      if (OWN_FILE.test(name) && !keep.has(obj.key)) {
        await storage.delete(obj.key);
        deleted.push(obj.key);
      }
    }
  } catch {
    // Best effort: without delete permission old extracts just stay (nothing references them).
  }
  return { manifest, written, deleted };
}
