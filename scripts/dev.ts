// `npm run dev`: the API on its usual port and Vite's dev server (hot reload) in front of it,
// proxying /api. Stopping this stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const children: ChildProcess[] = [
  spawn(process.execPath, [join(root, 'src', 'main.ts')], { cwd: root, stdio: 'inherit', env: { ...process.env, REMIT_PORT: process.env.REMIT_PORT ?? '3000' } }),
  spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), '--config', join(root, 'web', 'vite.config.ts'), '--host', '127.0.0.1'], { cwd: root, stdio: 'inherit' }),
];

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
