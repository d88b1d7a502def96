import { sql } from 'kysely';
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database, type DialectName } from '../../src/db/database.ts';
import { inOneTransaction } from '../../src/db/write.ts';
import { systemActor } from '../../src/security/actor.ts';
import { auditRead, verifyAudit, type AuditEntry } from '../../src/security/audit.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';

const actor = systemActor('reader');
const read = (id: string): AuditEntry => ({ action: 'thing.read', objectType: 'thing', objectId: id, level: 'internal' });

/** A second handle on the same database, as another process would open it: it sees only what committed. */
function reopen(env: Record<string, string>): Promise<Database> {
  return openDatabase({ url: env.TARGET_URL, sqlite: env.TARGET_SQLITE, schema: env.TARGET_SCHEMA, poolSize: 1 });
}

async function objectIds(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('audit_events').select('object_id').orderBy('seq').execute();
  return rows.map((r) => r.object_id ?? '');
}

/** Refuses to store events about the object `poison`, standing for a commit that fails. */
async function refusePoison(database: Database, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create trigger refuse_poison before insert on audit_events when new.object_id = 'poison' begin select raise(abort, 'refused'); end`.execute(database.db);
    return;
  }
  await sql`create function refuse_poison() returns trigger language plpgsql as $$ begin if new.object_id = 'poison' then raise exception 'refused'; end if; return new; end $$`.execute(database.db);
  await sql`create trigger refuse_poison before insert on audit_events for each row execute function refuse_poison()`.execute(database.db);
}

describe.each(DIALECTS)('group-committed read audit on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('has an acknowledged read in the log, seen from another connection, once auditRead resolves', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await auditRead(env.ctx.database, actor, read('one'));
    const other = await reopen(env.env);
    try {
      expect(await objectIds(other)).toEqual(['one']);
    } finally {
      await other.close();
    }
  });

  it('chains the events of 50 concurrent reads without a gap or fork', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const ids = Array.from({ length: 50 }, (_, i) => `r${i}`);
    await Promise.all(ids.map((id) => auditRead(env.ctx.database, actor, read(id))));
    expect(await verifyAudit(env.ctx.database.db)).toEqual({ ok: true, checked: 50 });
    // In the order the reads asked, since each request queues its event before it is answered.
    expect(await objectIds(env.ctx.database)).toEqual(ids);
  });

  it('keeps the order of reads queued over many turns while earlier batches are still committing', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const ids: string[] = [];
    const answered: Promise<void>[] = [];
    // Twenty turns of the event loop, ten reads each: on SQLite each turn's batch goes to the audit
    // thread without waiting for the one before, which merges what reaches it during a sync.
    for (let turn = 0; turn < 20; turn++) {
      for (let i = 0; i < 10; i++) {
        const id = `t${turn}-${i}`;
        ids.push(id);
        answered.push(auditRead(env.ctx.database, actor, read(id)));
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(answered);
    // Every answered read is in the log as another connection sees it, in the order asked, chained.
    const other = await reopen(env.env);
    try {
      expect(await objectIds(other)).toEqual(ids);
    } finally {
      await other.close();
    }
    expect(await verifyAudit(env.ctx.database.db)).toEqual({ ok: true, checked: 200 });
  });

  it('stores the reads of one batch exactly as they were made, whatever their text', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    // Quotes, backslashes (PostgreSQL's escape-string syntax), a semicolon ending a statement, control
    // characters, Chinese and astral text: what a batch written as SQL text must carry unchanged.
    const texts = ["it's", "''; commit; drop table audit_events; --", 'back\\slash \\\' E\'x\'', 'nl\n tab\t bell\u0007', '保密 😀', ''];
    const reader = { ...systemActor('reader'), name: "O'Brien \\ 读者" };
    await Promise.all(texts.map((text, i) => auditRead(env.ctx.database, reader, { ...read(text), detail: { text, i } })));
    const rows = await env.ctx.database.db.selectFrom('audit_events').select(['object_id', 'actor_name', 'detail']).orderBy('seq').execute();
    expect(rows.map((r) => r.object_id)).toEqual(texts);
    expect(rows.map((r) => r.actor_name)).toEqual(texts.map(() => reader.name));
    expect(rows.map((r) => JSON.parse(r.detail) as unknown)).toEqual(texts.map((text, i) => ({ i, text })));
    expect(await verifyAudit(env.ctx.database)).toEqual({ ok: true, checked: texts.length });
  });

  it('fails every read of a batch whose commit fails, and keeps the chain whole', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await auditRead(env.ctx.database, actor, read('before'));
    await refusePoison(env.ctx.database, dialect);
    const batch = ['a', 'b', 'poison', 'c'].map((id) => auditRead(env.ctx.database, actor, read(id)));
    const outcomes = await Promise.allSettled(batch);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    await auditRead(env.ctx.database, actor, read('after'));
    expect(await objectIds(env.ctx.database)).toEqual(['before', 'after']);
    expect(await verifyAudit(env.ctx.database.db)).toEqual({ ok: true, checked: 2 });
  });

  it('keeps a read made inside a unit of work with that work: rolled back together', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await expect(
      inOneTransaction(env.ctx, async (inner) => {
        await auditRead(inner.database, actor, read('inside'));
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await objectIds(env.ctx.database)).toEqual([]);
  });

  it('commits the events still queued when the database is closed', async () => {
    const env = await freshContext(dialect);
    const pending = auditRead(env.ctx.database, actor, read('last'));
    await env.ctx.database.close();
    await pending;
    const other = await reopen(env.env);
    try {
      expect(await objectIds(other)).toEqual(['last']);
    } finally {
      await other.close();
      // dispose closes the (already closed) handle again and removes the database.
      await env.dispose().catch(() => {});
    }
  });
});

describe('SQLite settings for durability', () => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('syncs every commit and leaves checkpoints to their own thread', async () => {
    const env = await freshContext('sqlite');
    dispose = env.dispose;
    const raw = env.ctx.database.sqlite!;
    expect(raw.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 }); // FULL
    expect(raw.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 0 });
    const file = env.ctx.database.file!;
    const before = statSync(file).size;
    // About 3 MiB through the WAL: with no checkpoint on this connection the database file stays as
    // it is until the checkpoint thread copies the pages in.
    const blob = 'x'.repeat(3000);
    await sql`create table filler (text text)`.execute(env.ctx.database.db);
    for (let i = 0; i < 10; i++) {
      await env.ctx.database.db.transaction().execute(async (trx) => {
        for (let j = 0; j < 100; j++) await sql`insert into filler values (${blob})`.execute(trx);
      });
    }
    expect(statSync(file).size).toBe(before);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 2_000_000), { timeout: 20_000, interval: 100 });
  });
});
