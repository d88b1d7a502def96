import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Cheaper audit appends (issue 13).
 *
 * SQLite: the audit log's `seq` becomes the table's rowid. Declared `bigint primary key`, it was a
 * column beside SQLite's own rowid with a unique index of its own, so every event was written to
 * two b-trees before its other indexes, and "the chain's last event" was a look-up in that index;
 * as `integer primary key` it is the rowid itself. SQLite cannot change a column's declaration in
 * place, so the table is copied, in one transaction (SQLite's schema changes are transactional),
 * its other indexes and triggers recreated as they were. Values, order and hashes do not change.
 *
 * Both dialects: `audit_events_actor (actor_id)` goes; `audit_events_actor_at (actor_id, at)` serves
 * every look-up it served, and each index is one more write per event.
 */

const COLUMNS = 'seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail, prev_hash, hash';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.dropIndex('audit_events_actor').ifExists().execute();
    return;
  }
  // Kysely runs SQLite migrations on one connection without a transaction of its own.
  await sql`begin immediate`.execute(db);
  try {
    const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'audit_events'`.execute(db);
    // Already done (a start that stopped between this commit and the migration's bookkeeping).
    if (/"seq" integer primary key/i.test(table.rows[0]?.sql ?? '')) {
      await sql`drop index if exists audit_events_actor`.execute(db);
      await sql`commit`.execute(db);
      return;
    }
    const dependents = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type in ('index', 'trigger') and tbl_name = 'audit_events' and sql is not null`.execute(db);
    await sql`create table audit_events_new (
      "seq" integer primary key, "at" text not null, "actor_id" text, "actor_name" text not null,
      "action" text not null, "object_type" text not null, "object_id" text, "level" text not null,
      "request_id" text, "detail" text not null, "prev_hash" text not null, "hash" text not null)`.execute(db);
    await sql.raw(`insert into audit_events_new (${COLUMNS}) select ${COLUMNS} from audit_events order by seq`).execute(db);
    await sql`drop table audit_events`.execute(db);
    await sql`alter table audit_events_new rename to audit_events`.execute(db);
    for (const dependent of dependents.rows) {
      if (dependent.name !== 'audit_events_actor') await sql.raw(dependent.sql).execute(db);
    }
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
}
