/**
 * The load generator of `npm run bench:http`, run as a process of its own so that it shares no event
 * loop with any server it measures: `node bench/http/load-child.ts '<json options>'` runs one
 * autocannon round and prints its figures as one line of JSON.
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}') as { url: string; headers?: Record<string, string>; seconds: number; connections: number };
const result = await autocannon({
  url: options.url,
  method: 'GET',
  headers: options.headers ?? {},
  connections: options.connections,
  duration: options.seconds,
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }),
);
