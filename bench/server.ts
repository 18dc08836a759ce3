/** The local server as a child process (so that its event loop is not the load generator's). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './dataset.ts';

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc (Linux). */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux the harness runs on. */
const CLOCK_TICKS = 100;

/** `nodeArgs` go to the child's node (e.g. --cpu-prof to profile the server under load). */
export function startChildServer(warehouse: string, explorerDist?: string, nodeArgs: string[] = []): Promise<ChildServer> {
  const args = [...nodeArgs, join(REPO, 'bin', 'run-ts.js'), join(REPO, 'bench', 'child', 'serve.ts'), warehouse, ...(explorerDist ? [explorerDist] : [])];
  const p: ChildProcess = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  p.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => { p.kill('SIGTERM'); reject(new Error(`server did not start in 10 min: ${stderr.slice(-2000)}`)); }, 600_000);
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr.slice(-2000)}`)); });
    p.stdout!.on('data', (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      p.removeAllListeners('exit');
      resolve({
        url,
        pid: p.pid!,
        stop: () => new Promise<void>((ok) => {
          if (p.exitCode !== null) return ok();
          p.once('exit', () => ok());
          p.kill('SIGTERM');
          setTimeout(() => p.kill('SIGKILL'), 10_000).unref();
        }),
      });
    });
  });
}
