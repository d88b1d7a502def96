import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor, type Actor } from '../../src/security/actor.ts';
import { mayRead, visibleTo } from '../../src/security/knowable.ts';
import { atMost, isStateSecret, type Level } from '../../src/security/levels.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

/**
 * The two twins of need-to-know, `visibleTo` (lists, counts, search, exports, and the lists compiled
 * once per reader visibility) and `mayRead` (one record), agree with each other and with the rule on random scopes and unit memberships: a unit
 * admits a reader only through an approved membership whose position is held today, still in that
 * unit, within the end it had when approved.
 */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const marker = (n: number) => `KNW-${n}-END`;
const MARKER = /KNW-(\d+)-END/g;

const POSITIONS = ['none', 'current', 'endsToday', 'future', 'ended', 'moved'] as const;
type PositionKind = (typeof POSITIONS)[number];
const DECISIONS = ['none', 'approved', 'refused', 'lapsed'] as const;
type Decision = (typeof DECISIONS)[number];

const READERS = ['mimi', 'jimi', 'jimi', 'jimi'] as const;
const readerArb = fc.record({ named: fc.boolean(), decision: fc.constantFrom(...DECISIONS) });
const runArb = fc.record({
  positions: fc.tuple(...READERS.map(() => fc.constantFrom(...POSITIONS))),
  records: fc.array(
    fc.record({ level: fc.constantFrom<Level>('internal', 'mimi', 'jimi'), viaUnit: fc.boolean(), readers: fc.tuple(...READERS.map(() => readerArb)) }),
    { minLength: 1, maxLength: 4 },
  ),
});

const DATES: Record<Exclude<PositionKind, 'none'>, { startDate: string | null; endDate: string | null }> = {
  current: { startDate: day(-10), endDate: null },
  endsToday: { startDate: null, endDate: day(0) },
  future: { startDate: day(5), endDate: null },
  ended: { startDate: day(-100), endDate: day(-1) },
  moved: { startDate: day(-10), endDate: null },
};

describe.each(DIALECTS)('visibleTo and mayRead agree on random memberships, on %s', (dialect) => {
  let server: TestServer;
  let db: Db;
  let author: Actor;
  const readers: { actor: Actor; client: Client }[] = [];
  const expected = new Map<number, { id: string; level: Level; readers: boolean[] }>();
  let counter = 0;

  beforeAll(async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    db = server.ctx.database.db;
    const system = systemActor('fixture');
    author = { ...system, personId: (await createPerson(server.ctx, system, { name: 'Author', level: 'public' })).id };
    for (const [i, clearance] of READERS.entries()) {
      const personId = (await createPerson(server.ctx, system, { name: `Reader ${i}`, level: 'public' })).id;
      const client = await server.signIn({ username: `reader-${i}`, roles: ['clerk'] });
      await db.updateTable('users').set({ clearance, person_id: personId }).where('id', '=', client.userId).execute();
      readers.push({ client, actor: { kind: 'user', id: client.userId, name: `reader-${i}`, roles: ['clerk'], clearance, personId, via: 'session', requestId: null } });
    }
  });
  afterAll(() => server.dispose());

  const admits = (position: PositionKind, decision: Decision) => (position === 'current' || position === 'endsToday') && decision === 'approved';

  it('for lists, counts, search, exports and single reads', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(runArb, async (run) => {
        const system = systemActor('fixture');
        // Each run has its own unit, so earlier runs' records keep their answers.
        const unit = (await createUnit(server.ctx, system, { name: `Unit ${counter}`, kind: 'other', level: 'public' })).id;
        const elsewhere = (await createUnit(server.ctx, system, { name: `Elsewhere ${counter}`, kind: 'other', level: 'public' })).id;
        const positions: (string | null)[] = [];
        for (const [i, kind] of run.positions.entries()) {
          if (kind === 'none') {
            positions.push(null);
            continue;
          }
          const p = await createPosition(server.ctx, system, { personId: readers[i]!.actor.personId!, unitId: kind === 'moved' ? elsewhere : unit, title: 'Staff', level: 'public', ...DATES[kind] });
          positions.push(p.id);
        }
        for (const record of run.records) {
          const n = counter++;
          const person = await createPerson(server.ctx, author, { name: marker(n), level: record.level });
          const scope = (subject_type: 'person' | 'unit', subject_id: string) =>
            db.insertInto('knowable_scope').values({ object_type: 'person', object_id: person.id, subject_type, subject_id, reason: 'test', added_by: null, added_at: 'x' }).execute();
          if (record.viaUnit) await scope('unit', unit);
          const admitted: boolean[] = [];
          for (const [i, r] of record.readers.entries()) {
            const { actor } = readers[i]!;
            if (r.named) await scope('person', actor.personId!);
            const positionId = positions[i];
            if (positionId && r.decision !== 'none') {
              await db
                .insertInto('knowable_members')
                .values({ object_type: 'person', object_id: person.id, unit_id: unit, position_id: positionId, person_id: actor.personId!, status: r.decision === 'refused' ? 'refused' : 'approved', until: r.decision === 'lapsed' ? day(-1) : null, decided_by: null, decided_at: 'x', note: null })
                .execute();
            }
            const inScope = r.named || (record.viaUnit && admits(run.positions[i]!, r.decision));
            admitted.push(atMost(record.level, actor.clearance) && (!isStateSecret(record.level) || inScope));
          }
          expected.set(n, { id: person.id, level: record.level, readers: admitted });
        }

        for (const [i, { actor, client }] of readers.entries()) {
          const want = [...expected.entries()].filter(([, e]) => e.readers[i]).map(([n]) => n).sort((a, b) => a - b);
          const markers = (body: string) => [...new Set([...body.matchAll(MARKER)].map((m) => Number(m[1])))].sort((a, b) => a - b);
          const list = await client.get('/api/people?q=KNW-&pageSize=500');
          expect(markers(list.body), `list for reader ${i}`).toEqual(want);
          expect(list.json().total, `count for reader ${i}`).toBe(want.length);
          // The unfiltered roster runs queries compiled once per reader visibility (paginateByKey).
          expect(markers((await client.get('/api/people?pageSize=500')).body), `unfiltered list for reader ${i}`).toEqual(want);
          expect(markers((await client.get('/api/people/export?format=csv&q=KNW-')).body), `export for reader ${i}`).toEqual(want);
          const ids = [...expected.values()].map((e) => e.id);
          const sqlTwin = await db.selectFrom('people').select('name').where('id', 'in', ids).where(visibleTo(actor, 'person', 'people.id', 'people.level')).execute();
          expect(markers(sqlTwin.map((r) => r.name).join(' ')), `visibleTo for reader ${i}`).toEqual(want);
          for (const [n, e] of expected) {
            expect(await mayRead(db, actor, 'person', { id: e.id, level: e.level }), `mayRead ${marker(n)} for reader ${i}`).toBe(e.readers[i]);
            expect((await client.get(`/api/people/${e.id}`)).statusCode, `single read ${marker(n)} for reader ${i}`).toBe(e.readers[i] ? 200 : 404);
          }
        }
      }),
      { numRuns: dialect === 'postgres' ? 12 : 40 },
    );
  });
});
