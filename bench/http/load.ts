import autocannon from 'autocannon';

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
  p99Ms: number;
}

/**
 * One autocannon round. The load generator runs in a worker thread of its own, so it does not share
 * the event loop of the in-process server it measures. Any error, timeout or non-2xx answer fails
 * the round: a rate of failing requests would not mean anything.
 */
export async function loadRound(options: LoadOptions): Promise<RoundResult> {
  const result = await autocannon({
    url: options.url,
    method: 'GET',
    headers: options.headers ?? {},
    connections: options.connections,
    duration: options.seconds,
    workers: 1,
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers out of ${result.requests.total} requests`,
    );
  }
  return { rps: result.requests.average, total: result.requests.total, p99Ms: result.latency.p99 };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
