/**
 * `npm run bench:http` (issue 2). Measures, on loopback only:
 *   1. the idle resident memory of `node src/main.ts` with the demo data, and its start time on an
 *      existing database (spawn to first 200 of /api/health, median of 3 starts);
 *   2. GET /api/people?pageSize=50 as the admin (50 internal people, so every answer also appends a
 *      read-audit event) against a bare Fastify route sending the same body, in alternating rounds.
 * The last line is `ratio: X` (Remit requests/s ÷ bare requests/s).
 */
import Fastify from 'fastify';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRemit } from '../../src/app.ts';
import { webBuildIsStale } from '../../src/http/web-build.ts';
import { createPerson } from '../../src/org/people.ts';
import { systemActor } from '../../src/security/actor.ts';
import { rssMiB, startChild, stopChild } from './child.ts';
import { loadRound, median } from './load.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONNECTIONS = 10;
const WARMUP_SECONDS = 3;
const ROUND_SECONDS = 5;
const ROUNDS = 3;
const PEOPLE = 50;
const STARTS = 3;
const IDLE_MS = 2000;
const PATH = '/api/people?pageSize=50';

const TARGET_RATIO = 0.3;
const TARGET_RSS_MIB = 200;

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 0) => n.toFixed(digits);

/** `node src/main.ts` builds the web app first when its sources are newer than dist/web; do it now, outside the timing. */
function prepareWebBuild(): string {
  const config = join(ROOT, 'web', 'vite.config.ts');
  if (!webBuildIsStale()) {
    return existsSync(join(ROOT, 'dist', 'web', 'index.html')) ? 'present and up to date (served by the timed starts)' : 'absent (API only)';
  }
  if (!existsSync(config)) return 'stale, no web/vite.config.ts (main.ts will not build; API and old build only)';
  log('web build: stale, building it once before timing (vite build -c web/vite.config.ts)…');
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '-c', config, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0 || webBuildIsStale()) {
    throw new Error('The web build failed, so `node src/main.ts` would try (and fail) to build it at every start; fix the web app or restore dist/web first.');
  }
  return 'rebuilt before timing, present (served by the timed starts)';
}

/** Part 2: idle RSS and start time of `node src/main.ts` as a child process. */
async function measureProcess(): Promise<void> {
  const web = prepareWebBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'remit-bench-proc-'));
  try {
    // The first start creates the database and loads the demo data.
    const first = await startChild(dataDir);
    await sleep(IDLE_MS);
    const firstRss = rssMiB(first.child.pid ?? 0);
    await stopChild(first.child);

    const readyMs: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const started = await startChild(dataDir);
      readyMs.push(started.readyMs);
      await sleep(IDLE_MS);
      rss.push(rssMiB(started.child.pid ?? 0));
      await stopChild(started.child);
    }
    const idleRss = median(rss);
    log(`web build: ${web}`);
    log(`idle RSS (node src/main.ts, SQLite with demo data, ${IDLE_MS / 1000} s after ready): ${fmt(idleRss, 1)} MiB median of ${STARTS} starts [${rss.map((r) => fmt(r, 1)).join(', ')}]; first start (creating the database): ${fmt(firstRss, 1)} MiB; target ≤ ${TARGET_RSS_MIB} MiB: ${idleRss <= TARGET_RSS_MIB ? 'met' : 'NOT met'}`);
    log(`start to first 200 of /api/health (existing database): ${fmt(median(readyMs))} ms median of ${STARTS} [${readyMs.map((m) => fmt(m)).join(', ')}]`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Part 1: Remit's people list against a bare Fastify route with the same body. */
async function measureThroughput(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'remit-bench-http-'));
  const remit = await startRemit({
    env: { REMIT_DATA_DIR: dataDir, REMIT_PORT: '0', REMIT_HOST: '127.0.0.1', REMIT_LOG_LEVEL: 'silent', REMIT_DEMO: 'true', DATABASE_URL: undefined },
  });
  const bare = Fastify({ logger: false });
  try {
    if (!remit.adminPassword) throw new Error('startRemit did not load the demo data (no admin password)');
    const system = systemActor('bench');
    for (let i = 0; i < PEOPLE; i++) {
      const n = String(i + 1).padStart(2, '0');
      await createPerson(remit.ctx, system, {
        name: `Bench Person ${n}`,
        nameEn: `Bench Person ${n}`,
        email: `bench${n}@example.org`,
        phone: null,
        note: 'Created by bench/http/run.ts',
        level: 'internal',
      });
    }

    const login = await fetch(`${remit.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: remit.adminPassword }),
    });
    await login.arrayBuffer();
    const session = login.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('remit_session='));
    if (login.status !== 200 || !session) throw new Error(`admin sign-in answered ${login.status} without a remit_session cookie`);
    const headers = { cookie: session };

    const probe = await fetch(`${remit.url}${PATH}`, { headers });
    const body = await probe.text();
    const page = JSON.parse(body) as { items?: { level?: string }[]; total?: number };
    const items = page.items ?? [];
    if (probe.status !== 200 || items.length < PEOPLE) {
      throw new Error(`GET ${PATH} answered ${probe.status} with ${items.length} items; expected 200 with ${PEOPLE}+`);
    }
    const audited = items.filter((p) => p.level !== 'public').length;

    bare.get('/api/people', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const address = bare.server.address();
    const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${PATH}`;
    const remitUrl = `${remit.url}${PATH}`;

    log(`remit: GET ${PATH} as admin (session cookie), ${items.length} items of ${page.total ?? '?'}, ${audited} above public (one read-audit event per request), ${body.length} bytes, database ${remit.ctx.database.dialect}`);
    log(`bare: Fastify route sending the same ${body.length} bytes as a constant`);
    log(`load: autocannon, ${CONNECTIONS} connections, 1 worker thread; warm-up ${WARMUP_SECONDS} s each, then ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s`);

    await loadRound({ url: remitUrl, headers, seconds: WARMUP_SECONDS, connections: CONNECTIONS });
    await loadRound({ url: bareUrl, seconds: WARMUP_SECONDS, connections: CONNECTIONS });
    const remitRps: number[] = [];
    const bareRps: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await loadRound({ url: remitUrl, headers, seconds: ROUND_SECONDS, connections: CONNECTIONS });
      const b = await loadRound({ url: bareUrl, seconds: ROUND_SECONDS, connections: CONNECTIONS });
      remitRps.push(r.rps);
      bareRps.push(b.rps);
      log(`round ${round}: remit ${fmt(r.rps)} req/s (p99 ${r.p99Ms} ms), bare ${fmt(b.rps)} req/s (p99 ${b.p99Ms} ms)`);
    }
    const remitMedian = median(remitRps);
    const bareMedian = median(bareRps);
    log(`remit: ${fmt(remitMedian)} req/s (median of ${ROUNDS})`);
    log(`bare: ${fmt(bareMedian)} req/s (median of ${ROUNDS})`);
    return remitMedian / bareMedian;
  } finally {
    await bare.close();
    await remit.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await measureProcess();
const ratio = await measureThroughput();
log(`target ratio ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
log(`ratio: ${ratio.toFixed(2)}`);
