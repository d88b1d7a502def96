import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../../src/security/lockout.ts';
import { DIALECTS } from '../helpers/db.ts';
import { TEST_PASSWORD, testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('one throttled password check on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  const loginFrom = (address: string, username: string, password: string, totp?: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: address, payload: { username, password, ...(totp ? { totp } : {}) } });

  const actionsOn = async (userId: string) =>
    (await server.ctx.database.db.selectFrom('audit_events').select(['action', 'detail']).where('object_id', '=', userId).orderBy('seq').execute()).map((e) => ({
      action: e.action,
      detail: JSON.parse(e.detail) as { purpose?: string; address?: string },
    }));

  it('verifies only five of twenty parallel wrong passwords, then locks that address out, not the owner elsewhere', async () => {
    server = await testServer(dialect);
    const owner = await server.signIn({ username: 'owner', roles: ['viewer'] });
    const answers = await Promise.all(Array.from({ length: 20 }, () => loginFrom('10.0.0.66', 'owner', 'a wrong guess')));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(MAX_FAILURES);
    expect(codes.filter((c) => c === 429)).toHaveLength(20 - MAX_FAILURES);
    // The right password from the attacker's address is refused too: the lock holds whatever is typed.
    const locked = await loginFrom('10.0.0.66', 'owner', TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
    // The owner at their own desk is not locked out by someone else's guesses.
    expect((await loginFrom('10.0.0.7', 'owner', TEST_PASSWORD)).statusCode).toBe(200);
    const events = await actionsOn(owner.userId);
    expect(events.filter((e) => e.action === 'auth.credentials_failed')).toHaveLength(MAX_FAILURES - 1);
    expect(events.filter((e) => e.action === 'auth.locked')).toEqual([{ action: 'auth.locked', detail: expect.objectContaining({ purpose: 'login', address: '10.0.0.66' }) }]);
  });

  it('locks longer each time the same address is locked again', async () => {
    server = await testServer(dialect);
    const owner = await server.signIn({ username: 'owner', roles: ['viewer'] });
    const db = server.ctx.database.db;
    const lockFor = async () => {
      for (let i = 0; i < MAX_FAILURES; i++) expect((await loginFrom('10.0.0.66', 'owner', 'a wrong guess')).statusCode).toBe(401);
      const row = await db.selectFrom('sign_in_failures').selectAll().where('user_id', '=', owner.userId).executeTakeFirstOrThrow();
      return (Date.parse(row.locked_until!) - Date.now()) / 60_000;
    };
    const first = await lockFor();
    // The first lock runs out.
    await db.updateTable('sign_in_failures').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).execute();
    const second = await lockFor();
    expect(first).toBeGreaterThan(4);
    expect(first).toBeLessThanOrEqual(5);
    expect(second).toBeGreaterThan(9);
    expect(second).toBeLessThanOrEqual(10);
  });

  it('counts wrong passwords at password change, TOTP disable and letter signing with sign-in failures, and audits them', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const person = (await clerk.post('/api/people', { name: 'Gao Leader' })).json();
    await server.ctx.database.db.updateTable('users').set({ person_id: person.id }).where('id', '=', leader.userId).execute();
    const { secret } = (await leader.post('/api/auth/totp/setup')).json();
    expect((await leader.post('/api/auth/totp/enable', { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }) })).statusCode).toBe(204);
    await officer.post('/api/secrecy/letter-templates', { year: 2026, title: '2026年度保密工作责任书', text: '严格遵守保密法律法规。' });
    await officer.post('/api/secrecy/letters/issue', { year: 2026, leaders: [person.id] });
    const letter = (await leader.get('/api/secrecy/letters/mine')).json().items[0];

    const wrong = 'not my password';
    expect((await leader.post('/api/auth/password', { currentPassword: wrong, newPassword: 'a new long password' })).statusCode).toBe(400);
    expect((await leader.post('/api/auth/password', { currentPassword: wrong, newPassword: 'a new long password' })).statusCode).toBe(400);
    expect((await leader.post('/api/auth/totp/disable', { password: wrong })).statusCode).toBe(400);
    expect((await leader.post('/api/auth/totp/disable', { password: wrong })).statusCode).toBe(400);
    const refused = await leader.post(`/api/secrecy/letters/${letter.id}/sign`, { password: wrong, totp: await generate({ secret }) });
    expect(refused.json().error.code).toBe('reauthentication_failed');

    // Five failures across the three: the right password is now refused everywhere from this address.
    const change = await leader.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a new long password' });
    expect(change.statusCode).toBe(429);
    expect((await leader.post(`/api/secrecy/letters/${letter.id}/sign`, { password: TEST_PASSWORD, totp: await generate({ secret }) })).statusCode).toBe(429);
    expect((await loginFrom('127.0.0.1', 'leader', TEST_PASSWORD, await generate({ secret }))).statusCode).toBe(429);
    const events = await actionsOn(leader.userId);
    const failures = events.filter((e) => e.action === 'auth.credentials_failed' || e.action === 'auth.locked');
    expect(failures.map((e) => e.detail.purpose)).toEqual(['password_change', 'password_change', 'totp_disable', 'totp_disable', 'letter_sign']);
    expect(failures.at(-1)!.action).toBe('auth.locked');
  });

  it('counts a wrong TOTP code at sign-in, and does not reset the count for a right password without a code', async () => {
    server = await testServer(dialect);
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const { secret } = (await leader.post('/api/auth/totp/setup')).json();
    expect((await leader.post('/api/auth/totp/enable', { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }) })).statusCode).toBe(204);
    const badCode = (Number(await generate({ secret })) + 1).toString().padStart(6, '0').slice(-6);
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      expect((await loginFrom('10.0.0.9', 'leader', TEST_PASSWORD, badCode)).json().error.code).toBe('invalid_totp');
      // Someone who knows the password cannot clear the count by leaving the code out.
      expect((await loginFrom('10.0.0.9', 'leader', TEST_PASSWORD)).json().error.code).toBe('totp_required');
    }
    expect((await loginFrom('10.0.0.9', 'leader', TEST_PASSWORD, badCode)).json().error.code).toBe('invalid_totp');
    expect((await loginFrom('10.0.0.9', 'leader', TEST_PASSWORD, await generate({ secret }))).statusCode).toBe(429);
  });

  it('shows locks to the secrecy office, which lifts one address or all; nobody else may', async () => {
    server = await testServer(dialect);
    const admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    const auditor = await server.signIn({ username: 'auditor', roles: ['auditor'] });
    const security: Client = await server.signIn({ username: 'secadmin', roles: ['security_admin'] });
    const owner = await server.signIn({ username: 'owner', roles: ['viewer'] });
    for (const address of ['10.0.0.1', '10.0.0.2']) {
      for (let i = 0; i < MAX_FAILURES; i++) await loginFrom(address, 'owner', 'a wrong guess');
    }
    expect((await admin.get('/api/auth/locks')).statusCode).toBe(403);
    expect((await auditor.get('/api/auth/locks')).statusCode).toBe(403);
    expect((await auditor.post('/api/auth/locks/lift', { userId: owner.userId })).statusCode).toBe(403);
    const locks = (await security.get('/api/auth/locks')).json().items as { address: string; lockedUntil: string | null }[];
    expect(locks.map((l) => l.address).sort()).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(locks.every((l) => l.lockedUntil !== null)).toBe(true);
    expect((await security.post('/api/auth/locks/lift', { userId: owner.userId, address: '10.0.0.1' })).json()).toEqual({ lifted: 1 });
    expect((await loginFrom('10.0.0.1', 'owner', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await loginFrom('10.0.0.2', 'owner', TEST_PASSWORD)).statusCode).toBe(429);
    const unknown = await security.post('/api/auth/locks/lift', { userId: 'no-such-user' });
    expect(unknown.statusCode).toBe(404);
  });
});
