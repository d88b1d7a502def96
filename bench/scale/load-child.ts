/**
 * The load of `npm run bench:scale`, a process of its own: CONCURRENCY users each sending one
 * request after another for SECONDS, cycling through the given paths (GET) or posting new people
 * (POST). Prints one line of JSON: count, errors (answers of 300 and up) with the first of them, p50 and p99 in milliseconds.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as {
  base: string;
  cookie: string;
  csrf: string;
  paths: string[];
  post?: boolean;
  seconds: number;
  concurrency: number;
};
const latencies: number[] = [];
let errors = 0;
let firstError: string | undefined;
let next = 0;
const until = performance.now() + options.seconds * 1000;
async function user(u: number) {
  while (performance.now() < until) {
    const i = next++;
    const started = performance.now();
    const response = options.post
      ? await fetch(`${options.base}/api/people`, {
          method: 'POST',
          headers: { cookie: options.cookie, 'x-csrf-token': options.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Scale writer ${u}-${i}`, level: 'internal' }),
        })
      : await fetch(`${options.base}${options.paths[i % options.paths.length]}`, { headers: { cookie: options.cookie } });
    const body = await response.arrayBuffer();
    latencies.push(performance.now() - started);
    if (response.status >= 300 && errors++ === 0) firstError = `${response.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`;
  }
}
await Promise.all(Array.from({ length: options.concurrency }, (_, u) => user(u)));
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(JSON.stringify({ count: latencies.length, errors, firstError, p50: at(0.5), p99: at(0.99) }));
