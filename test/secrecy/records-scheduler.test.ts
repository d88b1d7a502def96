import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createPerson } from '../../src/org/people.ts';
import { systemActor } from '../../src/security/actor.ts';
import { decideReview, listReviews } from '../../src/secrecy/carrier-reviews.ts';
import { createCarrier } from '../../src/secrecy/carriers.ts';
import { runSecrecyJobsOnce, startSecrecyScheduler, type JobRun } from '../../src/secrecy/scheduler.ts';
import { DIALECTS, freshContext, POSTGRES_URL, testSettings } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

const execFileAsync = promisify(execFile);
const officer = { ...systemActor('officer'), kind: 'user' as const, id: 'officer-id', roles: ['secrecy_officer' as const], clearance: 'internal' as const };
const page = { page: 1, pageSize: 50, order: 'asc' as const };
/** Noon in China on a given day. */
const noon = (day: string) => new Date(`${day}T04:00:00Z`);

async function carrierOf(ctx: Context, title: string, mark: string, issuedOn: string, custodianPersonId: string | null = null) {
  return createCarrier(ctx, officer, { title, mark, issuedOn, custodianPersonId });
}

const count = async (ctx: Context, action: string) =>
  (await ctx.database.db.selectFrom('audit_events').select('seq').where('action', '=', action).execute()).length;

