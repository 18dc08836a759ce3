/**
 * The bad-input corpus (tests/fixtures/bad-inputs, issue 14): every file, one at a time, through
 * ingest into a temporary warehouse. For each: rejected with its expected code; the error names
 * the file, the place and the fix in Vietnamese and English; the file is in quarantine/ with its
 * reason, its copy inside its own folder whatever its name; the original is kept in raw/ byte
 * for byte; no rows are added; and the process lives on to the next file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { describePlace } from '../../functions/core/problem.ts';
import { buildCorpus } from '../fixtures/bad-inputs/corpus.ts';
import { file, filesUnder, tempWarehouse } from '../helpers/warehouse.ts';

interface Entry { file: string; name: string; family: string; code: string; bytes: number; sha256?: string; large?: boolean }

const DIR = join(import.meta.dirname, '../fixtures/bad-inputs');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Entry[];
const wh = tempWarehouse();
const large = new Map<string, Uint8Array>();

beforeAll(async () => {
  for (const c of await buildCorpus('large')) large.set(c.file, c.bytes);
});
afterAll(() => wh.cleanup());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('bad-input corpus', () => {
  it('holds at least 150 files across JSON, CSV, XLSX, DOCX, text and encodings, each with an expected code', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(150);
    const counts: Record<string, number> = {};
    for (const m of manifest) counts[m.family] = (counts[m.family] ?? 0) + 1;
    for (const family of ['json', 'csv', 'xlsx', 'docx', 'text', 'encoding']) expect(counts[family]).toBeGreaterThanOrEqual(15);
    expect(manifest.filter((m) => !/^[a-z][A-Za-z_]+$/.test(m.code))).toEqual([]);
    expect(new Set(manifest.map((m) => m.file)).size).toBe(manifest.length);
    expect([...large.keys()].sort()).toEqual(manifest.filter((m) => m.large).map((m) => m.file).sort());
  });

  it('rejects every file with its code, a clear bilingual error, a quarantine entry and the original in raw/, adding no rows', async () => {
    const failures: string[] = [];
    const started = performance.now();
    for (const m of manifest) {
      const bytes = m.large ? large.get(m.file)! : new Uint8Array(readFileSync(join(DIR, 'files', m.file)));
      if (!m.large && sha(bytes) !== m.sha256) throw new Error(`${m.file} differs from the manifest: run tests/fixtures/bad-inputs/generate.ts`);
      const s = await ingestFiles([file(m.name, bytes)], { storage: wh.storage });
      const o = s.outcomes[0]!;
      const fail = (why: string) => failures.push(`${m.file} (${m.code}): ${why}`);
      if (o.status !== 'rejected' || s.accepted !== 0 || s.values !== 0) {
        fail(`status ${o.status}, ${s.values} values`);
        continue;
      }
      const p = o.problems.find((x) => x.code === m.code);
      if (!p) {
        fail(`codes ${o.problems.map((x) => x.code).join(', ')}`);
        continue;
      }
      // The file, the place and the fix, in both languages.
      if (o.file !== m.name) fail(`outcome names "${o.file}"`);
      if (!describePlace(p.place)) fail('no place');
      if (p.message_vi.length < 8 || p.message_en.length < 8 || p.message_vi === p.message_en) fail(`message ${p.message_vi} / ${p.message_en}`);
      if (p.fix_vi.length < 8 || p.fix_en.length < 8 || p.fix_vi === p.fix_en) fail(`fix ${p.fix_vi} / ${p.fix_en}`);
      // In quarantine, with the reason, the copy inside its own folder whatever the name says.
      const error = await wh.storage.get(o.quarantineKey ?? '');
      if (!error) {
        fail('no quarantine error.json');
        continue;
      }
      const q = JSON.parse(new TextDecoder().decode(error)) as { file: string; raw_key: string; problems: { code: string }[] };
      if (q.file !== m.name || !q.problems.some((x) => x.code === m.code)) fail(`quarantine says ${q.file}: ${q.problems.map((x) => x.code).join(', ')}`);
      const folder = `quarantine/${o.sha256}/`;
      const copies = [];
      for await (const obj of wh.storage.list(folder)) copies.push(obj.key);
      const copy = copies.find((k) => !k.endsWith('/error.json'));
      if (!copy || copy.slice(folder.length).includes('/') || copy.includes('..')) fail(`quarantine copy ${copy}`);
      else if (sha((await wh.storage.get(copy))!) !== o.sha256) fail('quarantine copy differs');
      // The original, byte for byte, in raw/.
      const raw = await wh.storage.get(q.raw_key);
      if (!q.raw_key.startsWith('raw/sha256/') || !raw || sha(raw) !== sha(bytes)) fail(`raw copy ${q.raw_key}`);
    }
    const ms = Math.round(performance.now() - started);
    const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`bad-input corpus: ${manifest.length} files through ingest in ${ms} ms; peak RSS of this process ${rssMb} MB`);
    expect(failures).toEqual([]);
    // No rows anywhere: nothing curated, no ledger entry.
    expect(filesUnder(wh.dir, 'curated')).toEqual([]);
    expect(filesUnder(wh.dir, 'ledger')).toEqual([]);
  });
});
