/**
 * The `chitieu` command. Each subcommand lives in commands/<name>.ts and registers itself;
 * errors are one clear sentence and a non-zero exit (a stack trace only with --debug).
 */
import { Command, CommanderError } from 'commander';
import { UserError } from './context.ts';
import { register as ingest } from './commands/ingest.ts';
import { register as validate } from './commands/validate.ts';
import { register as query } from './commands/query.ts';
import { register as catalog } from './commands/catalog.ts';
import { register as serve } from './commands/serve.ts';
import { register as start } from './commands/start.ts';
import { register as generate } from './commands/generate.ts';
import { register as compact } from './commands/compact.ts';
import { register as compare } from './commands/compare.ts';
import { register as extract } from './commands/extract.ts';
import { register as template } from './commands/template.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('chitieu')
    .description('Phân tích chỉ tiêu nghiệp vụ VKSND / analytics over VKSND work-report indicators')
    .option('--warehouse <dir>', 'thư mục kho dữ liệu / warehouse directory (default ./warehouse or CHITIEU_WAREHOUSE)')
    .option('--debug', 'in chi tiết lỗi / print error details')
    .exitOverride()
    .showHelpAfterError();
  for (const register of [generate, ingest, validate, extract, template, query, catalog, compare, compact, serve, start]) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const debug = argv.includes('--debug');
    if (debug) console.error(e);
    else if (e instanceof UserError) console.error(`Lỗi / error: ${e.message}`);
    else console.error(`Lỗi / error: ${(e as Error).message} (chạy lại với --debug để xem chi tiết / rerun with --debug for details)`);
    return 1;
  }
}
