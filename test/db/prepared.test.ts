import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { paginateByKey } from '../../src/db/paging.ts';
import { batchedHotRead, readCompiled } from '../../src/db/prepared.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';

const unitNames = batchedHotRead<{ id: string; name: string }>(
  'remit_test_unit_name',
  { sqlite: 'select id, name from units where id = ?', postgres: 'select id, name from units where id = any($1)' },
  (row) => row.id,
);
const unitName = async (database: Parameters<typeof unitNames>[0], [id]: [string]) => (await unitNames(database, id)).map((row) => ({ name: row.name }));

const unitRow = batchedHotRead<{ id: string; extra?: string | null }>(
  'remit_test_unit_row',
  { sqlite: 'select units.* from units where id = ?', postgres: 'select units.* from units where id = any($1)' },
  (row) => row.id,
);

const unit = (id: string) => ({ id, name: `Unit ${id}`, name_en: null, kind: 'department', parent_id: null, sort_order: 0, level: 'public' as const, created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z' });

describe.each(DIALECTS)('hot reads (prepared once) on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('answers what is committed, again and again with one statement', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    await database.db.insertInto('units').values(unit('u1')).execute();
    for (let i = 0; i < 3; i++) expect(await unitName(database, ['u1'])).toEqual([{ name: 'Unit u1' }]);
    expect(await unitName(database, ['nobody'])).toEqual([]);
  });

  it("never answers with another request's uncommitted rows, and sees its own inside its transaction", async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    let outside: Promise<{ name: string }[]> | undefined;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('units').values(unit('u2')).execute();
        // The transaction's own view reads its write.
        expect(await unitName({ ...database, db: trx }, ['u2'])).toEqual([{ name: 'Unit u2' }]);
        // Another request meanwhile: on SQLite it waits for the connection, on PostgreSQL it reads
        // the last commit; either way the row is not there.
        outside = unitName(database, ['u2']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outside).toEqual([]);
    expect(await unitName(database, ['u2'])).toEqual([]);
  });

  it('keeps answering when another process adds a column to a table it reads whole', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    await database.db.insertInto('units').values(unit('u3')).execute();
    // Prepared on several pooled connections before the change: each asked in a turn of its own (one
    // statement a turn), while the ones before are still out.
    const afterTurns = async (n: number) => {
      for (let turn = 0; turn < n; turn++) await new Promise((resolve) => setImmediate(resolve));
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => afterTurns(i + 1).then(() => unitRow(database, 'u3'))));
    await sql`alter table units add column extra text`.execute(database.db);
    for (let i = 0; i < 8; i++) {
      const [row] = await unitRow(database, 'u3');
      expect(row).toMatchObject({ id: 'u3', extra: null });
    }
  });

  it('answers each of the keys asked for at the same moment with its own rows, and none for a missing one', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    await database.db.insertInto('units').values([unit('a1'), unit('a2'), unit('a3')]).execute();
    // One turn of the event loop: on PostgreSQL one statement for all of them.
    const answers = await Promise.all(['a2', 'missing', 'a1', 'a2', 'a3'].map((id) => unitNames(database, id)));
    expect(answers).toEqual([[{ id: 'a2', name: 'Unit a2' }], [], [{ id: 'a1', name: 'Unit a1' }], [{ id: 'a2', name: 'Unit a2' }], [{ id: 'a3', name: 'Unit a3' }]]);
    // A statement that fails fails every caller of its moment, and the next moment is asked anew.
    const broken = batchedHotRead<{ id: string }>('remit_test_broken', { sqlite: 'select id from no_such_table where id = ?', postgres: 'select id from no_such_table where id = any($1)' }, (row) => row.id);
    const failed = await Promise.allSettled([broken(database, 'a1'), broken(database, 'a2')]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect(await unitNames(database, 'a3')).toEqual([{ id: 'a3', name: 'Unit a3' }]);
  });

  it('runs compiled SQL (a list page) prepared once, answering each commit, and again after a table it reads changed', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    const text = dialect === 'sqlite' ? 'select units.* from units where kind = ? order by id limit ?' : 'select units.* from units where kind = $1 order by id limit $2';
    const ids = async () => (await readCompiled<{ id: string }>(database, text, ['department', 10])).map((r) => r.id);
    await database.db.insertInto('units').values([unit('u4'), unit('u5')]).execute();
    expect(await Promise.all(Array.from({ length: 8 }, ids))).toEqual(Array.from({ length: 8 }, () => ['u4', 'u5']));
    await database.db.insertInto('units').values(unit('u6')).execute();
    expect(await ids()).toEqual(['u4', 'u5', 'u6']);
    await sql`alter table units add column extra text`.execute(database.db);
    for (let i = 0; i < 8; i++) expect(await readCompiled(database, text, ['department', 10])).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'u6', extra: null })]));
  });
});

describe.runIf(DIALECTS.includes('postgres'))('named statements on postgres', () => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('plans a list page once for every offset and finds its rows by their ids, instead of planning it at each execution', async () => {
    const env = await freshContext('postgres');
    dispose = env.dispose;
    const { database } = env.ctx;
    await database.db.insertInto('units').values(Array.from({ length: 30 }, (_, i) => unit(`p${String(i).padStart(2, '0')}`))).execute();
    const pageOf = (page: number) =>
      paginateByKey(database, 'test-units', () => database.db.selectFrom('units').where('level', 'in', ['public', 'internal']), (qb) => qb.select(['units.id']), { page, pageSize: 4, order: 'asc' }, { id: 'units.id' }, { sort: 'id', idColumn: 'units.id' });
    for (let page = 1; page <= 7; page++) {
      const { items, total } = await pageOf(page);
      expect(items.map((u) => u.id)).toEqual(Array.from({ length: 4 }, (_, i) => `p${String((page - 1) * 4 + i).padStart(2, '0')}`));
      expect(total).toBe(30);
    }
    expect(await pageOf(8)).toMatchObject({ items: [{ id: 'p28' }, { id: 'p29' }], total: 30 });
    // One after another, the pool hands out the connection last given back: the one that ran the pages.
    const { rows } = await database.pool!.query<{ statement: string; generic_plans: number; custom_plans: number }>(
      "select statement, generic_plans, custom_plans from pg_prepared_statements where statement like '%offset%'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.statement).toContain('= any(array(');
    expect(rows[0]).toMatchObject({ custom_plans: 0, generic_plans: 8 });
  });
});
