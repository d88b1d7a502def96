/**
 * `npm run bench:http` (issues 2 and 13). Measures, on loopback only:
 *   1. the idle resident memory of `node src/main.ts` with the demo data, and its start time on an
 *      existing database (spawn to first 200 of /api/health, median of 3 starts);
 *   2. GET /api/people?pageSize=50 as the admin (50 internal people, so every answer also appends a
 *      read-audit event) from three servers, each a process of its own, in alternating rounds at 10
 *      and at 50 connections, with the load generator (autocannon) in yet another process:
 *        bare       a Fastify route sending Remit's answer as a constant (bench/http/bare.ts);
 *        reference  the same work written by hand with Fastify and node:sqlite (bench/http/reference.ts);
 *        remit      `node src/main.ts` at the log level `npm start` uses.
 * Prints req/s and p99 of each, `ratio to bare: X` (remit ÷ bare) and last `ratio: Y`
 * (remit ÷ reference), each the lower of the two connection counts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { backup, DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { webBuildIsStale } from '../../src/http/web-build.ts';
import { cpuSeconds, freePort, rssMiB, startChild, stopChild } from './child.ts';
import { PEOPLE, prepareRemit, signIn } from './remit-fixture.ts';
import { loadRound, median, type RoundResult } from './load.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONNECTIONS = [10, 50];
const WARMUP_SECONDS = 2;
const ROUND_SECONDS = 4;
const ROUNDS = 3;
const STARTS = 3;
const IDLE_MS = 2000;
const PATH = '/api/people?pageSize=50';

const TARGET_TO_BARE = 0.08;
const TARGET_TO_REFERENCE = 0.75;
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

/** Starts `node SCRIPT ...args` and waits for its `listening` line. */
async function startScript(script: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}):\n${output}`));
    });
  });
  // Keep draining, so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

interface Target {
  name: 'bare' | 'reference' | 'remit';
  url: string;
  headers: Record<string, string>;
  pid: number;
}

interface Figures {
  rps: number;
  p99Ms: number;
  /** The server's CPU time (all threads, user and system) per answered request. */
  cpuUs: number;
}

/** Alternating rounds over the three servers at one connection count; the order rotates each round. */
async function measureAt(connections: number, targets: Target[]): Promise<Record<Target['name'], Figures>> {
  log(`\n${connections} connections: warm-up ${WARMUP_SECONDS} s each, then ${ROUNDS} rounds of ${ROUND_SECONDS} s per server, order rotating`);
  for (const t of targets) await loadRound({ url: t.url, headers: t.headers, seconds: WARMUP_SECONDS, connections });
  const results: Record<string, (RoundResult & { cpuUs: number })[]> = { bare: [], reference: [], remit: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    const line: string[] = [];
    for (const t of order) {
      const cpuBefore = cpuSeconds(t.pid);
      const r = await loadRound({ url: t.url, headers: t.headers, seconds: ROUND_SECONDS, connections });
      const cpuUs = ((cpuSeconds(t.pid) - cpuBefore) * 1e6) / r.total;
      results[t.name]!.push({ ...r, cpuUs });
      line.push(`${t.name} ${fmt(r.rps)} req/s (p99 ${r.p99Ms} ms, ${fmt(cpuUs)} µs CPU)`);
    }
    log(`  round ${round + 1}: ${line.join(', ')}`);
  }
  const figures = {} as Record<Target['name'], Figures>;
  for (const t of targets) {
    const rs = results[t.name]!;
    figures[t.name] = { rps: median(rs.map((r) => r.rps)), p99Ms: median(rs.map((r) => r.p99Ms)), cpuUs: median(rs.map((r) => r.cpuUs)) };
    log(`  ${t.name}: ${fmt(figures[t.name].rps)} req/s, p99 ${figures[t.name].p99Ms} ms, ${fmt(figures[t.name].cpuUs)} µs CPU per request (medians of ${ROUNDS})`);
  }
  log(`  at ${connections} connections: remit / bare ${fmt(figures.remit.rps / figures.bare.rps, 3)}, reference / bare ${fmt(figures.reference.rps / figures.bare.rps, 3)}, remit / reference ${fmt(figures.remit.rps / figures.reference.rps, 2)}`);
  return figures;
}

/** Part 2: the three servers side by side. Answers the lower ratios over the connection counts. */
async function measureThroughput(): Promise<{ toBare: number; toReference: number }> {
  const remitDir = mkdtempSync(join(tmpdir(), 'remit-bench-http-'));
  const refDir = mkdtempSync(join(tmpdir(), 'remit-bench-ref-'));
  const children: ChildProcess[] = [];
  try {
    const { password } = await prepareRemit(remitDir);
    const remit = await startChild(remitDir, { logLevel: 'default' });
    children.push(remit.child);
    const cookie = await signIn(remit.url, password);
    const headers = { cookie };
    const probe = await fetch(`${remit.url}${PATH}`, { headers });
    const body = await probe.text();
    const page = JSON.parse(body) as { items?: { level?: string }[]; total?: number };
    const items = page.items ?? [];
    if (probe.status !== 200 || items.length < PEOPLE) throw new Error(`GET ${PATH} answered ${probe.status} with ${items.length} items; expected 200 with ${PEOPLE}+`);
    const audited = items.filter((p) => p.level !== 'public').length;

    // The reference works on a copy of the same database (sessions, people), with its own audit chain.
    const refFile = join(refDir, 'remit.sqlite');
    const source = new DatabaseSync(join(remitDir, 'remit.sqlite'));
    await backup(source, refFile);
    source.close();
    const refPort = await freePort();
    const reference = await startScript('reference.ts', [refFile, String(refPort)]);
    children.push(reference);
    const refProbe = await fetch(`http://127.0.0.1:${refPort}${PATH}`, { headers });
    const refBody = await refProbe.text();
    if (refProbe.status !== 200 || (JSON.parse(refBody) as { items: unknown[] }).items.length !== items.length) {
      throw new Error(`the reference answered ${refProbe.status}: ${refBody.slice(0, 200)}`);
    }

    const bodyFile = join(refDir, 'body.json');
    writeFileSync(bodyFile, body);
    const barePort = await freePort();
    const bare = await startScript('bare.ts', [bodyFile, String(barePort)]);
    children.push(bare);

    log(`\nremit: node src/main.ts (log level of npm start), GET ${PATH} as admin, ${items.length} items of ${page.total ?? '?'}, ${audited} above public (one read-audit event per request), ${body.length} bytes, SQLite`);
    log(`reference: Fastify + node:sqlite by hand, the same page (${refBody.length} bytes), one group-committed audit event per request, synchronous=FULL`);
    log(`bare: Fastify route sending the same ${body.length} bytes as a constant`);
    log('load: autocannon in a process of its own; each server in a process of its own');
    const targets: Target[] = [
      { name: 'bare', url: `http://127.0.0.1:${barePort}${PATH}`, headers: {}, pid: bare.pid ?? 0 },
      { name: 'reference', url: `http://127.0.0.1:${refPort}${PATH}`, headers, pid: reference.pid ?? 0 },
      { name: 'remit', url: `${remit.url}${PATH}`, headers, pid: remit.child.pid ?? 0 },
    ];
    let toBare = Infinity;
    let toReference = Infinity;
    for (const connections of CONNECTIONS) {
      const f = await measureAt(connections, targets);
      toBare = Math.min(toBare, f.remit.rps / f.bare.rps);
      toReference = Math.min(toReference, f.remit.rps / f.reference.rps);
    }
    return { toBare, toReference };
  } finally {
    for (const child of children) await stopChild(child);
    rmSync(remitDir, { recursive: true, force: true });
    rmSync(refDir, { recursive: true, force: true });
  }
}

await measureProcess();
const { toBare, toReference } = await measureThroughput();
log(`\ntargets (lower of ${CONNECTIONS.join(' and ')} connections): remit / bare ≥ ${TARGET_TO_BARE}: ${toBare >= TARGET_TO_BARE ? 'met' : 'NOT met'}; remit / reference ≥ ${TARGET_TO_REFERENCE}: ${toReference >= TARGET_TO_REFERENCE ? 'met' : 'NOT met'}`);
log(`ratio to bare: ${toBare.toFixed(3)}`);
log(`ratio: ${toReference.toFixed(2)}`);
