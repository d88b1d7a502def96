import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { prepareRows } from '../../src/db/sqlite-adapter.ts';

// Rows of named columns come from arrays made into objects (faster to read than node:sqlite's own);
// they must be the same rows node:sqlite's objects would have been.
describe('SQLite rows', () => {
  const db = () => {
    const raw = new DatabaseSync(':memory:');
    raw.exec("create table t (id text, name text, n integer); insert into t values ('a', '甲', 1), ('b', null, 2)");
    return raw;
  };

  it('answers named columns as plain objects equal to node:sqlite’s rows', () => {
    const raw = db();
    const sql = 'select id, name, n as count from t order by id';
    const rows = prepareRows(raw, sql).all();
    expect(rows).toEqual([
      { id: 'a', name: '甲', count: 1 },
      { id: 'b', name: null, count: 2 },
    ]);
    expect(rows).toEqual(raw.prepare(sql).all().map((row) => ({ ...row })));
    expect(prepareRows(raw, "select id from t where id = 'none'").all()).toEqual([]);
  });

  it('keeps the last of two columns of one name, as node:sqlite does', () => {
    const raw = db();
    expect(prepareRows(raw, "select id, 'x' as id from t order by 1").all()).toEqual([{ id: 'x' }, { id: 'x' }]);
  });

  it('names columns whatever their names hold: quotes, backslashes, braces, digits, Chinese, __proto__', () => {
    const raw = db();
    const awkward = ['it"s', 'back\\slash', '} ; throw 1; {', '0', '名称', 'constructor', 'line\nbreak', '\u2028'];
    // With "__proto__" among them the names are set one by one; without, in one literal.
    for (const names of [awkward, [...awkward, '__proto__']]) {
      const sql = `select ${names.map((name, i) => `${i} as "${name.replaceAll('"', '""')}"`).join(', ')}`;
      const [row] = prepareRows(raw, sql).all();
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row!)).toEqual(Object.keys(raw.prepare(sql).all()[0]!));
      for (const [i, name] of names.entries()) expect(Object.getOwnPropertyDescriptor(row, name)?.value).toBe(i);
    }
  });

  it('follows a wildcard statement through a schema change', () => {
    const raw = db();
    const statement = prepareRows(raw, "select t.* from t where id = 'a'");
    expect(statement.all()).toEqual([{ id: 'a', name: '甲', n: 1 }]);
    raw.exec('alter table t add column note text');
    raw.exec('alter table t rename column name to title');
    expect({ ...statement.all()[0] }).toEqual({ id: 'a', title: '甲', n: 1, note: null });
  });

  it('says whether a statement answers rows at all', () => {
    const raw = db();
    expect(prepareRows(raw, 'select 1 as one').reader).toBe(true);
    expect(prepareRows(raw, "insert into t values ('c', 'c', 3)").reader).toBe(false);
    expect(prepareRows(raw, "insert into t values ('d', 'd', 4) returning id").reader).toBe(true);
  });
});
