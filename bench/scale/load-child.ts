/**
 * The load of `npm run bench:scale`, a process of its own: CONCURRENCY users (autocannon connections)
 * each sending one request after another for SECONDS, cycling through the given paths (GET) or
 * posting new people (POST). Prints one line of JSON: count, errors (answers of 300 and up, and
 * failed connections) with the first of them, p50 and p99 in milliseconds, and the CPU time this
 * process used. autocannon, not fetch: on two cores the load shares the machine with Remit and
 * PostgreSQL, and fetch took about 0.9 ms of CPU a task list request, as much as a third of the whole.
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  base: string;
  cookie: string;
  csrf: string;
  paths: string[];
  post?: boolean;
  seconds: number;
  concurrency: number;
};
let errors = 0;
let firstError: string | undefined;
let written = 0;
const onResponse = (status: number, body: string) => {
  if (status >= 300 && errors++ === 0) firstError = `${status} ${body.slice(0, 300)}`;
};
// A request's own headers replace autocannon's defaults: each carries the session's cookie.
const requests: autocannon.Request[] = options.post
  ? [
      {
        method: 'POST',
        path: '/api/people',
        headers: { cookie: options.cookie, 'x-csrf-token': options.csrf, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ name: `Scale writer ${written++}`, level: 'internal' }) }),
        onResponse,
      },
    ]
  : options.paths.map((path) => ({ method: 'GET', path, headers: { cookie: options.cookie }, onResponse }));
const result = await autocannon({
  url: options.base,
  connections: options.concurrency,
  duration: options.seconds,
  requests,
});
// Connection errors and timeouts are failed answers too.
const failed = errors + result.errors + result.timeouts;
if (failed > 0 && !firstError) firstError = `${result.errors} connection errors, ${result.timeouts} timeouts`;
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({ count: result.requests.total, errors: failed, firstError, p50: result.latency.p50, p99: result.latency.p99, cpuMs: (cpu.user + cpu.system) / 1000 }),
);
