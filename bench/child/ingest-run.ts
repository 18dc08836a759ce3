/**
 * Child process of the harness: one full bulk ingest through the CLI's code path (ingestPaths),
 * then one JSON line with the counts, the time and this process's peak memory.
 * Usage: node bin/run-ts.js bench/child/ingest-run.ts <warehouse> <input dir>
 */
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';

const [warehouse, input] = process.argv.slice(2);
const t0 = performance.now();
const s = await ingestPaths(warehouse, [input]);
const ms = performance.now() - t0;
const ru = process.resourceUsage();
process.stdout.write(JSON.stringify({
  files: s.files, accepted: s.accepted, rejected: s.rejected, values: s.values, ms,
  maxRssMb: ru.maxRSS / 1024, cpuUserMs: ru.userCPUTime / 1000, cpuSystemMs: ru.systemCPUTime / 1000,
  at: new Date().toISOString(),
}) + '\n');
