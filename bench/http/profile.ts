/**
 * `node bench/http/profile.ts [--seconds N] [--connections N] [--keep DIR]`: where Remit's time goes on
 * the route `npm run bench:http` measures. Starts `node --cpu-prof src/main.ts` on the same data as
 * the benchmark (demo data plus 50 internal people), loads GET /api/people?pageSize=50 as the admin
 * from a process of its own, stops the server (which writes the profile) and prints the functions
 * and the source files with the most self time. Loopback only; the data directory is removed after.
 * Open the .cpuprofile (kept with --keep) in Chrome DevTools for the call tree.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { startChild, stopChild } from './child.ts';
import { loadRound } from './load.ts';
import { prepareRemit, signIn } from './remit-fixture.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PATH = '/api/people?pageSize=50';
const TOP = 25;

const { values } = parseArgs({ options: { seconds: { type: 'string' }, connections: { type: 'string' }, keep: { type: 'string' } } });
const seconds = Number(values.seconds ?? 10);
const connections = Number(values.connections ?? 10);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  return path.startsWith(ROOT) ? relative(ROOT, path) : path;
}

/** Self time per function and file over the samples taken after `skipUs` (start-up and warm-up). */
function report(profile: Profile, skipUs: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  let total = 0;
  let idle = 0;
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += us;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const file = where(url);
    const key = `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    // Dependencies are summed per package, the project per file.
    const group = file.startsWith('node_modules/') ? file.split('/').slice(0, file.split('/')[1]?.startsWith('@') ? 3 : 2).join('/') : file;
    files.set(group, (files.get(group) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  console.log(`\nmeasured round: busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled; shares below are of busy time`);
  console.log(`\ntop ${TOP} functions by self time:`);
  for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${key}`);
  console.log(`\ntop ${TOP} files and packages by self time:`);
  for (const [key, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${key}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'remit-profile-'));
const profileDir = join(dataDir, 'profile');
try {
  const { password } = await prepareRemit(dataDir);
  const spawnedAt = performance.now();
  let measuredFrom: number;
  const remit = await startChild(dataDir, { logLevel: 'default', nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
  try {
    const cookie = await signIn(remit.url, password);
    const warm = await loadRound({ url: `${remit.url}${PATH}`, headers: { cookie }, seconds: 6, connections });
    measuredFrom = performance.now() - spawnedAt;
    const round = await loadRound({ url: `${remit.url}${PATH}`, headers: { cookie }, seconds, connections });
    console.log(`GET ${PATH} at ${connections} connections for ${seconds} s (after ${warm.total} warm-up requests): ${round.rps.toFixed(0)} req/s, p99 ${round.p99Ms} ms`);
  } finally {
    await stopChild(remit.child);
  }
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no .cpuprofile (did it exit cleanly on SIGTERM?)');
  // The profile covers the server's whole life; only the measured round is reported (the profile's clock
  // starts a little after spawn(), so the cut falls just inside the round, never before it).
  report(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile, measuredFrom * 1000);
  if (values.keep) {
    cpSync(join(profileDir, file), join(values.keep, file));
    console.log(`\nprofile kept: ${join(values.keep, file)}`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
