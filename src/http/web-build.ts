import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as Vite from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when the browser app's sources are newer than its build, or the build is missing. */
export function webBuildIsStale(webSrc = join(ROOT, 'web'), dist = join(ROOT, 'dist', 'web')): boolean {
  if (!existsSync(webSrc)) return false;
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime(webSrc) > statSync(index).mtimeMs;
}

/** Builds the browser app with Vite when it is stale; a production install without Vite keeps the build it has. */
export async function ensureWebBuild(log: (message: string) => void): Promise<void> {
  if (!webBuildIsStale()) return;
  const config = join(ROOT, 'web', 'vite.config.ts');
  if (!existsSync(config)) return;
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    log('网页应用的构建缺失或已过时，且未安装 Vite（npm ci 会安装）；只提供接口。 / The web app build is missing or old, and Vite is not installed (npm ci installs it); serving the API only.');
    return;
  }
  log('正在构建网页应用（构建缺失或早于源码）… / Building the web app (its build is missing or older than its sources)…');
  // A NODE_ENV other than production (a test runner sets "test") would make Vite bundle React's
  // development build; the served app is always the production one.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: config, mode: 'production', logLevel: 'warn' });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}
