import { loadSettings } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createPerson } from '../../src/org/people.ts';
import { systemActor } from '../../src/security/actor.ts';
import { startChild, stopChild } from './child.ts';

/** People added at level internal, so the page is full and every answer appends a read-audit event. */
export const PEOPLE = 50;

/** Remit with the demo data and 50 more people at level internal; answers the demo admin's password. */
export async function prepareRemit(dataDir: string): Promise<{ password: string }> {
  const first = await startChild(dataDir, { captureStdout: true });
  await stopChild(first.child);
  const password = /password:\s+(\S+)/.exec(first.stdout())?.[1];
  if (!password) throw new Error('the first start did not print the demo admin password');
  const database = await openDatabase({ sqlite: dataDir });
  const ctx = { database, settings: loadSettings({ REMIT_DATA_DIR: dataDir, REMIT_DEMO: 'false' }) };
  const system = systemActor('bench');
  for (let i = 0; i < PEOPLE; i++) {
    const n = String(i + 1).padStart(2, '0');
    await createPerson(ctx, system, { name: `Bench Person ${n}`, nameEn: `Bench Person ${n}`, email: `bench${n}@example.org`, phone: null, note: 'Created by bench/http/run.ts', level: 'internal' });
  }
  await database.close();
  return { password };
}

export async function signIn(url: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  await login.arrayBuffer();
  const session = login.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('remit_session='));
  if (login.status !== 200 || !session) throw new Error(`admin sign-in answered ${login.status} without a remit_session cookie`);
  return session;
}

