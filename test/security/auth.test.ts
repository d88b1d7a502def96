import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { login, TEST_PASSWORD, testServer, type TestServer } from '../helpers/http.ts';
import { DIALECTS } from '../helpers/db.ts';

describe.each(DIALECTS)('accounts and sessions on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  const loginAs = (username: string, password: string, totp?: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });

  it('signs in with a session cookie that is httpOnly and SameSite=Lax, and signs out', async () => {
    server = await testServer(dialect);
    const clerk = await server.signIn({ username: 'clerk1', roles: ['clerk'] });
    const response = await loginAs('clerk1', TEST_PASSWORD);
    const cookie = response.cookies.find((c) => c.name === 'remit_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await clerk.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ username: 'clerk1', roles: ['clerk'], clearance: 'internal' });
    expect(me.json().user.permissions).toContain('org.write');
    expect(me.json().user).not.toHaveProperty('password_hash');
    expect((await clerk.post('/api/auth/logout')).statusCode).toBe(204);
    const after = await clerk.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('session_expired');
  });

  it('answers a wrong password and an unknown user alike', async () => {
    server = await testServer(dialect);
    await server.signIn({ username: 'someone', roles: ['viewer'] });
    const wrong = await loginAs('someone', 'not the password');
    const unknown = await loginAs('nobody', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });

  it('locks an account from an address after five failures, even for the right password, until the secrecy office lifts it', async () => {
    server = await testServer(dialect);
    const admin = await server.signIn({ username: 'admin1', roles: ['admin'] });
    const officer = await server.signIn({ username: 'officer1', roles: ['secrecy_officer'] });
    const target = await server.signIn({ username: 'target', roles: ['viewer'] });
    for (let i = 0; i < 5; i++) expect((await loginAs('target', 'wrong password')).statusCode).toBe(401);
    const locked = await loginAs('target', TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/locked here until/);
    const locks = (await officer.get('/api/auth/locks')).json().items;
    expect(locks).toMatchObject([{ userId: target.userId, username: 'target', address: '127.0.0.1', lockouts: 1 }]);
    expect(locks[0].lockedUntil).not.toBeNull();
    // Lifting a lock lets guessing resume: that is the secrecy office's call, not the system administrator's.
    expect((await admin.post(`/api/users/${target.userId}/unlock`)).statusCode).toBe(403);
    expect((await officer.post(`/api/users/${target.userId}/unlock`)).statusCode).toBe(204);
    expect((await loginAs('target', TEST_PASSWORD)).statusCode).toBe(200);
    const events = await server.ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', target.userId).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.credentials_failed', 'auth.locked', 'auth.unlock']));
  });

  it('asks for a TOTP code once enrolled, and refuses a wrong one', async () => {
    server = await testServer(dialect);
    const user = await server.signIn({ username: 'leader1', roles: ['leader'] });
    const setup = await user.post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect((await user.post('/api/auth/totp/enable', { code: '000000' })).statusCode).toBe(400);
    // Codes are used up: enrol with the previous step's code (within the drift allowed), sign in with the current one.
    expect((await user.post('/api/auth/totp/enable', { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }) })).statusCode).toBe(204);

    const first = await loginAs('leader1', TEST_PASSWORD);
    expect(first.statusCode).toBe(401);
    expect(first.json().error.code).toBe('totp_required');
    expect(first.cookies.find((c) => c.name === 'remit_session')).toBeUndefined();
    const wrongCode = await loginAs('leader1', TEST_PASSWORD, (Number(await generate({ secret })) + 1).toString().padStart(6, '0').slice(-6));
    expect(wrongCode.json().error.code).toBe('invalid_totp');
    const code = await generate({ secret });
    const ok = await loginAs('leader1', TEST_PASSWORD, code);
    expect(ok.statusCode).toBe(200);
    // A code is good once: the same code again, within its window, is refused.
    const replay = await loginAs('leader1', TEST_PASSWORD, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('invalid_totp');
    expect(replay.json().error.message).toMatch(/already used/);
  });

  it('does not set clearance on the account: it points to the clearance procedure', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const admin = await server.signIn({ username: 'admin2', roles: ['admin'] });
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const leader = await server.signIn({ username: 'leader2', roles: ['leader'] });
    const refused = await admin.patch(`/api/users/${leader.userId}`, { clearance: 'jimi' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('clearance_procedure');
    expect(refused.json().error.message).toMatch(/second person/);
    // The secrecy officer does not manage accounts at all.
    expect((await officer.patch(`/api/users/${leader.userId}`, { clearance: 'jimi' })).statusCode).toBe(403);
    expect((await officer.patch(`/api/users/${leader.userId}`, { roles: ['admin'] })).statusCode).toBe(403);
    expect((await leader.get('/api/auth/me')).json().user.clearance).toBe('internal');
  });

  it('refuses a cookie-authenticated write without the page token', async () => {
    server = await testServer(dialect);
    const clerk = await server.signIn({ username: 'clerk2', roles: ['clerk'] });
    const forged = await server.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: clerk.cookie }, payload: { name: 'Forged', kind: 'other' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_failed');
    expect(await server.ctx.database.db.selectFrom('units').select('id').execute()).toEqual([]);
    expect((await clerk.post('/api/units', { name: 'Real', kind: 'other' })).statusCode).toBe(201);
  });

  it('accepts API tokens, stores only their digest, and stops accepting a revoked one', async () => {
    server = await testServer(dialect);
    const clerk = await server.signIn({ username: 'clerk3', roles: ['clerk'] });
    const created = await clerk.post('/api/tokens', { name: 'integration', password: TEST_PASSWORD });
    expect(created.statusCode).toBe(201);
    const { token, item } = created.json();
    const stored = await server.ctx.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const withToken = (method: 'GET' | 'POST', url: string, payload?: object) =>
      server.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    expect((await withToken('GET', '/api/units')).statusCode).toBe(200);
    // Tokens are not cookies: no page token is needed for writes.
    expect((await withToken('POST', '/api/units', { name: 'Via token', kind: 'other' })).statusCode).toBe(201);
    expect((await clerk.delete(`/api/tokens/${item.id}`)).statusCode).toBe(204);
    const after = await withToken('GET', '/api/units');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
  });

  it('expires a session after its time and says so', async () => {
    server = await testServer(dialect);
    const viewer = await server.signIn({ username: 'viewer1', roles: ['viewer'] });
    await server.ctx.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const response = await viewer.get('/api/units');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('session_expired');
  });

  it('ends a session at the absolute limit after sign-in, however recently it was used', async () => {
    server = await testServer(dialect, { REMIT_SESSION_HOURS: '12', REMIT_SESSION_MAX_HOURS: '24' });
    const viewer = await server.signIn({ username: 'viewer2', roles: ['viewer'] });
    const db = server.ctx.database.db;
    // Used a minute ago and every minute before that: the idle limit is far off, the absolute one passed.
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    await db
      .updateTable('sessions')
      .set({ created_at: new Date(Date.now() - 25 * 3_600_000).toISOString(), last_seen_at: minuteAgo, expires_at: new Date(Date.now() + 11 * 3_600_000).toISOString() })
      .execute();
    const response = await viewer.get('/api/auth/me');
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'session_expired', message: expect.stringMatching(/at most 24 hours/) });
    expect(await db.selectFrom('sessions').select('id').execute()).toEqual([]);
  });

  it('never slides a session past the absolute limit', async () => {
    server = await testServer(dialect, { REMIT_SESSION_HOURS: '12', REMIT_SESSION_MAX_HOURS: '24' });
    const viewer = await server.signIn({ username: 'viewer3', roles: ['viewer'] });
    const db = server.ctx.database.db;
    const created = new Date(Date.now() - 20 * 3_600_000).toISOString();
    await db.updateTable('sessions').set({ created_at: created, last_seen_at: new Date(Date.now() - 120_000).toISOString() }).execute();
    expect((await viewer.get('/api/auth/me')).statusCode).toBe(200);
    const row = await db.selectFrom('sessions').select('expires_at').executeTakeFirstOrThrow();
    expect(row.expires_at).toBe(new Date(Date.parse(created) + 24 * 3_600_000).toISOString());
  });

  it('changes the password, ends the other sessions and keeps this one', async () => {
    server = await testServer(dialect);
    const here = await server.signIn({ username: 'mover', roles: ['viewer'] });
    const elsewhere = await login(server.app, 'mover', TEST_PASSWORD);
    const short = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/at least 10/);
    expect((await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a much longer secret' })).statusCode).toBe(204);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    expect((await loginAs('mover', 'a much longer secret')).statusCode).toBe(200);
  });

  it('lets only admins manage users and shows a generated password once', async () => {
    server = await testServer(dialect);
    const admin = await server.signIn({ username: 'root1', roles: ['admin'] });
    const clerk = await server.signIn({ username: 'clerk4', roles: ['clerk'] });
    expect((await clerk.get('/api/users')).statusCode).toBe(403);
    const created = await admin.post('/api/users', { username: 'New.User', displayName: 'New User', roles: ['viewer'] });
    expect(created.statusCode).toBe(201);
    expect(created.json().user.username).toBe('new.user');
    const password = created.json().password as string;
    expect(password).toHaveLength(16);
    expect((await loginAs('new.user', password)).statusCode).toBe(200);
    const duplicate = await admin.post('/api/users', { username: 'new.user', displayName: 'Again', roles: ['viewer'] });
    expect(duplicate.statusCode).toBe(409);
    const bad = await admin.post('/api/users', { username: 'x', displayName: '', roles: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['body.username', 'body.roles']));
  });

  it('slows down one address that tries many sign-ins', async () => {
    server = await testServer(dialect);
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) answers.push((await loginAs(`guess${i}`, 'wrong password')).statusCode);
    expect(answers.slice(0, 30).every((s) => s === 401)).toBe(true);
    const last = await loginAs('guess', 'wrong password');
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('too_many_requests');
  });
});
