import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { knownBy, member, reclassify } from './plant.ts';

/**
 * Issue 8, item 7: a write must see every record it touches exactly as a read would (level, scope,
 * hidden parents). A hidden record is "not found", like a missing one, and no error names it.
 */
describe.each(DIALECTS)('writes on records the writer may not know, on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  async function created(client: Client, path: string, body: object): Promise<string> {
    const response = await client.post(path, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  }

  it('refuses changes to groups, members, positions, people and units that reach a hidden record', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const high = (await member(server, 'high-clerk', ['clerk'], 'jimi')).client;
    const writers = {
      'clerk at internal': (await member(server, 'clerk', ['clerk'], 'internal')).client,
      'admin at 秘密 outside every scope': (await member(server, 'admin', ['admin'], 'mimi')).client,
    };
    // The 秘密 unit's scope names its author (the high clerk) only; what sits in it is internal.
    const hiddenUnit = await created(high, '/api/units', { name: 'CANARY-hidden-unit', kind: 'department', level: 'mimi' });
    const group = await created(high, '/api/study-groups', { unitId: hiddenUnit, name: 'CANARY-group-in-hidden-unit', level: 'internal' });
    const person = await created(high, '/api/people', { name: 'Open Member', level: 'internal' });
    expect((await high.put(`/api/study-groups/${group}/members/${person}`, { role: 'member' })).statusCode).toBe(200);
    await created(high, '/api/study/sessions', { groupId: group, date: '2026-02-10', halfDay: 'morning', place: 'Room', level: 'internal' });
    const position = await created(high, '/api/positions', { personId: person, unitId: hiddenUnit, title: 'CANARY-position-in-hidden-unit', level: 'internal' });
    const child = await created(high, '/api/units', { name: 'Child of a hidden unit', kind: 'department', parentId: hiddenUnit, level: 'internal' });
    const openUnit = await created(high, '/api/units', { name: 'Open Unit', kind: 'department', level: 'internal' });
    const openGroup = await created(high, '/api/study-groups', { unitId: openUnit, name: 'Open Group', level: 'internal' });
    const hiddenPerson = await created(high, '/api/people', { name: 'CANARY-hidden-person', level: 'mimi' });
    expect((await high.put(`/api/study-groups/${openGroup}/members/${hiddenPerson}`, { role: 'member' })).statusCode).toBe(200);
    const parent = await created(high, '/api/units', { name: 'Open Parent', kind: 'department', level: 'internal' });
    await created(high, '/api/units', { name: 'CANARY-hidden-child', kind: 'department', parentId: parent, level: 'jimi' });

    const attempts: [string, (c: Client) => ReturnType<Client['get']>, number][] = [
      ['add a member to a group in a hidden unit', (c) => c.put(`/api/study-groups/${group}/members/${person}`, { role: 'leader' }), 404],
      ['remove a member from a group in a hidden unit', (c) => c.delete(`/api/study-groups/${group}/members/${person}`), 404],
      ['change a group in a hidden unit', (c) => c.patch(`/api/study-groups/${group}`, { description: 'changed' }), 404],
      ['delete a group in a hidden unit', (c) => c.delete(`/api/study-groups/${group}`), 404],
      ['delete a position in a hidden unit', (c) => c.delete(`/api/positions/${position}`), 404],
      ['change a position in a hidden unit', (c) => c.patch(`/api/positions/${position}`, { title: 'changed' }), 404],
      ['remove a hidden person from a group', (c) => c.delete(`/api/study-groups/${openGroup}/members/${hiddenPerson}`), 404],
      ['delete a person with a position in a hidden unit', (c) => c.delete(`/api/people/${person}`), 409],
      ['move a unit out of a hidden unit', (c) => c.patch(`/api/units/${child}`, { parentId: null }), 403],
      ['delete a unit holding a hidden unit', (c) => c.delete(`/api/units/${parent}`), 409],
    ];
    for (const [name, writer] of Object.entries(writers)) {
      for (const [what, attempt, status] of attempts) {
        const response = await attempt(writer);
        expect(response.statusCode, `${name}: ${what}: ${response.body}`).toBe(status);
        expect(response.body, `${name}: ${what}`).not.toMatch(/CANARY/);
        expect(response.json().error.code, `${name}: ${what}`).toBeTruthy();
      }
      const blocked = await writer.delete(`/api/units/${parent}`);
      expect(blocked.json().error.message).toMatch(/0 sub-unit.*records you may not see/);
    }

    // Nothing changed.
    const db = server.ctx.database.db;
    expect(await db.selectFrom('study_group_members').select('role').where('group_id', '=', group).where('person_id', '=', person).executeTakeFirst()).toEqual({ role: 'member' });
    expect(await db.selectFrom('study_group_members').select('person_id').where('group_id', '=', openGroup).execute()).toEqual([{ person_id: hiddenPerson }]);
    expect(await db.selectFrom('positions').select('title').where('id', '=', position).executeTakeFirst()).toEqual({ title: 'CANARY-position-in-hidden-unit' });
    expect(await db.selectFrom('study_groups').select('description').where('id', '=', group).executeTakeFirst()).toEqual({ description: null });
    expect(await db.selectFrom('people').select('id').where('id', '=', person).executeTakeFirst()).toBeTruthy();
    expect(await db.selectFrom('units').select('parent_id').where('id', '=', child).executeTakeFirst()).toEqual({ parent_id: hiddenUnit });

    // Whoever may know every record the write touches still may.
    expect((await high.patch(`/api/study-groups/${group}`, { description: 'changed' })).statusCode).toBe(200);
    expect((await high.patch(`/api/positions/${position}`, { sortOrder: 2 })).statusCode).toBe(200);
    expect((await high.delete(`/api/study-groups/${openGroup}/members/${hiddenPerson}`)).statusCode).toBe(204);
    const named = await high.delete(`/api/study-groups/${group}`);
    expect(named.statusCode).toBe(409);
    expect(named.json().error.message).toMatch(/CANARY-group-in-hidden-unit.*1 study session/);
  });

  it('keeps a carrier’s hidden custodian and scope, and a hidden inspected unit’s answers, out of reach', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const clerk = (await member(server, 'clerk', ['clerk'], 'internal')).client;
    const officer = await member(server, 'officer', ['secrecy_officer'], 'jimi');
    const low = (await member(server, 'low-officer', ['secrecy_officer'], 'internal')).client;
    const custodian = await created(clerk, '/api/people', { name: 'CANARY-custodian' });
    const scoped = await created(clerk, '/api/units', { name: 'CANARY-scope-unit', kind: 'department' });
    const other = await created(clerk, '/api/people', { name: 'Open Person' });
    const carrier = await created(low, '/api/secrecy/carriers', {
      title: '通知',
      mark: '秘密★6个月',
      issuedOn: '2026-03-31',
      custodianPersonId: custodian,
      scope: { people: [other], units: [scoped] },
      scopeApprovedBy: '主任',
    });
    const template = await created(low, '/api/secrecy/inspection-templates', { name: '自查', items: [{ code: 'A1', text: '是否登记' }] });
    const campaign = await created(low, '/api/secrecy/inspections', { year: 2026, title: '自查', templateId: template, unitIds: [scoped] });
    await reclassify(server.ctx, 'people', custodian, 'jimi');
    await reclassify(server.ctx, 'units', scoped, 'mimi');
    await knownBy(server.ctx, 'person', custodian, [officer.personId]);
    await knownBy(server.ctx, 'unit', scoped, [officer.personId]);

    const handOver = await low.patch(`/api/secrecy/carriers/${carrier}`, { custodianPersonId: other });
    expect(handOver.statusCode, handOver.body).toBe(403);
    const dropHidden = await low.put(`/api/secrecy/carriers/${carrier}/scope`, { people: [other], units: [], approvedBy: '主任' });
    expect(dropHidden.statusCode, dropHidden.body).toBe(403);
    const answers = await low.put(`/api/secrecy/inspections/${campaign}/units/${scoped}/answers`, { answers: [{ itemCode: 'A1', answer: 'yes' }] });
    expect(answers.statusCode, answers.body).toBe(404);
    for (const response of [handOver, dropHidden, answers]) expect(response.body).not.toMatch(/CANARY/);
    // Sending the hidden entry back keeps it; what the writer may know still changes.
    const kept = await low.put(`/api/secrecy/carriers/${carrier}/scope`, { people: [], units: [scoped], approvedBy: '主任' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().scope).toEqual([expect.objectContaining({ type: 'unit', id: scoped, name: null, hidden: true })]);
    // Naming the hidden custodian, even unchanged, is answered like naming nobody who exists (no confirmed guess);
    // the edit form leaves a hidden custodian out and still saves the other fields.
    const guessed = await low.patch(`/api/secrecy/carriers/${carrier}`, { custodianPersonId: custodian, location: '机要室' });
    const unknown = await low.patch(`/api/secrecy/carriers/${carrier}`, { custodianPersonId: '00000000-0000-4000-8000-000000000000', location: '机要室' });
    expect([guessed.statusCode, unknown.statusCode]).toEqual([400, 400]);
    expect(guessed.json().error.code).toBe(unknown.json().error.code);
    expect((await low.patch(`/api/secrecy/carriers/${carrier}`, { location: '机要室' })).statusCode).toBe(200);

    const db = server.ctx.database.db;
    expect(await db.selectFrom('carriers').select('custodian_person_id').where('id', '=', carrier).executeTakeFirst()).toEqual({ custodian_person_id: custodian });
    expect(await db.selectFrom('inspection_answers').select('item_code').execute()).toEqual([]);
    // The officer who may know them changes them.
    expect((await officer.client.patch(`/api/secrecy/carriers/${carrier}`, { custodianPersonId: other })).statusCode).toBe(200);
    expect((await officer.client.put(`/api/secrecy/inspections/${campaign}/units/${scoped}/answers`, { answers: [{ itemCode: 'A1', answer: 'yes' }] })).statusCode).toBe(200);
  });
});
