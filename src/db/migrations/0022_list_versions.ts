import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * A list of up to 10,000 matches is counted exactly at every full page. On PostgreSQL, at the few
 * thousand tasks a committee holds, that count was two thirds of a task list page's work (5,000 tasks:
 * a scan of 2 ms a page). A count may be reused while the table it counts has not changed: a
 * transaction that writes one of these tables bumps the table's version here as it commits, so every
 * process sees the new version together with the change (src/db/paging.ts).
 *
 * The bump is deferred to the commit (a constraint trigger), once a table a transaction: a version
 * row locked at the first write would be held across the transaction's other locks (a task code's
 * year, the audit chain's), and two writers taking them in other orders would deadlock. At the
 * commit a transaction takes no other lock after it.
 * SQLite counts in its own process, cheaply, and keeps counting: it gets neither the table nor the
 * triggers (a version nothing bumps would claim a table unchanged).
 */
const TABLES = ['people', 'duty_tasks'] as const;

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.schema
    .createTable('list_versions')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('list_versions').values(TABLES.map((name) => ({ name, version: 0 }))).execute();
  await sql`create function remit_bump_list_version() returns trigger language plpgsql as $$
    begin
      if current_setting('remit.list_version_' || tg_table_name, true) is distinct from 'bumped' then
        perform set_config('remit.list_version_' || tg_table_name, 'bumped', true);
        update list_versions set version = version + 1 where name = tg_table_name;
      end if;
      return null;
    end $$`.execute(db);
  for (const table of TABLES) {
    await sql`create constraint trigger ${sql.raw(`${table}_list_version`)} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function remit_bump_list_version()`.execute(db);
  }
}
