/** `chitieu compact`: rewrites each partition's small files into one, keeping history. */
import type { Command } from 'commander';
import { FsStorage } from '../../adapters/storage/fs.ts';
import { compactWarehouse } from '../../compact/compact.ts';
import { warehouseDir } from '../context.ts';

export function register(program: Command): void {
  program
    .command('compact')
    .description('Gộp tệp nhỏ của từng phân vùng / compact each partition into few large files')
    .action(async (_o, cmd: Command) => {
      const started = performance.now();
      const s = await compactWarehouse(new FsStorage(warehouseDir(cmd)));
      const done = s.partitions.filter((p) => !p.skipped);
      console.log(`Phân vùng / partitions: ${s.partitions.length} (gộp / compacted ${done.length})`);
      console.log(`Tệp / files: ${s.filesBefore} → ${s.filesAfter} · chuyển lịch sử / moved to history: ${done.reduce((a, p) => a + p.superseded, 0)} báo cáo / reports · ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}
