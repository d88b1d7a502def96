import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

const PASSWORD = 'correct horse battery';

// Behind a reverse proxy every connection comes from the proxy; the client's own address (kept with
// its session, and used by the per-address sign-in throttle) is believed only from a trusted proxy.
describe('the client address behind a reverse proxy', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.dispose());

  async function signInFrom(overrides: Record<string, string>): Promise<string | null> {
    server = await testServer('sqlite', overrides);
    await createUser(server.ctx, systemActor('test'), { username: 'clerk', displayName: 'Clerk', password: PASSWORD, roles: ['clerk'], clearance: 'internal', personId: null });
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
      payload: { username: 'clerk', password: PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const session = await server.ctx.database.db.selectFrom('sessions').select('ip').executeTakeFirstOrThrow();
    return session.ip;
  }

  it('is the forwarded address when the proxy is trusted (REMIT_TRUST_PROXY)', async () => {
    expect(await signInFrom({ REMIT_TRUST_PROXY: '127.0.0.1' })).toBe('203.0.113.7');
  });

  it('is the socket address otherwise, so a client cannot name its own address', async () => {
    expect(await signInFrom({})).toBe('127.0.0.1');
  });
});
