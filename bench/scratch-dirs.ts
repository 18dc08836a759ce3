/**
 * The bench's scratch directories: removed at the end of the bench, not between measurements,
 * and a wait, before the file-heavy measurements, until creating a file costs what it normally
 * does.
 *
 * Why: this machine's ext4 has no journal, and without one the kernel will not reuse an inode
 * freed in the last 30–60 s (`recently_deleted` in fs/ext4/ialloc.c); it checks every such inode
 * of a block group before it finds a free one. After removing a warehouse of 15,000 files,
 * creating 5,000 files in the same part of the disk took 2.0–3.5 s instead of 0.13–0.2 s for
 * about a minute (measured: 2,943 ms right after, 2,013 ms at +30 s, 134 ms at +60 s). The
 * bench removed one warehouse just before measuring the next (ingest runs, `start` runs,
 * freshness), so its figures depended on what it had itself deleted a moment before.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BENCH_TMP } from './dataset.ts';

const TRASH = join(BENCH_TMP, 'trash');
let discarded = 0;

/** Moves `dir` out of the way, to be removed by emptyTrash (a rename frees no inode). */
export function discard(dir: string, trash = TRASH): void {
  if (!existsSync(dir)) return;
  mkdirSync(trash, { recursive: true });
  try {
    renameSync(dir, join(trash, `${basename(dir)}-${process.pid}-${discarded++}`));
  } catch (e) {
    // Another filesystem (tmpfs under /dev/shm): nothing to wait for there.
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes what was discarded (at the end of a bench, and what an interrupted one left). */
export function emptyTrash(trash = TRASH): number {
  if (!existsSync(trash)) return 0;
  const n = readdirSync(trash).length;
  rmSync(trash, { recursive: true, force: true });
  return n;
}

/**
 * Microseconds to create one small file in `dir`: PROBE_FILES of them spread over PROBE_DIRS new
 * folders, as a warehouse spreads its raw copies (one folder per first byte of the hash); the
 * kernel places new folders in other block groups than their parent's, so one folder alone
 * measured a part of the disk the ingest did not use.
 */
export function createCostUs(dir: string, trash = TRASH): number {
  const probe = join(dir, `.probe-${process.pid}-${discarded}`);
  mkdirSync(probe, { recursive: true });
  const t0 = performance.now();
  for (let d = 0; d < PROBE_DIRS; d++) {
    const sub = join(probe, d.toString(16).padStart(2, '0'));
    mkdirSync(sub);
    for (let i = 0; i < PROBE_FILES / PROBE_DIRS; i++) writeFileSync(join(sub, `${i}.json`), '{}');
  }
  const us = ((performance.now() - t0) * 1000) / PROBE_FILES;
  discard(probe, trash);
  return us;
}

const PROBE_DIRS = 64;
const PROBE_FILES = 640;
/**
 * Normal here: 20–50 µs a file; 400–900 µs inside the window after a large removal, and at 109 µs
 * on the way out of it the 5,000-file runs that followed still spent 1.0–2.0 s creating files.
 */
const NORMAL_US = 60;
const MAX_WAIT_S = 120;

/**
 * Waits (up to maxWaitS, default MAX_WAIT_S) until creating a file in `dir` costs no more than NORMAL_US; returns
 * the last cost measured and the seconds waited, for the metric's note.
 */
export async function settle(dir: string, log: (s: string) => void, opts: { trash?: string; maxWaitS?: number } = {}): Promise<{ us: number; waitedS: number }> {
  const { trash = TRASH, maxWaitS = MAX_WAIT_S } = opts;
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  let us = createCostUs(dir, trash);
  while (us > NORMAL_US && (performance.now() - t0) / 1000 < maxWaitS) {
    log(`  creating a file here costs ${us.toFixed(0)} µs (normal ≤ ${NORMAL_US}): a recent removal; waiting 5 s`);
    await new Promise((r) => setTimeout(r, 5000));
    us = createCostUs(dir, trash);
  }
  return { us, waitedS: (performance.now() - t0) / 1000 };
}
