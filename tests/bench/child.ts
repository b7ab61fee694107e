import { spawn } from 'node:child_process';

/**
 * Runs one benchmark scenario in its own process (so its peak memory is its own) and returns the
 * JSON lines it printed, or 'killed' when `killAfterMs` ended it first.
 */
export function runBenchChild(script: string, args: string[], env: Record<string, string>, killAfterMs?: number): Promise<Record<string, number>[] | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, DATABASE_URL: '', FERRITE_DATA_DIR: '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const timer = killAfterMs ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : null;
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') return resolve('killed');
      if (code !== 0) return reject(new Error(`bench ${script} ${args.join(' ')} exited ${code}`));
      resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    });
  });
}
