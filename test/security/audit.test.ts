import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { writeAudited } from '../../src/db/write.ts';
import { systemActor } from '../../src/security/actor.ts';
import { appendAudit, canonicalJson, verifyAudit } from '../../src/security/audit.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';

const actor = systemActor('tester');
const execFileAsync = promisify(execFile);

async function appendMany(ctx: Context, count: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await writeAudited(ctx, actor, async () => ({
      result: undefined,
      audit: { action: 'test.write', objectType: 'thing', objectId: `${tag}-${i}`, level: 'internal', detail: { i, tag } },
    }));
  }
}

describe.each(DIALECTS)('audit chain on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('links every event to the one before and verifies intact', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await appendMany(env.ctx, 5, 'a');
    const rows = await env.ctx.database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(await verifyAudit(env.ctx.database.db)).toEqual({ ok: true, checked: 5 });
  });

  it('names the first event edited behind the application\'s back', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await appendMany(env.ctx, 6, 'b');
    await sql`update audit_events set actor_name = 'someone else' where seq = 4`.execute(env.ctx.database.db);
    const result = await verifyAudit(env.ctx.database.db);
    expect(result).toMatchObject({ ok: false, brokenAt: 4, checked: 3 });
    expect(result.ok ? '' : result.reason).toMatch(/changed/);
  });

  it('names a deleted event as missing', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await appendMany(env.ctx, 4, 'c');
    await sql`delete from audit_events where seq = 2`.execute(env.ctx.database.db);
    expect(await verifyAudit(env.ctx.database.db)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('drops the event when the write it records fails, and the write when the event fails', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await expect(
      writeAudited(env.ctx, actor, async (trx) => {
        await trx.insertInto('people').values({ id: 'p1', name: 'Temp', name_en: null, email: null, phone: null, note: null, level: 'internal', created_at: 'x', updated_at: 'x' }).execute();
        throw new Error('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    const people = await env.ctx.database.db.selectFrom('people').select('id').execute();
    const events = await env.ctx.database.db.selectFrom('audit_events').select('seq').execute();
    expect(people).toEqual([]);
    expect(events).toEqual([]);
  });

  it('never forks when three processes append at once', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const child = (tag: string) =>
      execFileAsync(process.execPath, [join(import.meta.dirname, '..', 'helpers', 'append-events.ts')], {
        env: { ...process.env, ...env.env, COUNT: '40', TAG: tag },
      });
    await Promise.all([child('one'), child('two'), appendMany(env.ctx, 40, 'here')]);
    expect(await verifyAudit(env.ctx.database.db)).toEqual({ ok: true, checked: 120 });
    const tags = await env.ctx.database.db.selectFrom('audit_events').select('actor_name').distinct().execute();
    expect(tags.map((t) => t.actor_name).sort()).toEqual(['process-one', 'process-two', 'tester']);
  });

  it('appends inside a caller transaction only', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await env.ctx.database.db.transaction().execute((trx) =>
      appendAudit(trx, env.ctx.database, actor, { action: 'x.y', objectType: 'x', level: 'public', detail: { b: 1, a: [2, { d: 1, c: 2 }] } }),
    );
    const row = await env.ctx.database.db.selectFrom('audit_events').selectAll().executeTakeFirstOrThrow();
    expect(row.detail).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ z: 1, a: { y: undefined, b: 2, a: 1 } })).toBe('{"a":{"a":1,"b":2},"z":1}');
  });
});
