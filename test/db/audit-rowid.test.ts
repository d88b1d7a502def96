import { Migrator, sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, transact, type Database } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { systemActor } from '../../src/security/actor.ts';
import { appendEvents, unchainedEvent, verifyAudit } from '../../src/security/audit.ts';

const actor = systemActor('reader');

async function append(database: Database, n: number): Promise<void> {
  const events = Array.from({ length: n }, (_, i) => unchainedEvent(actor, { action: 'thing.read', objectType: 'thing', objectId: `t${i}`, level: 'internal', detail: { i } }));
  await transact(database, (trx) => appendEvents(trx, database, events));
}

describe('migration 0015: the audit log keyed by SQLite rowid', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every event, its order and the chain, with seq as the rowid, and appends after it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'remit-audit-rowid-'));
    const file = join(dir, 'remit.sqlite');
    const database = await openDatabase({ sqlite: file });
    try {
      // A database written before the migration: seq a column beside the rowid.
      const before = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      const { error } = await before.migrateTo('0014_scale');
      expect(error).toBeUndefined();
      await append(database, 120);
      const hashes = await database.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq').execute();

      await migrate(database);
      const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'audit_events'`.execute(database.db);
      expect(table.rows[0]?.sql).toMatch(/"seq" integer primary key/);
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'audit_events' order by name`.execute(database.db);
      expect(indexes.rows.map((r) => r.name)).toEqual(['audit_events_actor_at', 'audit_events_object']);
      expect(await database.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq').execute()).toEqual(hashes);
      const rowids = await sql<{ mismatched: number }>`select count(*) as mismatched from audit_events where rowid != seq`.execute(database.db);
      expect(rowids.rows[0]?.mismatched).toBe(0);

      await append(database, 5);
      expect(await verifyAudit(database.db)).toEqual({ ok: true, checked: 125 });
    } finally {
      await database.close();
    }
  });
});
