/** The local server as a child process (so that its event loop is not the load generator's). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './dataset.ts';

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function startChildServer(warehouse: string, explorerDist?: string): Promise<ChildServer> {
  const args = [join(REPO, 'bin', 'run-ts.js'), join(REPO, 'bench', 'child', 'serve.ts'), warehouse, ...(explorerDist ? [explorerDist] : [])];
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
