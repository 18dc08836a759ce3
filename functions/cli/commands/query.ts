/** `chitieu query <name> --param k=v …` and `chitieu sql "<SELECT …>"` on the local engine. */
import type { Command } from 'commander';
import { DuckDbEngine } from '../../adapters/engine/duckdb.ts';
import { NAMED_QUERIES, analysisSql, namedQuery, prepareParams, ParamError } from '../../queries/registry.ts';
import { checkSql } from '../../api/sql-policy.ts';
import { sharedViews } from '../../queries/views.ts';
import { formatRows } from '../output.ts';
import { warehouseDir, UserError } from '../context.ts';

function collectParam(v: string, acc: Record<string, string>): Record<string, string> {
  const i = v.indexOf('=');
  if (i < 1) throw new UserError(`Tham số phải có dạng k=v: "${v}" / a parameter must look like k=v: "${v}".`);
  acc[v.slice(0, i)] = v.slice(i + 1);
  return acc;
}

export function register(program: Command): void {
  program
    .command('query')
    .description(`Chạy một phân tích có tên / run a named analysis: ${NAMED_QUERIES.map((q) => q.name).join(', ')}`)
    .argument('<name>')
    .option('-p, --param <k=v>', 'tham số / parameter (repeatable)', collectParam, {})
    .option('-f, --format <format>', 'table | json | csv', 'table')
    .action(async (name: string, o: { param: Record<string, string>; format: string }, cmd: Command) => {
      const q = namedQuery(name);
      if (!q) throw new UserError(`Không có phân tích "${name}"; có: ${NAMED_QUERIES.map((x) => x.name).join(', ')} / no analysis "${name}".`);
      let params;
      try {
        params = prepareParams(q, o.param);
      } catch (e) {
        if (e instanceof ParamError) throw new UserError(e.message);
        throw e;
      }
      const engine = await DuckDbEngine.open(warehouseDir(cmd), { views: sharedViews() });
      try {
        const r = await engine.query(analysisSql(name, params, engine.name), { params });
        console.log(formatRows(r.rows, r.columns.map((c) => c.name), o.format));
      } finally {
        await engine.close();
      }
    });

  program
    .command('sql')
    .description('Chạy một câu SELECT chỉ đọc / run a read-only SELECT over the published relations')
    .argument('<sql>')
    .option('-f, --format <format>', 'table | json | csv', 'table')
    .option('--max-rows <n>', 'giới hạn dòng / row limit', '1000')
    .action(async (sql: string, o: { format: string; maxRows: string }, cmd: Command) => {
      const limit = Math.max(1, Number(o.maxRows) || 1000);
      const check = checkSql(sql, limit);
      if (!check.ok) throw new UserError(`${check.message_vi} / ${check.message_en}`);
      const engine = await DuckDbEngine.open(warehouseDir(cmd), { views: sharedViews() });
      try {
        const r = await engine.query(check.limitedSql);
        const rows = r.rows.slice(0, limit);
        console.log(formatRows(rows, r.columns.map((c) => c.name), o.format));
        if (r.rows.length > limit) console.error(`(cắt ở ${limit} dòng / truncated at ${limit} rows)`);
      } finally {
        await engine.close();
      }
    });
}
