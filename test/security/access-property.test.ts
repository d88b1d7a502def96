import fc from 'fast-check';
import type { Db } from '../../src/db/database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createGroup, putMember } from '../../src/org/study-groups.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor, type Actor } from '../../src/security/actor.ts';
import { LEVELS, atMost, isStateSecret, type Level } from '../../src/security/levels.ts';
import { DIALECTS } from '../helpers/db.ts';
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

describe.each(DIALECTS)('no endpoint returns a record the reader may not know, on %s', (dialect) => {
  let server: TestServer;
  const readers: { clearance: Level; client: Client; personId: string }[] = [];
  let author: Actor;
  let readersUnit = '';
  /** The positions through which readers 3 and 4 work in that unit. */
  const unitPositions: { id: string; personId: string }[] = [];
  let counter = 0;
  /** What each marker's record is: its level and the readers its scope admits. */
  const records = new Map<number, { level: Level; admits: Set<number> }>();
  let db: Db;

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
      const client = await server.signIn({ username: `reader-${clearance}`, roles: ['clerk'] });
      // Clearance and person set behind the API: granting state-secret clearance there needs TOTP enrolment.
      await db.updateTable('users').set({ clearance, person_id: person.id }).where('id', '=', client.userId).execute();
      readers.push({ clearance, client, personId: person.id });
    }
  });
  afterAll(() => server.dispose());

  const mayKnow = (n: number, reader: number) => {
    const record = records.get(n)!;
    const { clearance } = readers[reader]!;
    return atMost(record.level, clearance) && (!isStateSecret(record.level) || record.admits.has(reader));
  };

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

  function assertNoLeak(body: string, reader: number, where: string): void {
    for (const match of body.matchAll(MARKER)) {
      const n = Number(match[1]);
      expect(mayKnow(n, reader), `${where} leaked ${match[0]} (${records.get(n)!.level}) to reader ${reader} cleared to ${readers[reader]!.clearance}`).toBe(true);
    }
  }

  it('holds for random records and every reader', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 3 }), async (generated) => {
        const ids: { unit: string; person: string; position: string; group: string }[] = [];
        for (const r of generated) {
          const [nu, np, nq, ng] = [counter++, counter++, counter++, counter++];
          const unit = await createUnit(server.ctx, author, { name: marker(nu), kind: 'other', level: r.unit.level });
          records.set(nu, await scoped('unit', unit.id, r.unit));
          const person = await createPerson(server.ctx, author, { name: marker(np), level: r.person.level });
          records.set(np, await scoped('person', person.id, r.person));
          const position = await createPosition(server.ctx, author, { personId: person.id, unitId: unit.id, title: marker(nq), level: r.position.level });
          records.set(nq, await scoped('position', position.id, r.position));
          const group = await createGroup(server.ctx, author, { unitId: unit.id, name: marker(ng), level: r.group.level });
          records.set(ng, await scoped('study_group', group.id, r.group));
          await putMember(server.ctx, author, group.id, person.id, { role: 'member' });
          ids.push({ unit: unit.id, person: person.id, position: position.id, group: group.id });
        }
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
          const knowable = (kind: number) => [...records.keys()].filter((n) => n % 4 === kind && mayKnow(n, reader));
          const units = await client.get('/api/units?pageSize=500&q=REC-');
          expect([...markersIn(units.body)].sort()).toEqual(knowable(0).sort());
          expect(units.json().total).toBe(knowable(0).length);
          const people = await client.get('/api/people?pageSize=500&q=REC-');
          expect([...markersIn(people.body)].sort()).toEqual(knowable(1).sort());
          expect(people.json().total).toBe(knowable(1).length);
        }
      }),
      { numRuns: dialect === 'postgres' ? 8 : 15 },
    );
  });
});
