import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser, resetPassword } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { DIALECTS } from '../helpers/db.ts';
import { login, testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('separation of duties (三员分立) on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  async function linkTo(client: Client, name: string): Promise<string> {
    const clerk = await server.signIn({ username: `clerk-${client.userId.slice(0, 8)}`, roles: ['clerk'] });
    const person = (await clerk.post('/api/people', { name })).json();
    await server.ctx.database.db.updateTable('users').set({ person_id: person.id }).where('id', '=', client.userId).execute();
    return person.id;
  }

  async function enrolTotp(client: Client): Promise<void> {
    const { secret } = (await client.post('/api/auth/totp/setup')).json();
    expect((await client.post('/api/auth/totp/enable', { code: await generate({ secret }) })).statusCode).toBe(204);
  }

  const grade = (personId: string, g: string) => ({ personId, grade: g, grantedOn: '2026-01-05', grantedBy: '市委保密委员会', basis: '岗位确定为涉密岗位' });

  it('lets nobody change their own roles, clearance or person link', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const leaderPerson = await linkTo(leader, 'Zhao Leader');
    for (const patch of [{ roles: ['admin', 'clerk'] }, { clearance: 'juemi' }, { personId: leaderPerson }]) {
      const refused = await admin.patch(`/api/users/${admin.userId}`, patch);
      expect(refused.statusCode, JSON.stringify(patch)).toBe(403);
      expect(refused.json().error.message).toMatch(/cannot change your own/);
    }
    const me = (await admin.get('/api/auth/me')).json().user;
    expect(me).toMatchObject({ roles: ['admin'], clearance: 'internal', personId: null });
    // Without the person link the administrator has no letter of the leader's to sign.
    expect((await admin.get('/api/secrecy/letters/mine')).json().items).toEqual([]);
    // What is not a grant stays the user's own.
    expect((await admin.patch(`/api/users/${admin.userId}`, { displayName: 'Office Admin' })).statusCode).toBe(200);
    expect((await leader.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
  });

  it('refuses one account holding two of the three duties, and an auditor with a role that writes', async () => {
    server = await testServer(dialect);
    const admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    for (const roles of [['admin', 'security_admin'], ['admin', 'auditor'], ['security_admin', 'auditor'], ['secrecy_officer', 'admin'], ['auditor', 'clerk']]) {
      const refused = await admin.post('/api/users', { username: `u-${roles.join('-').replace(/_/g, '')}`, displayName: 'Two hats', roles });
      expect(refused.statusCode, roles.join('+')).toBe(422);
      expect(refused.json().error.code).toBe('duties_not_separable');
    }
    // The rule holds for the command line too, and on a change of roles.
    await expect(createUser(server.ctx, systemActor('cli', 'cli'), { username: 'both', displayName: 'Both', roles: ['admin', 'auditor'], clearance: 'internal' })).rejects.toMatchObject({ status: 422 });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    expect((await admin.patch(`/api/users/${clerk.userId}`, { roles: ['clerk', 'secrecy_officer', 'admin'] })).json().error.code).toBe('duties_not_separable');
    expect((await server.signIn({ username: 'auditor-viewer', roles: ['auditor', 'viewer'] })).userId).toBeTruthy();
  });

  it('leaves appointing the security administrator and the auditor to the command line', async () => {
    server = await testServer(dialect);
    const admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const auditor = await server.signIn({ username: 'auditor', roles: ['auditor'] });
    const created = await admin.post('/api/users', { username: 'puppet', displayName: 'Puppet', roles: ['security_admin'] });
    expect(created.statusCode).toBe(403);
    expect(created.json().error.message).toMatch(/command line/);
    expect((await admin.patch(`/api/users/${clerk.userId}`, { roles: ['auditor'] })).statusCode).toBe(403);
    expect((await admin.patch(`/api/users/${auditor.userId}`, { roles: ['viewer'] })).statusCode).toBe(403);
    // Nor can the administrator take over an auditor's account by resetting its password.
    expect((await admin.post(`/api/users/${auditor.userId}/reset-password`)).statusCode).toBe(403);
    expect(await resetPassword(server.ctx, systemActor('cli', 'cli'), auditor.userId)).toHaveLength(16);
  });

  it('changes clearance only by a request and a second person\'s approval, never for oneself, capped at the ceiling', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const first = await server.signIn({ username: 'sec1', roles: ['security_admin'] });
    const second = await server.signIn({ username: 'sec2', roles: ['security_admin'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const officerPerson = await linkTo(officer, 'Qian Officer');
    const secondPerson = await linkTo(second, 'Sun Second');
    const leaderPerson = await linkTo(leader, 'Li Leader');
    await enrolTotp(leader);
    await enrolTotp(officer);
    await enrolTotp(second);

    // The secrecy officer cannot raise their own clearance, by the account or by the procedure.
    expect((await officer.patch(`/api/users/${officer.userId}`, { clearance: 'juemi' })).statusCode).toBe(403);
    const own = await officer.post('/api/secrecy/clearances', grade(officerPerson, 'core'));
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/your own clearance/);

    // A request changes nothing until a second person approves it.
    const asked = await officer.post('/api/secrecy/clearances', grade(leaderPerson, 'core'));
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'pending', personName: 'Li Leader', requestedBy: 'officer' });
    expect((await leader.get('/api/auth/me')).json().user.clearance).toBe('internal');
    expect((await officer.post('/api/secrecy/clearances', grade(leaderPerson, 'general'))).statusCode).toBe(409);
    // The secrecy officer asks but does not approve.
    expect((await officer.post(`/api/secrecy/clearance-requests/${asked.json().id}/decide`, { approve: true })).statusCode).toBe(403);
    const approved = await first.post(`/api/secrecy/clearance-requests/${asked.json().id}/decide`, { approve: true, note: '同意' });
    expect(approved.statusCode).toBe(200);
    // Core (绝密) is recorded as granted; the account is capped at the ceiling (机密).
    expect(approved.json()).toMatchObject({ request: { status: 'approved', decidedBy: 'sec1' }, grant: { capped: true, accounts: [{ username: 'leader', clearance: 'jimi' }] } });
    expect((await leader.get('/api/auth/me')).json().user.clearance).toBe('jimi');
    expect((await second.post(`/api/secrecy/clearance-requests/${asked.json().id}/decide`, { approve: false })).statusCode).toBe(409);

    // Whoever asked does not approve; nobody approves their own.
    const forSecond = (await first.post('/api/secrecy/clearances', grade(secondPerson, 'general'))).json();
    const selfApproved = await first.post(`/api/secrecy/clearance-requests/${forSecond.id}/decide`, { approve: true });
    expect(selfApproved.statusCode).toBe(403);
    expect(selfApproved.json().error.message).toMatch(/another security administrator/);
    expect((await second.post(`/api/secrecy/clearance-requests/${forSecond.id}/decide`, { approve: true })).statusCode).toBe(403);
    expect((await officer.get('/api/secrecy/clearance-requests?status=pending')).json().items.map((r: { id: string }) => r.id)).toEqual([forSecond.id]);

    const actions = (await server.ctx.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'clearance.%').orderBy('seq').execute()).map((e) => e.action);
    expect(actions).toEqual(['clearance.request', 'clearance.approve', 'clearance.grant', 'clearance.request']);
  });

  it('drops a state-secret clearance to internal when the account is moved to another person', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    await linkTo(leader, 'Zhou Leader');
    await server.ctx.database.db.updateTable('users').set({ clearance: 'jimi' }).where('id', '=', leader.userId).execute();
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const other = (await clerk.post('/api/people', { name: 'Wu Other' })).json().id;
    const moved = await admin.patch(`/api/users/${leader.userId}`, { personId: other });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ personId: other, clearance: 'internal' });
  });

  it('keeps one enabled account per person, and signs letters only with a password the person chose', async () => {
    server = await testServer(dialect);
    const admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const person = await linkTo(leader, 'Qian Leader');
    await officer.post('/api/secrecy/letter-templates', { year: 2026, title: '2026年度保密工作责任书', text: '一、严格遵守保密法律法规。' });
    await officer.post('/api/secrecy/letters/issue', { year: 2026, leaders: [person] });
    const letterId = (await leader.get('/api/secrecy/letters/mine')).json().items[0].id;

    // A second account for the same person, made or relinked by an administrator, is refused.
    const second = await admin.post('/api/users', { username: 'shadow', displayName: 'Shadow', roles: ['viewer'], password: 'shadow-password-123', personId: person });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'person_has_account' });
    expect((await server.ctx.database.db.selectFrom('users').select('id').where('username', '=', 'shadow').execute())).toEqual([]);
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    const relinked = await admin.patch(`/api/users/${viewer.userId}`, { personId: person });
    expect(relinked.statusCode).toBe(409);
    expect(relinked.json().error.message).toContain('leader');

    // Disabled, the leader's account frees the person; re-enabling it while another is linked is refused.
    expect((await admin.patch(`/api/users/${leader.userId}`, { disabled: true })).statusCode).toBe(200);
    const moved = await admin.patch(`/api/users/${viewer.userId}`, { personId: person });
    expect(moved.statusCode).toBe(200);
    expect((await admin.patch(`/api/users/${leader.userId}`, { disabled: false })).json().error).toMatchObject({ code: 'person_has_account' });

    // The administrator reset the relinked account's password and knows it: signing is refused,
    // audited, until the person chooses a password of their own.
    const password = (await admin.post(`/api/users/${viewer.userId}/reset-password`)).json().password as string;
    const session = await login(server.app, 'viewer', password);
    const refused = await session.post(`/api/secrecy/letters/${letterId}/sign`, { password });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'own_password_required' });
    const refusals = await server.ctx.database.db.selectFrom('audit_events').select('detail').where('action', '=', 'letter.sign_refused').execute();
    expect(refusals.map((e) => JSON.parse(e.detail as string).reason)).toEqual(['own_password_required']);
    expect((await session.get('/api/secrecy/letters/mine')).json().items[0].status).toBe('issued');

    expect((await session.post('/api/auth/password', { currentPassword: password, newPassword: 'my-own-password-456' })).statusCode).toBe(204);
    const signed = await session.post(`/api/secrecy/letters/${letterId}/sign`, { password: 'my-own-password-456' });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed' });
  });

  it('lets the auditor read and verify the log, the administrator neither, and the auditor change nothing', async () => {
    server = await testServer(dialect);
    const admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    const auditor = await server.signIn({ username: 'auditor', roles: ['auditor'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const person = (await clerk.post('/api/people', { name: 'Zheng Person' })).json();

    const log = await auditor.get('/api/audit?pageSize=500');
    expect(log.statusCode).toBe(200);
    // The administrators' own events are there for the auditor to review.
    expect(log.json().items.map((e: { actorName: string }) => e.actorName)).toContain('test');
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
    expect((await admin.get('/api/audit/verify')).statusCode).toBe(403);

    const writes: [string, string, unknown][] = [
      ['POST', '/api/units', { name: 'Audit Unit', kind: 'other' }],
      ['PATCH', `/api/people/${person.id}`, { name: 'Changed' }],
      ['POST', '/api/users', { username: 'x1', displayName: 'X', roles: ['viewer'] }],
      ['PATCH', `/api/users/${clerk.userId}`, { displayName: 'Changed' }],
      ['POST', `/api/users/${clerk.userId}/reset-password`, undefined],
      ['POST', '/api/secrecy/clearances', grade(person.id, 'general')],
      ['POST', '/api/auth/locks/lift', { userId: clerk.userId }],
      ['POST', '/api/secrecy/letter-templates', { year: 2026, title: '责任书', text: '正文' }],
      ['POST', '/api/secrecy/review', { text: '一段草稿' }],
    ];
    for (const [method, url, body] of writes) {
      const response = method === 'POST' ? await auditor.post(url, body) : await auditor.patch(url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
  });
});
