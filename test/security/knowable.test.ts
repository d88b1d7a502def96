import { afterEach, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/org/people.ts';
import { systemActor } from '../../src/security/actor.ts';
import type { Level } from '../../src/security/levels.ts';
import type { Role } from '../../src/security/roles.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('need-to-know (知悉范围) on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  /** An account linked to a person, with a clearance set behind the API (granting it there needs TOTP). */
  async function member(username: string, roles: Role[], clearance: Level) {
    const person = await createPerson(server.ctx, systemActor(), { name: username, level: 'public' });
    const client = await server.signIn({ username, roles });
    await server.ctx.database.db.updateTable('users').set({ clearance, person_id: person.id }).where('id', '=', client.userId).execute();
    return { client, personId: person.id };
  }

  it('lets only those named read a secret, and adds readers by approved request', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const author = await member('author', ['clerk', 'leader'], 'jimi');
    const colleague = await member('colleague', ['leader'], 'jimi');
    const officer = await member('officer', ['secrecy_officer'], 'jimi');
    const unit = await author.client.post('/api/units', { name: '专项工作组', kind: 'other', level: 'jimi' });
    expect(unit.statusCode, unit.body).toBe(201);
    expect(unit.json().mark).toBe('机密★');
    const id = unit.json().id as string;

    // Cleared, but not named: the record does not exist for the colleague.
    expect((await colleague.client.get(`/api/units/${id}`)).statusCode).toBe(404);
    expect((await colleague.client.get('/api/units?q=专项')).json().total).toBe(0);
    expect((await author.client.get(`/api/units/${id}`)).statusCode).toBe(200);

    const asked = await author.client.post('/api/knowable/requests', { objectType: 'unit', objectId: id, subjectType: 'person', subjectId: colleague.personId, reason: 'Leads the follow-up work' });
    expect(asked.statusCode).toBe(201);
    const requestId = asked.json().id as string;
    const own = await author.client.post(`/api/knowable/requests/${requestId}/decide`, { approve: true });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/your own request/);
    // The secrecy officer keeps the scope without being named in it.
    const approved = await officer.client.post(`/api/knowable/requests/${requestId}/decide`, { approve: true, note: 'Approved' });
    expect(approved.statusCode).toBe(204);
    expect((await officer.client.get(`/api/units/${id}`)).statusCode).toBe(404);
    expect((await colleague.client.get(`/api/units/${id}`)).statusCode).toBe(200);
    expect((await colleague.client.get('/api/units?q=专项')).json().total).toBe(1);

    const register = (await officer.client.get(`/api/knowable/unit/${id}`)).json();
    expect(register.entries.map((e: { name: string; reason: string }) => `${e.name}:${e.reason}`)).toEqual(['author:author', 'colleague:Leads the follow-up work']);
    expect(register.requests[0]).toMatchObject({ status: 'approved', decisionNote: 'Approved' });
    const knowers = (await officer.client.get('/api/knowable')).json().items;
    expect(knowers).toEqual([expect.objectContaining({ objectType: 'unit', objectId: id, level: 'jimi', knowers: expect.arrayContaining([expect.objectContaining({ subjectId: colleague.personId })]) })]);

    const actions = (await server.ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', id).execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['unit.create', 'knowable.request', 'knowable.approve', 'knowable.register']));
    // Who knows a secret is kept at its level: both registers' reads are audited events at 机密, by the officer.
    const reads = await server.ctx.database.db.selectFrom('audit_events').select(['action', 'level', 'actor_name', 'detail']).where('action', 'in', ['knowable.register', 'knowable.register_list']).orderBy('seq').execute();
    expect(reads.map((e) => [e.action, e.level, e.actor_name])).toEqual([
      ['knowable.register', 'jimi', 'officer'],
      ['knowable.register_list', 'jimi', 'officer'],
    ]);
    expect(JSON.parse(reads[1]!.detail)).toEqual({ records: [`unit:${id}`] });
  });

  it('admits those holding a position in a named unit when it is approved, and refuses an account without a person', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const author = await member('author', ['clerk', 'leader'], 'jimi');
    const officer = await member('officer', ['secrecy_officer'], 'jimi');
    const staff = await member('staff', ['viewer'], 'jimi');
    const office = (await author.client.post('/api/units', { name: '保密办', kind: 'department', level: 'public' })).json();
    await author.client.post('/api/positions', { personId: staff.personId, unitId: office.id, title: '干部', level: 'public' });
    const secret = (await author.client.post('/api/people', { name: '知情人', level: 'jimi' })).json();
    expect((await staff.client.get(`/api/people/${secret.id}`)).statusCode).toBe(404);
    const asked = (await author.client.post('/api/knowable/requests', { objectType: 'person', objectId: secret.id, subjectType: 'unit', subjectId: office.id, reason: 'The office keeps the file' })).json();
    await officer.client.post(`/api/knowable/requests/${asked.id}/decide`, { approve: true });
    expect((await staff.client.get(`/api/people/${secret.id}`)).statusCode).toBe(200);

    const unlinked = await server.signIn({ username: 'unlinked', roles: ['clerk'] });
    await server.ctx.database.db.updateTable('users').set({ clearance: 'jimi' }).where('id', '=', unlinked.userId).execute();
    const refused = await unlinked.post('/api/people', { name: 'X', level: 'mimi' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('no_person');
  });
});
