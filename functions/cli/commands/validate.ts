/** `chitieu validate <file>`: checks a report without storing anything. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { prepareFile } from '../../ingest/prepare-file.ts';
import { formatProblem } from '../../core/problem.ts';
import { UserError } from '../context.ts';

export function register(program: Command): void {
  program
    .command('validate')
    .description('Kiểm tra một báo cáo mà không nhập / check a report without ingesting it')
    .argument('<file>')
    .option('--format <format>', 'text | json', 'text')
    .action(async (file: string, o: { format: string }) => {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch {
        throw new UserError(`Không đọc được tệp "${file}" / cannot read "${file}".`);
      }
      const p = await prepareFile(file, bytes);
      if (o.format === 'json') {
        console.log(JSON.stringify({ file, sha256: p.sha256, format: p.format ?? null, valid: p.problems.length === 0,
          reports: p.reports.map((r) => ({ unit_id: r.unit.id, scope: r.scope, period: r.period.label, revision: r.revision, values: r.values.length })),
          problems: p.problems }, null, 2));
      } else if (p.problems.length === 0) {
        console.log(`✓ ${file}: hợp lệ / valid — ${p.reports.map((r) => `${r.unit.id} ${r.period.label} (${r.values.length} chỉ tiêu)`).join('; ')}`);
      } else {
        for (const pr of p.problems) console.log(`✗ ${formatProblem(file, pr)}`);
      }
      if (p.problems.length) process.exitCode = 2;
    });
}
