import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '..', '..');
const HEALTH_POLL_MS = 10;
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** A port on 127.0.0.1 that was free a moment ago (the kernel picks it; we release it at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export interface StartedChild {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn() to the first 200 answer of /api/health. */
  readyMs: number;
  /** What the child printed so far, when `captureStdout` was asked for. */
  stdout(): string;
}

export interface ChildOptions {
  /** REMIT_LOG_LEVEL; silent unless given. `'default'` leaves it unset, as `npm start` does. */
  logLevel?: string;
  /** Keep what the child prints (the demo admin's password on a first start) instead of discarding it. */
  captureStdout?: boolean;
  /** Options for node itself, before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

/** The environment for a child server: SQLite in `dataDir`, loopback only. */
function childEnv(dataDir: string, port: number, logLevel: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, REMIT_DATA_DIR: dataDir, REMIT_PORT: String(port), REMIT_HOST: '127.0.0.1', REMIT_LOG_LEVEL: logLevel };
  if (logLevel === 'default') delete env.REMIT_LOG_LEVEL;
  delete env.DATABASE_URL;
  return env;
}

/**
 * Starts `node src/main.ts` with the same Node binary as this process and polls /api/health until it
 * answers 200. Its stdout (which names the demo admin's password on a first start) is discarded.
 */
export async function startChild(dataDir: string, options: ChildOptions = {}): Promise<StartedChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: childEnv(dataDir, port, options.logLevel ?? 'silent'),
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const attempts = Math.ceil(HEALTH_TIMEOUT_MS / HEALTH_POLL_MS);
  for (let i = 0; i < attempts; i++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`node src/main.ts exited (${child.exitCode ?? child.signalCode}) before answering /api/health:\n${stderr}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return { child, url, readyMs: performance.now() - started, stdout: () => stdout };
    } catch {
      // not listening yet
    }
    await sleep(HEALTH_POLL_MS);
  }
  await stopChild(child);
  throw new Error(`node src/main.ts did not answer /api/health within ${HEALTH_TIMEOUT_MS} ms:\n${stderr}`);
}

/** Resident memory of a process in MiB, from /proc/<pid>/status (Linux only). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/**
 * CPU seconds a process has used so far, all its threads, user and system (utime + stime of
 * /proc/PID/stat, in clock ticks of 1/100 s).
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** SIGTERM (the server closes itself and exits), then SIGKILL if it has not gone within the timeout. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = sleep(STOP_TIMEOUT_MS, undefined, { ref: false }).then(() => 'timeout' as const);
  if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
