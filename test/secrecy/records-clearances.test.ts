import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('classified-post grades on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  const grade = (personId: string, g: string, grantedOn = '2026-01-05') => ({ personId, grade: g, grantedOn, grantedBy: '市委保密委员会', basis: '任市委办公室机要科科长，岗位确定为涉密岗位' });

  async function personFor(client: Client, name: string): Promise<string> {
    const clerk = await server.signIn({ username: `clerk-${name.toLowerCase().replace(/\s/g, '')}`, roles: ['clerk'] });
    const person = (await clerk.post('/api/people', { name })).json();
    await server.ctx.database.db.updateTable('users').set({ person_id: person.id }).where('id', '=', client.userId).execute();
    return person.id;
  }

  /** The clearance procedure: the officer asks, a security administrator approves. */
  async function grantThrough(officer: Client, approver: Client, body: ReturnType<typeof grade>) {
    const asked = await officer.post('/api/secrecy/clearances', body);
    if (asked.statusCode !== 201) return asked;
    return approver.post(`/api/secrecy/clearance-requests/${asked.json().id}/decide`, { approve: true });
  }

  async function enrolTotp(client: Client): Promise<void> {
    const { secret } = (await client.post('/api/auth/totp/setup')).json();
    expect((await client.post('/api/auth/totp/enable', { code: await generate({ secret }) })).statusCode).toBe(204);
  }

  it('needs TOTP before a grade gives an account state-secret clearance, and keeps the history', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const approver = await server.signIn({ username: 'secadmin', roles: ['security_admin'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const personId = await personFor(leader, 'Wang Wei');

    const refused = await grantThrough(officer, approver, grade(personId, 'important'));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('totp_required_for_clearance');
    expect(refused.json().error.message).toMatch(/account leader linked to Wang Wei/);
    expect((await officer.get('/api/secrecy/clearances')).json().total).toBe(0);

    await enrolTotp(leader);
    const granted = await grantThrough(officer, approver, grade(personId, 'important'));
    expect(granted.statusCode).toBe(200);
    expect(granted.json().grant).toMatchObject({ capped: false, accounts: [{ username: 'leader', clearance: 'jimi' }] });
    expect(granted.json().grant.clearance).toMatchObject({ personName: 'Wang Wei', grade: 'important', highestLevel: 'jimi', recordLevel: 'internal' });
    expect((await leader.get('/api/auth/me')).json().user.clearance).toBe('jimi');

    // Core (绝密) is above this deployment's ceiling (机密): recorded as granted, the account capped.
    const core = await grantThrough(officer, approver, grade(personId, 'core', '2026-03-01'));
    expect(core.statusCode).toBe(200);
    expect(core.json().grant).toMatchObject({ capped: true, accounts: [{ clearance: 'jimi' }] });
    expect(core.json().grant.clearance.highestLevel).toBe('juemi');
    expect((await leader.get('/api/auth/me')).json().user.clearance).toBe('jimi');

    const history = (await officer.get(`/api/secrecy/clearances/${personId}/history`)).json().items;
    expect(history.map((h: { grade: string }) => h.grade)).toEqual(['core', 'important']);
    expect(history.map((h: { accountClearance: string }) => h.accountClearance)).toEqual(['jimi', 'jimi']);
    expect(history[0]).toMatchObject({ highestLevel: 'juemi', grantedBy: '市委保密委员会', recordedBy: 'secadmin' });

    const list = (await officer.get('/api/secrecy/clearances')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ grade: 'core', highestLevel: 'juemi' });
    const actions = (await server.ctx.database.db.selectFrom('audit_events').select(['action', 'detail']).where('action', '=', 'clearance.grant').execute());
    expect(actions).toHaveLength(2);
    expect(JSON.parse(actions[1]!.detail)).toMatchObject({ capped: true, ceiling: 'jimi', highest: 'juemi', accountClearance: 'jimi', requestedBy: 'officer' });
  });

  it('keeps a graded person: deleting them would erase their clearance history, so it is refused whole', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const approver = await server.signIn({ username: 'secadmin', roles: ['security_admin'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const graded = (await clerk.post('/api/people', { name: 'Graded Person' })).json().id;
    const plain = (await clerk.post('/api/people', { name: 'Plain Person' })).json().id;
    expect((await grantThrough(officer, approver, grade(graded, 'general'))).statusCode).toBe(200);

    const refused = await clerk.delete(`/api/people/${graded}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'person_has_secrecy_records' });
    expect((await clerk.get(`/api/people/${graded}`)).statusCode).toBe(200);
    expect((await officer.get(`/api/secrecy/clearances/${graded}/history`)).json().items).toHaveLength(1);
    expect((await clerk.delete(`/api/people/${plain}`)).statusCode).toBe(204);
  });

  it('caps at the default internal ceiling, where no second factor is needed', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const approver = await server.signIn({ username: 'secadmin', roles: ['security_admin'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const personId = await personFor(leader, 'Li Na');
    const granted = await grantThrough(officer, approver, grade(personId, 'core'));
    expect(granted.statusCode).toBe(200);
    expect(granted.json().grant).toMatchObject({ capped: true, accounts: [{ clearance: 'internal' }] });
    expect(granted.json().grant.clearance.highestLevel).toBe('juemi');
    expect((await leader.get('/api/auth/me')).json().user.clearance).toBe('internal');
    // "none" lowers the post to internal as well.
    const none = await grantThrough(officer, approver, grade(personId, 'none'));
    expect(none.json().grant).toMatchObject({ capped: false, clearance: { highestLevel: 'internal' } });
  });

  it('lets leaders read grades, only the secrecy office ask for them, and viewers neither', async () => {
    server = await testServer(dialect);
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    const personId = await personFor(viewer, 'Zhou Tao');
    expect((await leader.get('/api/secrecy/clearances')).statusCode).toBe(200);
    expect((await leader.post('/api/secrecy/clearances', grade(personId, 'general'))).statusCode).toBe(403);
    const denied = await viewer.get('/api/secrecy/clearances');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toMatch(/secrecy\.read/);
  });
});
