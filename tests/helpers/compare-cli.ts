/** `chitieu compare …` run in process, as the command line would, with what it prints to stdout. */
import { Command } from 'commander';
import { register } from '../../functions/cli/commands/compare.ts';

export async function compareCli(warehouse: string, args: string[]): Promise<string> {
  const program = new Command();
  program.option('--warehouse <dir>').exitOverride();
  register(program);
  const out: string[] = [];
  const log = console.log;
  const err = console.error;
  console.log = (s: string) => out.push(s);
  console.error = () => {};
  try {
    await program.parseAsync(['--warehouse', warehouse, 'compare', ...args], { from: 'user' });
  } finally {
    console.log = log;
    console.error = err;
  }
  return out.join('\n');
}
