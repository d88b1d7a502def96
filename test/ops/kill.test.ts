import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import type { DialectName } from '../../src/db/database.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';
import { call, signInOver, startRemitProcess, type Session } from './processes.ts';

const PASSWORD = 'correct horse battery';
const KILLS = 20;
const WRITERS = 6;
const SEED = 13;

/** mulberry32: the kill moments are random but the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Acknowledged {
  /** Names of people whose creation was answered 201, with the id it answered. */
  writes: Map<string, string>;
  /** Request ids of audited reads answered 200. */
  reads: Set<string>;
}

/**
 * Writers and readers against one process until it dies: each write is acknowledged only by its
 * 201, each read above public only by its 200; a request cut off by the kill is acknowledged neither way.
 */
async function drive(url: string, session: Session, round: number, acked: Acknowledged, stop: Promise<void>): Promise<void> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const worker = async (w: number) => {
    for (let i = 0; !stopped; i++) {
      const name = `k${round}-w${w}-${i}`;
      try {
        const created = await call(url, session, 'POST', '/api/people', { name, level: 'internal' });
        if (created.status !== 201) throw new Error(`create answered ${created.status}`);
        acked.writes.set(name, (created.body as { id: string }).id);
        const requestId = `read-${name}`;
        const response = await fetch(`${url}/api/people/${(created.body as { id: string }).id}`, { headers: { cookie: session.cookie, 'x-request-id': requestId } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`read answered ${response.status}`);
        acked.reads.add(requestId);
      } catch (error) {
        if (stopped) return;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => worker(w)));
}

/** Every acknowledged write and read is in the database; every person has its event and every event its person; the chain holds. */
async function check(ctx: Context, acked: Acknowledged) {
  const people = await ctx.database.db.selectFrom('people').select(['id', 'name']).execute();
  const byName = new Map(people.map((p) => [p.name, p.id]));
  const created = await ctx.database.db.selectFrom('audit_events').select('object_id').where('action', '=', 'person.create').execute();
  const createdIds = new Set(created.map((e) => e.object_id));
  const readIds = new Set(
    (await ctx.database.db.selectFrom('audit_events').select('request_id').where('action', '=', 'person.read').execute()).map((e) => e.request_id),
  );
  const lostWrites = [...acked.writes].filter(([name, id]) => byName.get(name) !== id);
  const lostReads = [...acked.reads].filter((id) => !readIds.has(id));
  const peopleWithoutEvent = people.filter((p) => !createdIds.has(p.id));
  const eventsWithoutPerson = [...createdIds].filter((id) => !people.some((p) => p.id === id));
  return { people: people.length, lostWrites, lostReads, peopleWithoutEvent, eventsWithoutPerson, chain: await verifyAudit(ctx.database.db) };
}

async function killLoop(dialect: DialectName) {
  const env = await freshContext(dialect);
  const rng = random(SEED);
  const acked: Acknowledged = { writes: new Map(), reads: new Set() };
  try {
    await createUser(env.ctx, systemActor('test'), { username: 'clerk', displayName: 'Clerk', password: PASSWORD, roles: ['admin'], clearance: 'internal', personId: null });
    let session: Session | undefined;
    let found = { people: 0 };
    for (let round = 0; round < KILLS; round++) {
      const remit = await startRemitProcess(env.env);
      // The session made before the first kill outlives every kill: it was committed too.
      session ??= await signInOver(remit.url, 'clerk', PASSWORD);
      const delay = 30 + Math.floor(rng() * 400);
      // Requests still open when the moment comes are cut off: the drivers stop counting first.
      const moment = new Promise<void>((resolve) => setTimeout(resolve, delay));
      await Promise.all([drive(remit.url, session, round, acked, moment), moment.then(() => remit.kill())]);
      const result = await check(env.ctx, acked);
      expect(result.lostWrites, `round ${round}`).toEqual([]);
      expect(result.lostReads, `round ${round}`).toEqual([]);
      expect(result.peopleWithoutEvent, `round ${round}`).toEqual([]);
      expect(result.eventsWithoutPerson, `round ${round}`).toEqual([]);
      expect(result.chain, `round ${round}`).toMatchObject({ ok: true });
      found = result;
    }
    console.log(
      `[kill -9 on ${dialect}] ${KILLS} kills: acknowledged ${acked.writes.size} writes and ${acked.reads.size} audited reads, found all of them; ` +
        `${found.people} people in the database (${found.people - acked.writes.size} committed but killed before their answer), each with its event; chain intact`,
    );
    expect(acked.writes.size).toBeGreaterThan(0);
  } finally {
    await env.dispose();
  }
}

describe.each(DIALECTS)('kill -9 under write load on %s', (dialect) => {
  it(`loses no acknowledged write or audited read across ${KILLS} kills, and leaves nothing half-written`, () => killLoop(dialect), 120_000);
});
