import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Context } from '../../src/context.ts';
import type { DialectName } from '../../src/db/database.ts';
import { buildServer } from '../../src/http/server.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import type { Level } from '../../src/security/levels.ts';
import type { Role } from '../../src/security/roles.ts';
import { freshContext } from './db.ts';

export interface TestServer {
  app: FastifyInstance;
  ctx: Context;
  /** Creates an account directly and returns a signed-in client for it. */
  signIn(user: { username: string; roles: Role[]; clearance?: Level; password?: string }): Promise<Client>;
  dispose(): Promise<void>;
}

export interface Client {
  userId: string;
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export const TEST_PASSWORD = 'correct horse battery';

/** The real server on a fresh database, driven through Fastify's inject (no socket, same code path). */
export async function testServer(
  dialect: DialectName,
  overrides: Record<string, string> = {},
  options: { /** The Accept-Language of requests that send none; null leaves them without. */ language?: string | null } = {},
): Promise<TestServer> {
  const { ctx, dispose } = await freshContext(dialect, overrides);
  const app = await buildServer(ctx, { webDir: '/nonexistent' });
  // Tests read the server's English messages: a request that names no language asks for English
  // (the server's own default is Chinese; test/i18n/server-messages.test.ts covers it).
  if (options.language !== null) {
    app.addHook('onRequest', async (request) => {
      request.headers['accept-language'] ??= options.language ?? 'en';
    });
  }
  await app.ready();
  return {
    app,
    ctx,
    async signIn({ username, roles, clearance = 'internal', password = TEST_PASSWORD }) {
      const { user } = await createUser(ctx, systemActor('test'), { username, displayName: username, password, roles, clearance, personId: null });
      // A test account stands for a person who has chosen their own password (as after their first
      // password change), so it may sign letters; test/security/separation-of-duties.test.ts covers the other case.
      await ctx.database.db.updateTable('users').set({ password_by_admin: 0 }).where('id', '=', user.id).execute();
      return login(app, username, password, user.id);
    },
    async dispose() {
      await app.close();
      await dispose();
    },
  };
}

export async function login(app: FastifyInstance, username: string, password: string, userId = ''): Promise<Client> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'remit_session');
  const { csrfToken, user } = response.json() as { csrfToken: string; user: { id: string } };
  return clientFor(app, `remit_session=${cookie!.value}`, csrfToken, userId || user.id);
}

export function clientFor(app: FastifyInstance, cookie: string, csrf: string, userId: string): Client {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      // English, like every test request that names no language (see testServer).
      headers: { cookie, 'accept-language': 'en', ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    userId,
    cookie,
    csrf,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body),
    patch: (url, body) => send('PATCH', url, body),
    put: (url, body) => send('PUT', url, body),
    delete: (url) => send('DELETE', url),
  };
}