describe.each(DIALECTS)('declassification jobs on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('alerts the custodian 30 days ahead, declassifies at the end, and does each only once', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { ctx } = env;
    const custodian = await createPerson(ctx, systemActor(), { name: 'Sun Mei' });
    const c = await carrierOf(ctx, '通知', '秘密★6个月', '2026-01-10', custodian.id);
    expect(c.period_end).toBe('2026-07-10');

    const early = await runSecrecyJobsOnce(ctx, noon('2026-06-09'), 'a');
    expect(early).toEqual({ ran: true, alerts: 0, declassified: 0, reviewsOpened: 1 });
    const alert = await runSecrecyJobsOnce(ctx, noon('2026-06-10'), 'a');
    expect(alert).toMatchObject({ ran: true, alerts: 1, declassified: 0, reviewsOpened: 0 });
    const alerts = await ctx.database.db.selectFrom('secrecy_alerts').selectAll().execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ person_id: custodian.id, due_on: '2026-07-10', kind: 'period_ending' });
    expect(alerts[0]!.message).toMatch(/ends on 2026-07-10/);
    // Within the lease: another runner does nothing; after it: the work finds nothing left to do.
    expect(await runSecrecyJobsOnce(ctx, new Date(noon('2026-06-10').getTime() + 60_000), 'b')).toMatchObject({ ran: false });
    // A run asked for now goes ahead once the last run has finished (within the lease's time), and
    // finds nothing left to do.
    expect(await runSecrecyJobsOnce(ctx, new Date(noon('2026-06-10').getTime() + 120_000), 'c', { now: true })).toEqual({ ran: true, alerts: 0, declassified: 0, reviewsOpened: 0 });
    expect(await runSecrecyJobsOnce(ctx, noon('2026-06-11'), 'b')).toMatchObject({ ran: true, alerts: 0 });

    expect(await runSecrecyJobsOnce(ctx, noon('2026-07-09'), 'a')).toMatchObject({ declassified: 0 });
    // 00:30 on 10 July in China is still 9 July in UTC: the local day counts.
    expect(await runSecrecyJobsOnce(ctx, new Date('2026-07-09T16:30:00Z'), 'a')).toMatchObject({ declassified: 1 });
    const after = await ctx.database.db.selectFrom('carriers').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ carrier_level: 'internal', mark: '解密', declassified_on: '2026-07-10', original_mark: '秘密★6个月' });
    expect(await runSecrecyJobsOnce(ctx, noon('2026-07-11'), 'a')).toMatchObject({ ran: true, alerts: 0, declassified: 0, reviewsOpened: 0 });
    expect(await count(ctx, 'carrier.declassify')).toBe(1);
    expect(await count(ctx, 'carrier.alert')).toBe(1);
    const reviews = await ctx.database.db.selectFrom('carrier_reviews').selectAll().execute();
    expect(reviews).toMatchObject([{ year: 2026, status: 'closed' }]);
  });

  it('does the work once when several processes run the same tick', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { ctx } = env;
    const custodian = await createPerson(ctx, systemActor(), { name: 'Sun Mei' });
    for (let i = 0; i < 4; i++) await carrierOf(ctx, `ending ${i}`, '秘密★6个月', '2026-01-01', custodian.id); // ends 2026-07-01
    for (let i = 0; i < 3; i++) await carrierOf(ctx, `alerting ${i}`, '秘密★6个月', '2026-01-20', custodian.id); // ends 2026-07-20
    for (let i = 0; i < 3; i++) await carrierOf(ctx, `kept ${i}`, '机密★10年', '2026-01-20');
    const at = noon('2026-07-01');
    const child = async (runner: string): Promise<JobRun> => {
      const { stdout } = await execFileAsync(process.execPath, [join(import.meta.dirname, 'records-jobs-child.ts')], {
        env: { ...process.env, ...env.env, AT: at.toISOString(), RUNNER: runner },
      });
      return JSON.parse(stdout) as JobRun;
    };
    const runs: Promise<JobRun>[] = [child('child-1'), child('child-2'), child('child-3')];
    let second: Awaited<ReturnType<typeof openDatabase>> | null = null;
    if (dialect === 'postgres') {
      // A second pool in this process, racing the first on the same schema.
      second = await openDatabase({ url: POSTGRES_URL, schema: env.env.TARGET_SCHEMA, poolSize: 2 });
      const other: Context = { database: second, settings: testSettings() };
      runs.push(runSecrecyJobsOnce(ctx, at, 'pool-1'), runSecrecyJobsOnce(other, at, 'pool-2'));
    }
    const results = await Promise.all(runs);
    await second?.close();
    const winners = results.filter((r) => r.ran);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toEqual({ ran: true, alerts: 3, declassified: 4, reviewsOpened: 6 });
    expect(await count(ctx, 'carrier.declassify')).toBe(4);
    expect(await count(ctx, 'carrier.alert')).toBe(3);
    expect(await count(ctx, 'carrier_review.open')).toBe(6);
    expect(await ctx.database.db.selectFrom('secrecy_alerts').select('id').execute()).toHaveLength(3);
    expect(await ctx.database.db.selectFrom('carrier_reviews').select('id').execute()).toHaveLength(6);
  });

  it('records yearly review decisions with the decider, and refuses an extension after the period ends', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { ctx } = env;
    const extendable = await carrierOf(ctx, 'A', '机密★1年', '2026-01-15');
    const ending = await carrierOf(ctx, 'B', '秘密★6个月', '2026-01-01');
    const early = await carrierOf(ctx, 'C', '秘密★10年', '2026-01-01');
    const changed = await carrierOf(ctx, 'D', '机密★20年', '2026-01-01');
    expect(await runSecrecyJobsOnce(ctx, noon('2026-03-01'), 'a')).toMatchObject({ reviewsOpened: 4 });
    const reviews = (await listReviews(ctx, officer, { ...page, sort: 'title' }, { year: 2026 })).items;
    const reviewOf = (carrierId: string) => reviews.find((r) => r.carrier_id === carrierId)!.id;

    const shorter = decideReview(ctx, officer, reviewOf(extendable.id), { decision: 'extend', mark: '机密★6个月' }, noon('2026-03-02'));
    await expect(shorter).rejects.toMatchObject({ status: 422, code: 'not_longer' });
    const extended = await decideReview(ctx, officer, reviewOf(extendable.id), { decision: 'extend', mark: '机密★2年', note: '仍需保密' }, noon('2026-03-02'));
    expect(extended).toMatchObject({ status: 'decided', decision: 'extend', new_mark: '机密★2年', mark: '机密★2年', period_end: '2028-01-15', decided_by_name: 'officer' });
    await expect(decideReview(ctx, officer, reviewOf(extendable.id), { decision: 'keep' })).rejects.toMatchObject({ status: 409 });

    const late = decideReview(ctx, officer, reviewOf(ending.id), { decision: 'extend', mark: '秘密★1年' }, noon('2026-07-01'));
    await expect(late).rejects.toMatchObject({ status: 422, code: 'period_ended' });
    await expect(late).rejects.toThrow(/ended on 2026-07-01; an extension must be decided before the period ends/);

    const declassified = await decideReview(ctx, officer, reviewOf(early.id), { decision: 'declassify', note: '已公开' }, noon('2026-03-03'));
    expect(declassified).toMatchObject({ decision: 'declassify', carrier_level: 'internal', mark: '解密' });
    const reclassified = await decideReview(ctx, officer, reviewOf(changed.id), { decision: 'change', mark: '秘密★10年' }, noon('2026-03-03'));
    expect(reclassified).toMatchObject({ carrier_level: 'mimi', mark: '秘密★10年', period_end: '2036-01-01' });
    expect(await count(ctx, 'carrier_review.decide')).toBe(3);
    expect(await count(ctx, 'carrier.declassify')).toBe(1);

    // A new year opens a new review of what is still classified (A and D; C was declassified).
    expect(await runSecrecyJobsOnce(ctx, noon('2027-01-02'), 'a')).toMatchObject({ reviewsOpened: 2 });
  });
});

