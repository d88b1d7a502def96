import { afterEach, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/org/people.ts';
import { systemActor } from '../../src/security/actor.ts';
import type { Level } from '../../src/security/levels.ts';
import type { Role } from '../../src/security/roles.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A unit named in a knowable scope admits only the members the secrecy office approved: the
 * holders of current positions when the unit was approved, and later ones once the secrecy officer
 * approves them. A position alone, which anyone who may edit the organization can add, grants nothing.
 */
describe.each(DIALECTS)('members of a unit in a knowable scope on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  async function member(username: string, roles: Role[], clearance: Level) {
    const person = await createPerson(server.ctx, systemActor(), { name: username, level: 'public' });
    const client = await server.signIn({ username, roles });
    await server.ctx.database.db.updateTable('users').set({ clearance, person_id: person.id }).where('id', '=', client.userId).execute();
    return { client, personId: person.id };
  }

  /** A 机密 person record whose scope names the office, approved by the secrecy officer. */
  async function setup(beforeApproval?: (office: string, author: Awaited<ReturnType<typeof member>>) => Promise<void>) {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const author = await member('author', ['clerk', 'leader'], 'jimi');
    const officer = await member('officer', ['secrecy_officer'], 'jimi');
    const clerk = await member('clerk', ['clerk'], 'jimi');
    const office = (await author.client.post('/api/units', { name: '保密办', kind: 'department', level: 'public' })).json().id as string;
    await beforeApproval?.(office, author);
    const secret = (await author.client.post('/api/people', { name: '知情人', level: 'jimi' })).json().id as string;
    const asked = await author.client.post('/api/knowable/requests', { objectType: 'person', objectId: secret, subjectType: 'unit', subjectId: office, reason: 'The office keeps the file' });
    expect(asked.statusCode, asked.body).toBe(201);
    // The approver sees whom approving the unit would admit.
    const wouldAdmit = (await officer.client.get(`/api/knowable/person/${secret}`)).json().requests[0].wouldAdmit as { personId: string; name: string | null }[];
    const approved = await officer.client.post(`/api/knowable/requests/${asked.json().id}/decide`, { approve: true });
    expect(approved.statusCode, approved.body).toBe(204);
    const reads = async (client: typeof author.client) => {
      const one = (await client.get(`/api/people/${secret}`)).statusCode;
      const listed = (await client.get(`/api/people?q=${encodeURIComponent('知情人')}`)).json().total as number;
      expect(listed, 'the list agrees with the single read').toBe(one === 200 ? 1 : 0);
      return one === 200;
    };
    const register = async () => (await officer.client.get(`/api/knowable/person/${secret}`)).json().entries.find((e: { subjectType: string }) => e.subjectType === 'unit');
    const position = async (personId: string, extra: object = {}) => {
      const made = await author.client.post('/api/positions', { personId, unitId: office, title: '干部', level: 'public', ...extra });
      expect(made.statusCode, made.body).toBe(201);
      return made.json().id as string;
    };
    return { author, officer, clerk, office, secret, reads, register, position, wouldAdmit };
  }

  it('does not let a clerk who edits the organization read a secret by giving themselves a position in a named unit', async () => {
    const { clerk, office, secret, reads, officer } = await setup();
    const own = await clerk.client.post('/api/positions', { personId: clerk.personId, unitId: office, title: '干部', level: 'public' });
    expect(own.statusCode, own.body).toBe(201);
    expect(await reads(clerk.client)).toBe(false);
    expect((await clerk.client.get(`/api/people/export?format=csv`)).body).not.toContain('知情人');
    // The secrecy officer sees the clerk waiting for approval, and who it is.
    const pending = (await officer.client.get('/api/knowable/pending')).json().items;
    expect(pending).toEqual([expect.objectContaining({ objectType: 'person', objectId: secret, recordName: '知情人', level: 'jimi', unitId: office, unitName: '保密办', personId: clerk.personId, name: 'clerk', positionId: own.json().id })]);
  });

  it('admits the holders of current positions when the unit is approved, but not a position that starts later', async () => {
    let staff = '';
    let newcomer = '';
    const s = await setup(async (office, author) => {
      staff = (await createPerson(server.ctx, systemActor(), { name: 'staff', level: 'public' })).id;
      newcomer = (await createPerson(server.ctx, systemActor(), { name: 'newcomer', level: 'public' })).id;
      // The approving officer works in the office too: their own membership waits for another officer.
      const officer = (await server.ctx.database.db.selectFrom('people').select('id').where('name', '=', 'officer').executeTakeFirstOrThrow()).id;
      for (const [personId, startDate] of [[staff, day(-30)], [newcomer, day(1)], [officer, day(-30)]] as const) {
        expect((await author.client.post('/api/positions', { personId, unitId: office, title: '干部', level: 'public', startDate })).statusCode).toBe(201);
      }
    });
    const staffClient = await server.signIn({ username: 'staff', roles: ['viewer'] });
    const newcomerClient = await server.signIn({ username: 'newcomer', roles: ['viewer'] });
    for (const [userId, personId] of [[staffClient.userId, staff], [newcomerClient.userId, newcomer]]) {
      await server.ctx.database.db.updateTable('users').set({ clearance: 'jimi', person_id: personId }).where('id', '=', userId!).execute();
    }
    expect([...s.wouldAdmit].sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([{ personId: s.officer.personId, name: 'officer' }, { personId: staff, name: 'staff' }]);
    expect(await s.reads(staffClient)).toBe(true);
    expect(await s.reads(newcomerClient)).toBe(false);
    const unit = await s.register();
    expect(unit.members).toEqual([expect.objectContaining({ personId: staff, name: 'staff', admitted: true })]);
    expect(unit.people).toEqual([{ id: staff, name: 'staff' }]);
    // Not yet started: neither a member nor waiting. The approver's own position waits.
    expect(unit.pending).toEqual([expect.objectContaining({ personId: s.officer.personId })]);
    expect(await s.reads(s.officer.client)).toBe(false);
    const approval = await server.ctx.database.db.selectFrom('audit_events').select('detail').where('action', '=', 'knowable.approve').where('object_id', '=', s.secret).executeTakeFirstOrThrow();
    expect(JSON.parse(approval.detail).members).toEqual([staff]);
  });

  it('stops admitting a member whose position ended, and a new position there needs approval again', async () => {
    let positionId = '';
    const s = await setup(async (office, author) => {
      positionId = (await author.client.post('/api/positions', { personId: (await server.ctx.database.db.selectFrom('people').select('id').where('name', '=', 'clerk').executeTakeFirstOrThrow()).id, unitId: office, title: '干部', level: 'public', startDate: day(-100) })).json().id;
    });
    expect(await s.reads(s.clerk.client)).toBe(true);
    const ended = await s.author.client.patch(`/api/positions/${positionId}`, { endDate: day(-1) });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await s.reads(s.clerk.client)).toBe(false);
    expect((await s.register()).members).toEqual([expect.objectContaining({ personId: s.clerk.personId, admitted: false })]);
    // Back in the unit by an organization edit: waiting, not admitted.
    const again = await s.position(s.clerk.personId);
    expect(await s.reads(s.clerk.client)).toBe(false);
    expect((await s.register()).pending).toEqual([expect.objectContaining({ personId: s.clerk.personId, positionId: again })]);
  });

  it('lets the secrecy officer approve or refuse a pending member, never their own, and audits it', async () => {
    const s = await setup();
    const clerkPosition = await s.position(s.clerk.personId);
    const officerPosition = await s.position(s.officer.personId);
    const other = await member('other', ['viewer'], 'jimi');
    const otherPosition = await s.position(other.personId);
    const decide = (client: typeof s.author.client, positionId: string, approve: boolean) =>
      client.post(`/api/knowable/person/${s.secret}/members/${positionId}/decide`, { approve, note: 'Keeps the file' });

    expect((await decide(s.clerk.client, clerkPosition, true)).statusCode).toBe(403);
    const own = await decide(s.officer.client, officerPosition, true);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/your own membership/);
    expect(await s.reads(s.officer.client)).toBe(false);

    expect((await decide(s.officer.client, clerkPosition, true)).statusCode).toBe(204);
    expect(await s.reads(s.clerk.client)).toBe(true);
    // Decided once: approving again is not possible.
    expect((await decide(s.officer.client, clerkPosition, true)).statusCode).toBe(404);

    expect((await decide(s.officer.client, otherPosition, false)).statusCode).toBe(204);
    expect(await s.reads(other.client)).toBe(false);
    const unit = await s.register();
    expect(unit.members.map((m: { personId: string }) => m.personId)).toEqual([s.clerk.personId]);
    expect(unit.pending.map((m: { personId: string }) => m.personId)).toEqual([s.officer.personId]);

    const events = await server.ctx.database.db.selectFrom('audit_events').select(['action', 'detail']).where('object_id', '=', s.secret).where('action', 'like', 'knowable.member.%').orderBy('seq').execute();
    expect(events.map((e) => [e.action, JSON.parse(e.detail).personId])).toEqual([
      ['knowable.member.approve', s.clerk.personId],
      ['knowable.member.refuse', other.personId],
    ]);
    // The register of knowers (records at 机密 and above) shows named members and pending ones.
    const knowers = (await s.officer.client.get('/api/knowable')).json().items;
    expect(knowers).toEqual([
      expect.objectContaining({ objectId: s.secret, members: [expect.objectContaining({ personId: s.clerk.personId })], pending: [expect.objectContaining({ personId: s.officer.personId })] }),
    ]);
  });

  it('stops admitting when the position outlives the end date it had when approved', async () => {
    const s = await setup();
    const positionId = await s.position(s.clerk.personId, { endDate: day(30) });
    expect((await s.officer.client.post(`/api/knowable/person/${s.secret}/members/${positionId}/decide`, { approve: true })).statusCode).toBe(204);
    expect(await s.reads(s.clerk.client)).toBe(true);
    // The position was extended by an organization edit and the approved end has passed (set back here).
    await s.author.client.patch(`/api/positions/${positionId}`, { endDate: null });
    await server.ctx.database.db.updateTable('knowable_members').set({ until: day(-1) }).where('position_id', '=', positionId).execute();
    expect(await s.reads(s.clerk.client)).toBe(false);
    expect((await s.register()).pending).toEqual([expect.objectContaining({ positionId })]);
  });
});
