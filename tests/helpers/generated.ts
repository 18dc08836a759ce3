/**
 * A warehouse built from a generated dataset, and the generated reports themselves read back
 * from their files, so tests can compute expected values independently of the SQL.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset, type GenerateManifest } from '../../functions/cli/commands/generate.ts';
import { MANIFEST_FILE } from '../../functions/core/generate/generate.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import type { InputReport } from '../../functions/core/types.ts';
import { sharedViews } from '../../functions/queries/views.ts';

/** Report files (the manifest and other dot files are not reports; ingest skips them too). */
function walk(d: string): string[] {
  return readdirSync(d).filter((e) => !e.startsWith('.')).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)]));
}

export interface GeneratedWarehouse {
  reports: InputReport[];
  /**
   * The current revision of each unit and period, read straight from the files: keyed
   * `unit|period` for a unit's own reports, `unit|period|province_total` for "hai cấp" reports.
   */
  current: Map<string, InputReport>;
  /** Which figures the generator made to disagree (its manifest). */
  manifest: GenerateManifest;
  engine: DuckDbEngine;
  rejected: number;
  cleanup(): Promise<void>;
}

export async function generatedWarehouse(dataset: 'small' | 'national-10y', seed: number): Promise<GeneratedWarehouse> {
  const input = mkdtempSync(join(tmpdir(), 'chitieu-gen-'));
  const wh = mkdtempSync(join(tmpdir(), 'chitieu-wh-'));
  await generateDataset({ dataset, out: input, seed });
  const reports = walk(input).map((f) => JSON.parse(readFileSync(f, 'utf8')) as InputReport);
  const current = new Map<string, InputReport>();
  for (const r of reports) {
    const k = r.scope === 'province_total' ? `${r.unit_id}|${r.period}|province_total` : `${r.unit_id}|${r.period}`;
    const b = current.get(k);
    if (!b || (r.revision ?? 1) > (b.revision ?? 1)) current.set(k, r);
  }
  const manifest = JSON.parse(readFileSync(join(input, MANIFEST_FILE), 'utf8')) as GenerateManifest;
  const s = await ingestPaths(wh, [input]);
  const engine = await DuckDbEngine.open(wh, { views: sharedViews() });
  return {
    reports, current, manifest, engine, rejected: s.rejected,
    cleanup: async () => {
      await engine.close();
      rmSync(input, { recursive: true, force: true });
      rmSync(wh, { recursive: true, force: true });
    },
  };
}
