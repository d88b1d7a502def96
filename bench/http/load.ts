import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const LOAD_CHILD = join(import.meta.dirname, 'load-child.ts');

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  seconds: number;
  connections: number;
}

export interface RoundResult {
  /** Mean requests per second over the round's one-second samples. */
  rps: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * One autocannon round, run by a process of its own (bench/http/load-child.ts) so the load generator
 * shares no event loop with a server it measures. Any error, timeout or non-2xx answer fails the
 * round: a rate of failing requests would not mean anything.
 */
export async function loadRound(options: LoadOptions): Promise<RoundResult> {
  const { stdout } = await execFileAsync(process.execPath, [LOAD_CHILD, JSON.stringify(options)], {
    timeout: (options.seconds + 30) * 1000,
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(stdout) as RoundResult & { errors: number; timeouts: number; non2xx: number };
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(`${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers out of ${result.total} requests`);
  }
  return { rps: result.rps, total: result.total, p50Ms: result.p50Ms, p99Ms: result.p99Ms };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