describe.each(DIALECTS)('the secrecy scheduler timer on %s', (dialect) => {
  it('ticks on its own and stops cleanly', async () => {
    const env = await freshContext(dialect);
    try {
      const scheduler = startSecrecyScheduler(env.ctx, { firstDelayMs: 0, intervalMs: 60_000 });
      let job;
      for (let i = 0; i < 100 && !job?.last_run_at; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        job = await env.ctx.database.db.selectFrom('secrecy_jobs').selectAll().executeTakeFirst();
      }
      await scheduler.stop();
      expect(job).toMatchObject({ name: 'secrecy.declassification' });
      expect(job!.last_run_at).not.toBeNull();
    } finally {
      await env.dispose();
    }
  });
});

describe.each(DIALECTS)('secrecy alerts API on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it('lists each custodian their own alerts, and all of them to a secrecy officer', async () => {
    server = await testServer(dialect);
    const officerClient = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const keeper = await server.signIn({ username: 'keeper', roles: ['viewer'] });
    const other = await server.signIn({ username: 'other', roles: ['viewer'] });
    const person = await createPerson(server.ctx, systemActor(), { name: 'Keeper' });
    await server.ctx.database.db.updateTable('users').set({ person_id: person.id }).where('id', '=', keeper.userId).execute();
    const c = (await officerClient.post('/api/secrecy/carriers', { title: '通知', mark: '秘密★6个月', issuedOn: '2026-01-10', custodianPersonId: person.id })).json();
    await runSecrecyJobsOnce(server.ctx, noon('2026-06-20'), 'test');
    const mine = (await keeper.get('/api/secrecy/alerts')).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ carrierId: c.id, carrierTitle: '通知', dueOn: '2026-07-10', readAt: null });
    expect((await other.get('/api/secrecy/alerts')).json().total).toBe(0);
    expect((await other.get('/api/secrecy/alerts?all=true')).statusCode).toBe(403);
    expect((await officerClient.get('/api/secrecy/alerts?all=true')).json().total).toBe(1);
    expect((await other.post(`/api/secrecy/alerts/${mine.items[0].id}/read`)).statusCode).toBe(404);
    expect((await keeper.post(`/api/secrecy/alerts/${mine.items[0].id}/read`)).statusCode).toBe(204);
    expect((await keeper.get('/api/secrecy/alerts?unread=true')).json().total).toBe(0);
  });
});
