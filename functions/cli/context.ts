/** What every command shares: where the warehouse is, and how errors reach the user. */
import { resolve } from 'node:path';
import type { Command } from 'commander';

export function warehouseDir(cmd: Command): string {
  const opts = cmd.optsWithGlobals() as { warehouse?: string };
  return resolve(opts.warehouse ?? process.env.CHITIEU_WAREHOUSE ?? 'warehouse');
}

/** A user-facing failure: printed as one sentence, exit code 1, no stack trace. */
export class UserError extends Error {}
