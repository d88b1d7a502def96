import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { paginateByKey } from '../../src/db/paging.ts';
import { DIALECTS, freshDatabase, POSTGRES_URL } from '../helpers/db.ts';

const person = (id: string) => ({ id, name: `Person ${id}`, name_en: null, email: null, phone: null, note: null, level: 'public' as const, created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z' });

/** The roster's first page of 5 as a reader cleared to internal sees it, its count reused by the people table's version. */
const firstPage = (database: Database) =>
  paginateByKey(database, 'test-people:internal', () => database.db.selectFrom('people').where('people.level', 'in', ['public', 'internal']), (qb) => qb.select(['people.id']), { page: 1, pageSize: 5, order: 'asc' }, { id: 'people.id' }, { sort: 'id', idColumn: 'people.id' }, 'people');

describe.each(DIALECTS)('list counts on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('counts what another process wrote, changed or deleted at once, and reuses a count only while nothing was written', async () => {
    const test = await freshDatabase(dialect);
    cleanups.push(test.dispose);
    // The other process: another handle on the same database, with connections of its own.
    const other = dialect === 'postgres' ? await openDatabase({ url: POSTGRES_URL, schema: test.env.TARGET_SCHEMA!, poolSize: 2 }) : await openDatabase({ sqlite: test.env.TARGET_SQLITE! });
    cleanups.push(() => other.close());
    const mine = test.database;
    await mine.db.insertInto('people').values(Array.from({ length: 12 }, (_, i) => person(`p${String(i).padStart(2, '0')}`))).execute();
    expect((await firstPage(mine)).total).toBe(12);

    await other.db.insertInto('people').values(person('p12')).execute();
    expect((await firstPage(mine)).total).toBe(13);
    // A change of level takes the person out of what this reader sees.
    await other.db.updateTable('people').set({ level: 'mimi' }).where('id', '=', 'p03').execute();
    expect((await firstPage(mine)).total).toBe(12);
    await other.db.deleteFrom('people').where('id', 'in', ['p04', 'p05']).execute();
    expect((await firstPage(mine)).total).toBe(10);
    // Inside a transaction, the count is what that transaction sees.
    await mine.db.transaction().execute(async (trx) => {
      await trx.insertInto('people').values(person('p13')).execute();
      expect((await firstPage({ ...mine, db: trx })).total).toBe(11);
      await trx.deleteFrom('people').where('id', '=', 'p13').execute();
    });
    expect((await firstPage(mine)).total).toBe(10);

    if (dialect === 'postgres') {
      // Three pages with nothing written between them: the count ran for the first only. One after
      // another, the pool hands out the connection last given back, so one connection ran them all.
      await other.db.insertInto('people').values(person('p14')).execute();
      for (let i = 0; i < 3; i++) expect((await firstPage(mine)).total).toBe(11);
      const { rows } = await mine.pool!.query<{ statement: string; calls: number }>(
        "select statement, generic_plans + custom_plans as calls from pg_prepared_statements where statement like 'select count(*)%'",
      );
      expect(rows).toHaveLength(1);
      // Counted after each of the five writes above (the transaction's too, once it committed), and once here.
      expect(rows[0]!.calls).toBe(6);
    }
  });
});

describe.runIf(DIALECTS.includes('postgres'))('list versions on postgres', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('lets two writers that take another lock in opposite orders both commit, each bumping the version once', async () => {
    const test = await freshDatabase('postgres');
    cleanups.push(test.dispose);
    const { database } = test;
    const version = async () => Number((await sql<{ version: number }>`select version from list_versions where name = 'people'`.execute(database.db)).rows[0]!.version);
    const before = await version();
    let release: () => void = () => {};
    const secondHasLock = new Promise<void>((resolve) => (release = resolve));
    // The first writes people, then waits for a lock the second holds while it writes people too: a
    // version row locked at the first write would leave each waiting for the other.
    const first = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('people').values([person('a1'), person('a2')]).execute();
      await secondHasLock;
      await sql`select pg_advisory_xact_lock(hashtext('test.list-versions'))`.execute(trx);
    });
    const second = database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('test.list-versions'))`.execute(trx);
      release();
      await trx.insertInto('people').values(person('b1')).execute();
      await trx.updateTable('people').set({ note: 'changed' }).where('id', '=', 'b1').execute();
    });
    await Promise.all([first, second]);
    expect(await version()).toBe(before + 2);
    expect((await firstPage(database)).total).toBe(3);
  });
});
