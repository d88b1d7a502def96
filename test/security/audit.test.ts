import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { writeAudited } from '../../src/db/write.ts';
import { systemActor } from '../../src/security/actor.ts';
import { appendAudit, auditRead, canonicalJson, verifyAudit } from '../../src/security/audit.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createPerson } from '../../src/org/people.ts';
import type { Level } from '../../src/security/levels.ts';
import type { Role } from '../../src/security/roles.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

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

  it('chains a process\'s audited reads after what another process and a write appended meanwhile', async () => {
    const env = await freshContext(dialect);
    const other = await openDatabase({ url: env.env.TARGET_URL, sqlite: env.env.TARGET_SQLITE, schema: env.env.TARGET_SCHEMA, poolSize: 2 });
    dispose = async () => {
      await other.close();
      await env.dispose();
    };
    const read = (database: Database, tag: string, i: number) => auditRead(database, actor, { action: 'thing.read', objectType: 'thing', objectId: `${tag}-${i}`, level: 'internal' });
    // Each process batches its reads (one group commit), while the other process's reads and this
    // process's writes (each in a transaction of its own) move the chain's head on in between.
    for (let round = 0; round < 5; round++) {
      await Promise.all([read(env.ctx.database, 'here', round), read(env.ctx.database, 'here', round + 100), read(other, 'there', round)]);
      await appendMany(env.ctx, 1, `write-${round}`);
      await read(other, 'there', round + 100);
    }
    expect(await verifyAudit(env.ctx.database.db)).toEqual({ ok: true, checked: 25 });
    const ids = await env.ctx.database.db.selectFrom('audit_events').select('object_id').orderBy('seq').execute();
    expect(new Set(ids.map((r) => r.object_id)).size).toBe(25);
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

describe.each(DIALECTS)('the audit log browser on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  /** An account linked to a person, with a clearance set behind the API (the procedure is tested elsewhere). */
  async function reader(username: string, roles: Role[], clearance: Level) {
    const person = await createPerson(server.ctx, systemActor(), { name: username, level: 'public' });
    const client = await server.signIn({ username, roles });
    await server.ctx.database.db.updateTable('users').set({ clearance, person_id: person.id }).where('id', '=', client.userId).execute();
    return { client, personId: person.id };
  }

  interface Shown {
    seq: number;
    action: string;
    objectId: string | null;
    detail: unknown;
    redacted: boolean;
  }

  it('shows an event above the reader\'s clearance or outside their need-to-know without its object and detail', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const canary = 'CANARY-机要专班-7f3a';
    const author = await reader('author', ['clerk'], 'jimi');
    const low = await reader('low', ['secrecy_officer'], 'internal');
    const cleared = await reader('cleared', ['secrecy_officer'], 'jimi');
    const knower = await reader('knower', ['security_admin'], 'jimi');
    const unit = await author.client.post('/api/units', { name: canary, kind: 'other', level: 'jimi' });
    expect(unit.statusCode, unit.body).toBe(201);
    const unitId = unit.json().id as string;
    await server.ctx.database.db
      .insertInto('knowable_scope')
      .values({ object_type: 'unit', object_id: unitId, subject_type: 'person', subject_id: knower.personId, reason: 'test', added_by: null, added_at: new Date().toISOString() })
      .execute();

    for (const client of [low.client, cleared.client]) {
      const page = await client.get('/api/audit?pageSize=500');
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(canary);
      expect(page.body).not.toContain(unitId);
      // The event is there, in sequence, saying what kind of act it was and at what level.
      const created = (page.json().items as Shown[]).find((e) => e.action === 'unit.create')!;
      expect(created).toMatchObject({ objectId: null, detail: null, redacted: true, level: 'jimi' });
      // Naming the record in the filter does not confirm it exists.
      expect((await client.get(`/api/audit?objectId=${unitId}`)).json().total).toBe(0);
      expect((await client.get(`/api/audit?objectType=unit&objectId=${unitId}`)).json().total).toBe(0);
    }
    const seen = await knower.client.get('/api/audit?pageSize=500');
    const whole = (seen.json().items as Shown[]).find((e) => e.action === 'unit.create')!;
    expect(whole).toMatchObject({ objectId: unitId, detail: { name: canary }, redacted: false });
    expect((await knower.client.get(`/api/audit?objectType=unit&objectId=${unitId}`)).json().items.map((e: Shown) => e.action)).toContain('unit.create');
    // Every event is still in the chain the verification covers.
    expect((await low.client.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('records each page read of the log as one event', async () => {
    server = await testServer(dialect);
    const auditor = await server.signIn({ username: 'auditor', roles: ['auditor'] });
    const before = await server.ctx.database.db.selectFrom('audit_events').select('seq').execute();
    await auditor.get('/api/audit?pageSize=2');
    await auditor.get('/api/audit?pageSize=2&page=2&action=auth.');
    const reads = await server.ctx.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.read').orderBy('seq').execute();
    expect(reads).toHaveLength(2);
    expect(reads.map((r) => r.actor_name)).toEqual(['auditor', 'auditor']);
    expect(JSON.parse(reads[1]!.detail)).toMatchObject({ page: 2, pageSize: 2, filters: { action: 'auth.' } });
    expect(before.length + 2).toBe((await server.ctx.database.db.selectFrom('audit_events').select('seq').execute()).length);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ z: 1, a: { y: undefined, b: 2, a: 1 } })).toBe('{"a":{"a":1,"b":2},"z":1}');
  });
});
