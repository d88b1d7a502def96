import fc from 'fast-check';
import type { Db } from '../../src/db/database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.ts';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createGroup, putMember } from '../../src/org/study-groups.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor, type Actor } from '../../src/security/actor.ts';
import { LEVELS, atMost, highestOf, isStateSecret, type Level } from '../../src/security/levels.ts';
import { sessionInput } from '../../src/study/schemas.ts';
import { addPart, approveMinutes, createSession, putMinutes } from '../../src/study/sessions.ts';
import { DIALECTS } from '../helpers/db.ts';
import type { LightMyRequestResponse } from 'fastify';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

/**
 * Every record's name carries a marker naming the record, so "nothing the reader may not know
 * leaks" becomes "no response body contains a marker of a record the reader may not know",
 * whatever endpoint or field would carry it.
 */
const marker = (n: number) => `REC-${n}-END`;
const MARKER = /REC-(\d+)-END/g;

// A state secret's knowable scope names some of the readers (by index) and perhaps a unit they work in.
const part = fc.record({ level: fc.constantFrom(...LEVELS), readers: fc.subarray([0, 1, 2, 3, 4]), viaUnit: fc.boolean() });
const recordArb = fc.record({ unit: part, person: part, position: part, group: part });
// A study session in that group, locked by approved minutes, and a change to it at some level (kept as a revision).
const sessionArb = fc.record({ session: part, change: fc.constantFrom(...LEVELS) });

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Kind = 'unit' | 'person' | 'position' | 'group' | 'session' | 'change';
interface Ids {
  unit: string;
  person: string;
  position: string;
  group: string;
  /** Marker numbers, for the model. */
  n: Record<'unit' | 'person' | 'position' | 'group', number>;
}

