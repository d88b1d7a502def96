import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REMIT_PROCESS = join(import.meta.dirname, 'remit-process.ts');

export interface RemitProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM, and wait until it has exited. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
}

/** Starts test/ops/remit-process.ts (the real startRemit) on the database named by `env`; resolves once it listens. */
export async function startRemitProcess(env: Record<string, string>): Promise<RemitProcess> {
  const child = spawn(process.execPath, [REMIT_PROCESS], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code, signal) => reject(new Error(`Remit process exited (${code ?? signal}) before listening:\n${stderr}`)));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    url,
    child,
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signInOver(url: string, username: string, password: string): Promise<Session> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { csrfToken?: string };
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('remit_session='));
  if (response.status !== 200 || !cookie || !body.csrfToken) throw new Error(`sign-in answered ${response.status}: ${JSON.stringify(body)}`);
  return { cookie, csrf: body.csrfToken };
}

export async function call(url: string, session: Session, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}
