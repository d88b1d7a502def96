import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { approveRelease, createRelease, publishRelease, sendToReview } from '../../src/media/releases.ts';
import { PUBLISH_JOB } from '../../src/media/scheduler.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor, type Actor } from '../../src/security/actor.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { decideReview } from '../../src/secrecy/review/register.ts';
import { freshContext, POSTGRES_URL } from '../helpers/db.ts';
import { startRemitProcess, type RemitProcess } from '../ops/processes.ts';

if (!POSTGRES_URL) console.warn('[remit tests] test/media/two-processes.test.ts needs TEST_DATABASE_URL (PostgreSQL): skipped.');

const RELEASES = 4;

// Scheduled publication across processes: both run the job every 0.3 s
// (REMIT_MEDIA_PUBLISH_INTERVAL_SECONDS) on one clock the test controls (REMIT_JOB_CLOCK_FILE): nothing
// goes out before its time however often they tick, and each release due is published once, by one of them.
describe.skipIf(!POSTGRES_URL)('scheduled publication with two Remit processes on one PostgreSQL', () => {
  let ctx: Context;
  let dispose: () => Promise<void> = async () => {};
  let processes: RemitProcess[] = [];
  const clockDir = mkdtempSync(join(tmpdir(), 'remit-clock-'));
  const clockFile = join(clockDir, 'now');
  const setClock = (at: Date) => writeFileSync(clockFile, at.toISOString());
  // A day ahead of the real time: whatever is published, is published by the test's clock.
  const start = new Date(Date.now() + 24 * 60 * 60 * 1000);

  const actor = async (username: string, roles: Actor['roles']): Promise<Actor> => {
    const { user } = await createUser(ctx, systemActor('test'), { username, displayName: username, password: 'correct horse battery', roles: [...roles], clearance: 'internal', personId: null });
    return { kind: 'user', id: user.id, name: username, roles, clearance: 'internal', personId: null, via: 'session', requestId: null };
  };

  beforeAll(async () => {
    const env = await freshContext('postgres');
    ctx = env.ctx;
    dispose = env.dispose;
    setClock(start);
    processes = await Promise.all([1, 2].map(() => startRemitProcess({ ...env.env, REMIT_MEDIA_PUBLISH_INTERVAL_SECONDS: '0.3', REMIT_JOB_CLOCK_FILE: clockFile })));
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await dispose();
    rmSync(clockDir, { recursive: true, force: true });
  });

  it('publishes each scheduled release once, at its time, whichever process ticks', { timeout: 60_000 }, async () => {
    const clerk = await actor('clerk', ['clerk']);
    const press = await actor('press', ['propaganda_officer']);
    const officer = await actor('officer', ['secrecy_officer']);
    // An hour after the clock: publishing "at a time to come" is checked against the system time, which is earlier still.
    const at = new Date(start.getTime() + 60 * 60 * 1000);
    const ids: string[] = [];
    for (let i = 0; i < RELEASES; i++) {
      const created = await createRelease(ctx, clerk, { title: `定时发布稿 ${i + 1}`, body: `市委理论学习中心组举行第 ${i + 1} 次集体学习。`, language: 'zh-CN', level: 'public', sessionId: null, source: 'manual', slug: null });
      const reviewed = await sendToReview(ctx, clerk, created.release.id);
      await decideReview(ctx, officer, reviewed.versions[0]!.review_id!, { outcome: 'publish', basis: '公开内容。' });
      await approveRelease(ctx, press, created.release.id);
      await publishRelease(ctx, press, created.release.id, { at: at.toISOString() });
      ids.push(created.release.id);
    }
    const db = ctx.database.db;
    const states = async () => (await db.selectFrom('media_releases').select('state').where('id', 'in', ids).execute()).map((r) => r.state);
    expect(await states()).toEqual(Array(RELEASES).fill('scheduled'));
    const lastRun = async () => Date.parse((await db.selectFrom('secrecy_jobs').select('last_run_at').where('name', '=', PUBLISH_JOB).executeTakeFirst())?.last_run_at ?? '0');
    // Ticks at a minute before the time: the job runs, by the test's clock, and publishes nothing.
    setClock(new Date(at.getTime() - 60_000));
    await expect.poll(lastRun, { timeout: 30_000, interval: 100 }).toBe(at.getTime() - 60_000);
    expect(await states()).toEqual(Array(RELEASES).fill('scheduled'));
    // The clock reaches the time: both processes tick, each release goes out once.
    setClock(new Date(at.getTime() + 1_000));
    await expect.poll(states, { timeout: 30_000, interval: 100 }).toEqual(Array(RELEASES).fill('published'));
    const versions = await db.selectFrom('media_release_versions').select(['published_at', 'published_by_name']).where('release_id', 'in', ids).execute();
    for (const v of versions) {
      expect(v.published_at).toBe(new Date(at.getTime() + 1_000).toISOString());
      expect(v.published_by_name).toBe('press');
    }
    // Let the job run again, in either process, at a later moment of the clock before counting.
    setClock(new Date(at.getTime() + 2_000));
    await expect.poll(lastRun, { timeout: 30_000, interval: 100 }).toBe(at.getTime() + 2_000);
    const publishes = await db.selectFrom('audit_events').select('object_id').where('action', '=', 'media_release.publish').execute();
    expect(publishes.map((p) => p.object_id).sort()).toEqual([...ids].sort());
    const events = await db.selectFrom('webhook_events').select('release_id').where('kind', '=', 'publish').execute();
    expect(events.map((e) => e.release_id).sort()).toEqual([...ids].sort());
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });
});