describe.each(DIALECTS)('no endpoint returns a record the reader may not know, on %s', (dialect) => {
  let server: TestServer;
  const readers: { clearance: Level; client: Client; personId: string; userId: string }[] = [];
  let author: Actor;
  let readersUnit = '';
  /** The positions through which readers 3 and 4 work in that unit. */
  const unitPositions: { id: string; personId: string }[] = [];
  let counter = 0;
  /** What each marker's record is: its kind, its level, and which readers may know it. */
  const records = new Map<number, { kind: Kind; level: Level; may: (reader: number) => boolean }>();
  let db: Db;
  let templateId = '';

  beforeAll(async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'juemi' });
    db = server.ctx.database.db;
    const system = systemActor('fixture');
    const authorPerson = await createPerson(server.ctx, system, { name: 'Author', level: 'public' });
    author = { ...system, personId: authorPerson.id };
    // Readers 3 and 4 hold positions in one unit, so a scope naming that unit admits them.
    readersUnit = (await createUnit(server.ctx, system, { name: 'Readers unit', kind: 'other', level: 'public' })).id;
    for (const [index, clearance] of (['public', 'internal', 'mimi', 'jimi', 'juemi'] as const).entries()) {
      const person = await createPerson(server.ctx, system, { name: `Reader ${index}`, level: 'public' });
      if (index >= 3) unitPositions.push({ id: (await createPosition(server.ctx, system, { personId: person.id, unitId: readersUnit, title: 'Staff', level: 'public' })).id, personId: person.id });
      // Clerks write the organization; as leaders they also read the secrecy registers.
      const client = await server.signIn({ username: `reader-${clearance}`, roles: ['clerk', 'leader'] });
      // Clearance and person set behind the API: granting state-secret clearance there needs TOTP enrolment.
      await db.updateTable('users').set({ clearance, person_id: person.id }).where('id', '=', client.userId).execute();
      readers.push({ clearance, client, personId: person.id, userId: client.userId });
    }
    templateId = newId();
    await db.insertInto('inspection_templates').values({ id: templateId, name: 'Checklist', items: JSON.stringify([{ code: 'A', text: 'A' }]), level: 'internal', created_at: 'x', updated_at: 'x' }).execute();
  });
  afterAll(() => server.dispose());

  const mayKnow = (n: number, reader: number) => records.get(n)!.may(reader);
  /** The rule for one record: cleared for its level, and named in its scope (directly or by an approved unit) when it is a state secret. */
  const byLevel = (level: Level, admits: ReadonlySet<number>) => (reader: number) =>
    atMost(level, readers[reader]!.clearance) && (!isStateSecret(level) || admits.has(reader));

  async function scoped(objectType: string, id: string, p: { level: Level; readers: number[]; viaUnit: boolean }): Promise<{ level: Level; admits: Set<number> }> {
    const admits = new Set(p.readers);
    if (isStateSecret(p.level)) {
      for (const r of p.readers) {
        await db.insertInto('knowable_scope').values({ object_type: objectType, object_id: id, subject_type: 'person', subject_id: readers[r]!.personId, reason: 'test', added_by: null, added_at: 'x' }).execute();
      }
      if (p.viaUnit) {
        await db.insertInto('knowable_scope').values({ object_type: objectType, object_id: id, subject_type: 'unit', subject_id: readersUnit, reason: 'test', added_by: null, added_at: 'x' }).execute();
        // A unit admits the members the secrecy officer approved (src/security/knowable.ts).
        for (const p of unitPositions) {
          await db.insertInto('knowable_members').values({ object_type: objectType, object_id: id, unit_id: readersUnit, position_id: p.id, person_id: p.personId, status: 'approved', until: null, decided_by: null, decided_at: 'x', note: null }).execute();
        }
        admits.add(3).add(4);
      }
    }
    return { level: p.level, admits };
  }

  async function record(kind: Kind, objectType: string, id: string, n: number, p: { level: Level; readers: number[]; viaUnit: boolean }): Promise<void> {
    const { level, admits } = await scoped(objectType, id, p);
    records.set(n, { kind, level, may: byLevel(level, admits) });
  }

  /** Units, people, positions and groups with random levels and scopes; every name is a marker. */
  async function plantOrg(generated: Generated<typeof recordArb>[]): Promise<Ids[]> {
    const ids: Ids[] = [];
    for (const r of generated) {
      const [nu, np, nq, ng] = [counter++, counter++, counter++, counter++];
      const unit = await createUnit(server.ctx, author, { name: marker(nu), kind: 'other', level: r.unit.level });
      await record('unit', 'unit', unit.id, nu, r.unit);
      const person = await createPerson(server.ctx, author, { name: marker(np), level: r.person.level });
      await record('person', 'person', person.id, np, r.person);
      const position = await createPosition(server.ctx, author, { personId: person.id, unitId: unit.id, title: marker(nq), level: r.position.level });
      await record('position', 'position', position.id, nq, r.position);
      const group = await createGroup(server.ctx, author, { unitId: unit.id, name: marker(ng), level: r.group.level });
      await record('group', 'study_group', group.id, ng, r.group);
      await putMember(server.ctx, author, group.id, person.id, { role: 'member' });
      ids.push({ unit: unit.id, person: person.id, position: position.id, group: group.id, n: { unit: nu, person: np, position: nq, group: ng } });
    }
    return ids;
  }

  function assertNoLeak(body: string, reader: number, where: string): void {
    for (const match of body.matchAll(MARKER)) {
      const n = Number(match[1]);
      expect(mayKnow(n, reader), `${where} leaked ${match[0]} (${records.get(n)!.level}) to reader ${reader} cleared to ${readers[reader]!.clearance}`).toBe(true);
    }
  }

  it('holds for random records and every reader', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 3 }), async (generated) => {
        const ids = await plantOrg(generated);
        for (const [reader, { client }] of readers.entries()) {
          const urls = [
            '/api/units?pageSize=500',
            '/api/people?pageSize=500',
            '/api/positions?pageSize=500',
            '/api/study-groups?pageSize=500',
            '/api/units/export?format=csv',
            '/api/people/export?format=csv',
            '/api/positions/export?format=csv',
            '/api/people?q=LVL&pageSize=500',
            ...ids.flatMap((i) => [
              `/api/units/${i.unit}`,
              `/api/people/${i.person}`,
              `/api/positions/${i.position}`,
              `/api/study-groups/${i.group}`,
              `/api/people?unitId=${i.unit}`,
              `/api/positions?unitId=${i.unit}`,
              `/api/positions?personId=${i.person}`,
            ]),
          ];
          for (const url of urls) {
            const response = await client.get(url);
            expect([200, 404]).toContain(response.statusCode);
            assertNoLeak(response.body, reader, url);
          }
          // Lists show everything the reader may know, and counts agree, so a total cannot betray a hidden record.
          const markersIn = (body: string) => new Set([...body.matchAll(MARKER)].map((m) => Number(m[1])));
          const knowable = (kind: Kind) => [...records.entries()].filter(([n, r]) => r.kind === kind && mayKnow(n, reader)).map(([n]) => n);
          const units = await client.get('/api/units?pageSize=500&q=REC-');
          expect([...markersIn(units.body)].sort()).toEqual(knowable('unit').sort());
          expect(units.json().total).toBe(knowable('unit').length);
          const people = await client.get('/api/people?pageSize=500&q=REC-');
          expect([...markersIn(people.body)].sort()).toEqual(knowable('person').sort());
          expect(people.json().total).toBe(knowable('person').length);
        }
      }),
      { numRuns: dialect === 'postgres' ? 8 : 15 },
    );
  });
  /** A locked session in the group, changed after approval at a random level: the change is kept as a revision. */
  async function plantSession(i: Ids, s: Generated<typeof sessionArb>): Promise<{ id: string; n: number; change: number; revisionSeen: (reader: number) => boolean }> {
    const [ns, nc] = [counter++, counter++];
    const session = await createSession(server.ctx, author, sessionInput.parse({ groupId: i.group, date: '2026-01-20', halfDay: 'afternoon', place: marker(ns), status: 'held', level: s.session.level }));
    const { level, admits } = await scoped('study_session', session.id, s.session);
    // A session is read with its group and the group's unit (sessionsQuery).
    const sessionKnown = (reader: number) => byLevel(level, admits)(reader) && mayKnow(i.n.group, reader) && mayKnow(i.n.unit, reader);
    records.set(ns, { kind: 'session', level, may: sessionKnown });
    await putMinutes(server.ctx, author, session.id, { text: 'Minutes', level: 'public' });
    await approveMinutes(server.ctx, author, session.id);
    await addPart(server.ctx, author, 'conclusions', session.id, { kind: 'finding', text: marker(nc), level: s.change }, 'recorded later');
    // The change's text is in the conclusion (read by clearance alone, never above internal) and in its
    // revision, kept at the higher of the session's and the change's level, in the session's scope.
    const revisionLevel = highestOf([level, s.change]);
    const scope = isStateSecret(level) ? admits : new Set<number>();
    const revisionSeen = (reader: number) => sessionKnown(reader) && byLevel(revisionLevel, scope)(reader);
    const partSeen = (reader: number) => sessionKnown(reader) && !isStateSecret(s.change) && atMost(s.change, readers[reader]!.clearance);
    records.set(nc, { kind: 'change', level: revisionLevel, may: (reader) => partSeen(reader) || revisionSeen(reader) });
    return { id: session.id, n: ns, change: nc, revisionSeen };
  }

  /** A carrier kept by the person, known to the unit and the person; an inspection of the unit with a finding the person owns. */
  async function plantSecrecyRecords(i: Ids): Promise<{ carrier: string; campaign: string }> {
    const [carrier, campaign, finding] = [newId(), newId(), newId()];
    await db
      .insertInto('carriers')
      .values({ id: carrier, title: 'Carrier', number: null, carrier_level: 'mimi', mark: '秘密★', original_mark: '秘密★', issued_on: '2026-01-01', period_end: null, custodian_person_id: i.person, location: null, copies: 1, received_on: null, state: 'held', state_on: null, state_witness: null, declassified_on: null, level: 'internal', created_at: 'x', updated_at: 'x' })
      .execute();
    for (const [type, id] of [['person', i.person], ['unit', i.unit]]) {
      await db.insertInto('carrier_scope').values({ carrier_id: carrier, subject_type: type!, subject_id: id!, approved_by: 'x', added_by: null, added_at: 'x' }).execute();
    }
    await db.insertInto('inspection_campaigns').values({ id: campaign, year: 2026, title: 'Campaign', template_id: templateId, level: 'internal', created_at: 'x', updated_at: 'x' }).execute();
    await db.insertInto('inspection_units').values({ campaign_id: campaign, unit_id: i.unit, status: 'pending', submitted_at: null }).execute();
    await db.insertInto('inspection_findings').values({ id: finding, campaign_id: campaign, unit_id: i.unit, item_code: 'A', description: 'Finding', severity: 'low', level: 'internal', created_at: 'x', updated_at: 'x' }).execute();
    await db.insertInto('rectifications').values({ id: newId(), finding_id: finding, owner_person_id: i.person, deadline: '2026-12-31', status: 'open', evidence: null, closed_at: null, level: 'internal', created_at: 'x', updated_at: 'x' }).execute();
    return { carrier, campaign };
  }

  const revisionListEvents = async (userId: string) =>
    Number(
      (await db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'session_revision.list').where('actor_id', '=', userId).executeTakeFirst())?.n ?? 0,
    );

  it('shows revisions and joined names only to readers who may know them, and audits revision reads', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(recordArb, sessionArb, async (r, s) => {
        const [i] = await plantOrg([r]);
        const session = await plantSession(i!, s);
        const { carrier, campaign } = await plantSecrecyRecords(i!);
        for (const [reader, { client, clearance, userId }] of readers.entries()) {
          const urls = [
            '/api/study/sessions?pageSize=500',
            `/api/study/sessions/${session.id}`,
            '/api/secrecy/carriers?pageSize=500',
            '/api/secrecy/carriers/export?format=csv',
            `/api/secrecy/carriers/${carrier}`,
            `/api/secrecy/inspections/${campaign}`,
            '/api/secrecy/rectifications?pageSize=500',
            '/api/secrecy/rectifications/export?format=csv',
          ];
          for (const url of urls) {
            const response = await client.get(url);
            expect([200, 404]).toContain(response.statusCode);
            assertNoLeak(response.body, reader, url);
          }

          const before = await revisionListEvents(userId);
          const revisions = await client.get(`/api/study/sessions/${session.id}/revisions`);
          assertNoLeak(revisions.body, reader, 'revisions');
          expect(revisions.statusCode).toBe(mayKnow(session.n, reader) ? 200 : 404);
          if (revisions.statusCode === 200) {
            const items = revisions.json().items as { level: Level }[];
            expect(revisions.body.includes(marker(session.change)), `revision seen by reader ${reader}`).toBe(session.revisionSeen(reader));
            expect(await revisionListEvents(userId), 'a revision read above public is audited').toBe(before + (items.some((x) => x.level !== 'public') ? 1 : 0));
          }

          // Joined names are shown exactly where the reader may know the person or unit, never blanked beyond that.
          if (!atMost('internal', clearance)) continue;
          const entry = (await client.get(`/api/secrecy/carriers/${carrier}`)).json();
          expect(entry.custodianHidden).toBe(!mayKnow(i!.n.person, reader));
          expect(entry.custodianName).toBe(mayKnow(i!.n.person, reader) ? marker(i!.n.person) : null);
          for (const subject of entry.scope as { type: string; name: string | null; hidden: boolean }[]) {
            const n = subject.type === 'unit' ? i!.n.unit : i!.n.person;
            expect([subject.name, subject.hidden]).toEqual(mayKnow(n, reader) ? [marker(n), false] : [null, true]);
          }
          const inspection = (await client.get(`/api/secrecy/inspections/${campaign}`)).json();
          expect(inspection.units[0].unitHidden).toBe(!mayKnow(i!.n.unit, reader));
          expect(inspection.findings[0].rectification.ownerHidden).toBe(!mayKnow(i!.n.person, reader));
        }
      }),
      { numRuns: dialect === 'postgres' ? 6 : 12 },
    );
  });

  /** The writes a clerk can send at the records, each with the markers of every record it touches. */
  interface Write {
    what: string;
    touches: number[];
    send: (c: Client) => Promise<LightMyRequestResponse>;
    undo?: () => Promise<unknown>;
  }

  function writesOn(i: Ids, session: { id: string; n: number }): Write[] {
    return [
      { what: 'change a unit', touches: [i.n.unit], send: (c: Client) => c.patch(`/api/units/${i.unit}`, { sortOrder: 1 }) },
      { what: 'change a person', touches: [i.n.person], send: (c: Client) => c.patch(`/api/people/${i.person}`, { note: 'noted' }) },
      { what: 'change a position', touches: [i.n.position, i.n.person, i.n.unit], send: (c: Client) => c.patch(`/api/positions/${i.position}`, { sortOrder: 1 }) },
      { what: 'change a group', touches: [i.n.group, i.n.unit], send: (c: Client) => c.patch(`/api/study-groups/${i.group}`, { description: 'described' }) },
      { what: 'set a member', touches: [i.n.group, i.n.unit, i.n.person], send: (c: Client) => c.put(`/api/study-groups/${i.group}/members/${i.person}`, { role: 'member' }) },
      {
        what: 'remove a member',
        touches: [i.n.group, i.n.unit, i.n.person],
        send: (c: Client) => c.delete(`/api/study-groups/${i.group}/members/${i.person}`),
        undo: () => putMember(server.ctx, author, i.group, i.person, { role: 'member' }),
      },
      {
        what: 'revise a locked session',
        touches: [session.n, i.n.group, i.n.unit],
        send: (c: Client) => c.patch(`/api/study/sessions/${session.id}?reason=checked`, { place: marker(session.n) }),
      },
    ];
  }

  it('lets a write through only where the writer may know every record it touches', { timeout: 600_000 }, async () => {
    const attempt = fc.record({ reader: fc.nat(readers.length - 1), write: fc.nat(6), record: fc.nat(1) });
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 2 }), sessionArb, fc.array(attempt, { minLength: 1, maxLength: 15 }), async (generated, s, attempts) => {
        const ids = await plantOrg(generated);
        const sessions = [];
        for (const i of ids) sessions.push(await plantSession(i, s));
        for (const a of attempts) {
          const target = a.record % ids.length;
          const writes = writesOn(ids[target]!, sessions[target]!);
          const write = writes[a.write % writes.length]!;
          const response = await write.send(readers[a.reader]!.client);
          const allowed = write.touches.every((n) => mayKnow(n, a.reader));
          const where = `${write.what} by reader ${a.reader} (${readers[a.reader]!.clearance}) touching ${write.touches.map((n) => `${marker(n)}:${records.get(n)!.level}`).join(', ')}: ${response.statusCode} ${response.body}`;
          if (allowed) expect(response.statusCode, where).toBeLessThan(300);
          else expect([400, 404], where).toContain(response.statusCode);
          assertNoLeak(response.body, a.reader, where);
          if (response.statusCode < 300) await write.undo?.();
        }
      }),
      { numRuns: dialect === 'postgres' ? 8 : 20 },
    );
  });
});
