/**
 * Sums the gzip size of the JavaScript the browser loads for /login before sign-in: the entry of
 * index.html, the LoginPage route chunk, and every chunk they import statically.
 * Run after `npx vite build -c web/vite.config.ts`:  node web/scripts/first-load-size.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

const dir = join(import.meta.dirname, '../../dist/web');
const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

const files = new Set<string>();
function visit(key: string): void {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
}
visit('index.html');
visit('src/pages/LoginPage.tsx');

let raw = 0;
let gz = 0;
for (const file of files) {
  const body = readFileSync(join(dir, file));
  raw += body.length;
  gz += gzipSync(body, { level: 9 }).length;
}
console.log(`first load of /login: ${files.size} JS files, ${(raw / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzip`);
for (const file of files) console.log(`  ${file}`);
if (gz > 300 * 1024) process.exitCode = 1;
