import { afterEach, describe, expect, it } from 'vitest';
import { isIn, readTogether } from '../../src/db/together.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';

const AWKWARD = ['plain', "it's \"quoted\"", 'back\\slash \\N \\t', 'tab\tnew\nline\rcr', 'bell\u0007 esc\u001b del\u007f', 'sep\u2028\u2029', '😀 astral', '中文：学习贯彻'];

const unit = (n: number, name: string, nameEn: string | null) => ({
  id: `u${String(n).padStart(4, '0')}`,
  name,
  name_en: nameEn,
  kind: 'department',
  parent_id: null,
  sort_order: 1000 - n,
  level: 'public' as const,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
});

describe.each(DIALECTS)('reads asked for together on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('answers every read exactly as running it alone would: its rows, their values and their order', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    const { db } = database;
    await db.insertInto('units').values(AWKWARD.map((name, n) => unit(n, name, n % 2 ? null : `${name} (en)`))).execute();
    const ids = AWKWARD.map((_, n) => unit(n, '', null).id);
    const reads = () => ({
      byOrder: db.selectFrom('units').selectAll().where(isIn(dialect, 'id', ids)).orderBy('sort_order'),
      byNameDesc: db.selectFrom('units').select(['id', 'name', 'name_en']).orderBy('name', 'desc'),
      some: db.selectFrom('units').select(['id', 'sort_order']).where(isIn(dialect, 'units.id', [ids[2]!, ids[5]!, 'missing'])).orderBy('id'),
      none: db.selectFrom('units').select('id').where(isIn(dialect, 'id', ['missing'])),
    });
    const together = await readTogether(database, reads());
    const alone = reads();
    expect(together).toEqual({
      byOrder: await alone.byOrder.execute(),
      byNameDesc: await alone.byNameDesc.execute(),
      some: await alone.some.execute(),
      none: [],
    });
    expect(together.byOrder.map((u) => u.name)).toEqual([...AWKWARD].reverse());
    expect(together.some).toEqual([
      { id: ids[2], sort_order: 998 },
      { id: ids[5], sort_order: 995 },
    ]);
    // Asked again (on PostgreSQL the same prepared statement on each pooled connection), after a change.
    await db.updateTable('units').set({ name: 'renamed' }).where('id', '=', ids[0]!).execute();
    const again = await Promise.all(Array.from({ length: 6 }, () => readTogether(database, reads())));
    for (const answer of again) expect(answer.byOrder.at(-1)).toMatchObject({ id: ids[0], name: 'renamed' });
  });

  it('reads a transaction’s own writes inside it, and nothing of it outside', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    let outside: Promise<unknown> | undefined;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('units').values(unit(1, 'uncommitted', null)).execute();
        const inside = await readTogether({ ...database, db: trx }, { units: trx.selectFrom('units').select('name'), count: trx.selectFrom('units').select('id') });
        expect(inside.units).toEqual([{ name: 'uncommitted' }]);
        outside = readTogether(database, { units: database.db.selectFrom('units').select('name'), count: database.db.selectFrom('units').select('id') });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outside).toEqual({ units: [], count: [] });
  });

  it('takes lists of ids of any length in one statement text, a thousand included', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    const { database } = env.ctx;
    const { db } = database;
    await db.insertInto('units').values(Array.from({ length: 1200 }, (_, n) => unit(n, `单位${n}`, null))).execute();
    const ids = (n: number) => Array.from({ length: n }, (_, k) => unit(k, '', null).id);
    const text = (n: number) => db.selectFrom('units').select('id').where(isIn(dialect, 'id', ids(n))).compile().sql;
    // PostgreSQL: one text whatever the number of ids, so readTogether prepares it once.
    if (dialect === 'postgres') expect(new Set([1, 2, 50, 1000].map(text)).size).toBe(1);
    for (const n of [1, 7, 1000]) {
      const { a, b } = await readTogether(database, { a: db.selectFrom('units').select('id').where(isIn(dialect, 'id', ids(n))).orderBy('id'), b: db.selectFrom('units').select('id').where('id', '=', 'none') });
      expect(a.map((r) => r.id)).toEqual(ids(n));
      expect(b).toEqual([]);
    }
  });
});
