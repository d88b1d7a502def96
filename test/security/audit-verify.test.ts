import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAudited } from '../../src/db/write.ts';
import { systemActor } from '../../src/security/actor.ts';
import { canonicalJson, eventHash, verifyAudit } from '../../src/security/audit.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';

// Texts whose JSON escapes differ between encoders if any do: control characters, quotes,
// backslashes, line and paragraph separators, astral characters, Chinese.
const AWKWARD = ['tab\there', 'nl\nand\rcr', 'bell\u0007 esc\u001b del\u007f', 'q"uote\\back/slash', 'ls\u2028ps\u2029', '😀 𠀀', '保密检查', '\b\f', ''];

describe.each(DIALECTS)('audit verification on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('verifies events holding any text, across pages, by the database handle and by Kysely alike', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const actor = { ...systemActor('tester'), name: 'tester\u0001\n"名"' };
    for (const [i, text] of AWKWARD.entries()) {
      await writeAudited(env.ctx, actor, async () => ({
        result: undefined,
        audit: { action: 'test.write', objectType: 'thing', objectId: text || null, level: 'internal', detail: { text, i } },
      }));
    }
    const rows = await env.ctx.database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => JSON.parse(r.detail) as unknown)).toEqual(AWKWARD.map((text, i) => JSON.parse(canonicalJson({ text, i }))));
    for (const pageSize of [2, 3, 100]) {
      expect(await verifyAudit(env.ctx.database, pageSize)).toEqual({ ok: true, checked: AWKWARD.length });
      expect(await verifyAudit(env.ctx.database.db, pageSize)).toEqual({ ok: true, checked: AWKWARD.length });
    }
    // The database's canonical form is the one eventHash hashes, so no event needed the slow recheck.
    const canonical =
      dialect === 'sqlite'
        ? sql<{ c: string }>`select json_array(seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail) as c from audit_events order by seq`
        : sql<{ c: string }>`select '[' || seq::text || ',' || coalesce(to_json(at)::text, 'null') || ',' || coalesce(to_json(actor_id)::text, 'null') || ',' || coalesce(to_json(actor_name)::text, 'null') || ',' || coalesce(to_json(action)::text, 'null') || ',' || coalesce(to_json(object_type)::text, 'null') || ',' || coalesce(to_json(object_id)::text, 'null') || ',' || coalesce(to_json(level)::text, 'null') || ',' || coalesce(to_json(request_id)::text, 'null') || ',' || coalesce(to_json(detail)::text, 'null') || ']' as c from audit_events order by seq`;
    const fromDatabase = (await canonical.execute(env.ctx.database.db)).rows.map((r) => r.c);
    expect(fromDatabase).toEqual(rows.map((e) => JSON.stringify([Number(e.seq), e.at, e.actor_id, e.actor_name, e.action, e.object_type, e.object_id, e.level, e.request_id, e.detail])));
    expect(rows.every((e, i) => eventHash(i === 0 ? '0'.repeat(64) : rows[i - 1]!.hash, e) === e.hash)).toBe(true);
  });

  it('names an edited event on a later page, and a relinked one', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    for (let i = 0; i < 7; i++) {
      await writeAudited(env.ctx, systemActor('tester'), async () => ({ result: undefined, audit: { action: 'test.write', objectType: 'thing', objectId: `t-${i}`, level: 'internal' } }));
    }
    await sql`update audit_events set detail = '{"edited":true}' where seq = 6`.execute(env.ctx.database.db);
    expect(await verifyAudit(env.ctx.database, 2)).toMatchObject({ ok: false, brokenAt: 6, checked: 5, reason: expect.stringMatching(/changed/) as unknown });
    expect(await verifyAudit(env.ctx.database.db, 2)).toMatchObject({ ok: false, brokenAt: 6, checked: 5 });
    await sql`update audit_events set prev_hash = ${'f'.repeat(64)} where seq = 3`.execute(env.ctx.database.db);
    expect(await verifyAudit(env.ctx.database, 2)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/does not link/) as unknown });
  });

  it('answers the same when ranges of the log are verified by threads of their own, joined where they meet', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    for (let i = 0; i < 9; i++) {
      await writeAudited(env.ctx, systemActor('tester'), async () => ({ result: undefined, audit: { action: 'test.write', objectType: 'thing', objectId: `t-${i}`, level: 'internal', detail: { text: AWKWARD[i] } } }));
    }
    const { database } = env.ctx;
    const answers = async () => Promise.all([1, 2, 4].map((threads) => verifyAudit(database, 2, { threads })));
    const same = async (expected: object) => {
      for (const answer of await answers()) expect(answer).toEqual(expected);
    };
    await same({ ok: true, checked: 9 });
    // Four threads take 1–3, 4–6, 7–9 and 10 on (empty), two 1–5 and 6 on: each break below falls inside a range or where two meet.
    await sql`update audit_events set detail = '{"edited":true}' where seq = 8`.execute(database.db);
    await same({ ok: false, checked: 7, brokenAt: 8, reason: 'event 8 was changed after it was written' });
    await sql`update audit_events set prev_hash = ${'f'.repeat(64)} where seq = 4`.execute(database.db);
    await same({ ok: false, checked: 3, brokenAt: 4, reason: 'event 4 does not link to the hash of event 3' });
    await sql`delete from audit_events where seq = 4`.execute(database.db);
    await same({ ok: false, checked: 3, brokenAt: 4, reason: 'event 4 is missing (next is 5)' });
    await sql`delete from audit_events where seq >= 4`.execute(database.db);
    await same({ ok: true, checked: 3 });
  });
});
