import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { createCarrier } from '../../src/secrecy/carriers.ts';
import { freshContext, POSTGRES_URL } from '../helpers/db.ts';
import { call, signInOver, startRemitProcess, type RemitProcess } from './processes.ts';

const PASSWORD = 'correct horse battery';
const officer = { ...systemActor('officer'), kind: 'user' as const, id: 'officer-id', roles: ['secrecy_officer' as const], clearance: 'internal' as const };

if (!POSTGRES_URL) console.warn('[remit tests] test/ops/two-processes.test.ts needs TEST_DATABASE_URL (PostgreSQL): skipped.');

// Several Remit processes share one PostgreSQL database (DESIGN.md): sessions, the audit chain and
// scheduled jobs must hold across them, not just within one.
describe.skipIf(!POSTGRES_URL)('two Remit processes on one PostgreSQL', () => {
  let ctx: Context;
  let dispose: () => Promise<void> = async () => {};
  let a: RemitProcess;
  let b: RemitProcess;
  const ENDED = 3;

  beforeAll(async () => {
    const env = await freshContext('postgres');
    ctx = env.ctx;
    dispose = env.dispose;
    await createUser(ctx, systemActor('test'), { username: 'clerk', displayName: 'Clerk', password: PASSWORD, roles: ['admin'], clearance: 'internal', personId: null });
    await createUser(ctx, systemActor('test'), { username: 'officer', displayName: 'Officer', password: PASSWORD, roles: ['secrecy_officer'], clearance: 'internal', personId: null });
    // Carriers whose secrecy period has ended: the declassification job has work to do, once.
    for (let i = 0; i < ENDED; i++) await createCarrier(ctx, officer, { title: `Ended ${i}`, mark: '秘密★6个月', issuedOn: '2020-01-01', custodianPersonId: null });
    [a, b] = await Promise.all([startRemitProcess(env.env), startRemitProcess(env.env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dispose();
  });

  it('honours a session on the other process, and refuses it there at once once revoked', async () => {
    const session = await signInOver(a.url, 'clerk', PASSWORD);
    expect((await call(b.url, session, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await call(b.url, session, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    expect((await call(a.url, session, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(b.url, session, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('keeps one unbroken audit chain under writes and audited reads on both', async () => {
    const session = await signInOver(b.url, 'clerk', PASSWORD);
    const before = await ctx.database.db.selectFrom('audit_events').select('seq').execute();
    const writes = Array.from({ length: 40 }, (_, i) =>
      call(i % 2 ? a.url : b.url, session, 'POST', '/api/people', { name: `Person ${i}`, level: 'internal' }),
    );
    const written = await Promise.all(writes);
    // Every list now holds internal people, so each answer waits for its group-committed event.
    const reads = Array.from({ length: 40 }, (_, i) => call(i % 2 ? b.url : a.url, session, 'GET', '/api/people?pageSize=5'));
    const answers = [...written, ...(await Promise.all(reads))];
    expect(answers.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
    const created = await ctx.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'person.create').execute();
    expect(created).toHaveLength(40);
    const listed = await ctx.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'person.list').execute();
    expect(listed).toHaveLength(40);
    const result = await verifyAudit(ctx.database.db);
    expect(result).toMatchObject({ ok: true });
    expect(result.checked).toBe(before.length + 80);
  });

  it('runs the declassification job once, though both processes run it', async () => {
    const officerSession = await signInOver(a.url, 'officer', PASSWORD);
    const otherSession = await signInOver(b.url, 'officer', PASSWORD);
    const runs = await Promise.all([
      call(a.url, officerSession, 'POST', '/api/secrecy/jobs/run'),
      call(b.url, otherSession, 'POST', '/api/secrecy/jobs/run'),
    ]);
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    const events = await ctx.database.db.selectFrom('audit_events').select(['object_id']).where('action', '=', 'carrier.declassify').execute();
    expect(events).toHaveLength(ENDED);
    expect(new Set(events.map((e) => e.object_id)).size).toBe(ENDED);
    const declassified = (runs.map((r) => r.body) as { declassified?: number }[]).reduce((sum, r) => sum + (r.declassified ?? 0), 0);
    // Each process also ticks once soon after start; whichever ran, the carriers were declassified once.
    expect(declassified).toBeLessThanOrEqual(ENDED);
    expect(await verifyAudit(ctx.database.db)).toMatchObject({ ok: true });
  });
});
