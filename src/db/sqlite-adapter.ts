import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

const STATEMENT_CACHE_SIZE = 1000;
import type { SqliteDatabase, SqliteStatement } from 'kysely';

function toSqlValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as SQLInputValue;
}

/**
 * Kysely's SQLite dialect is written against better-sqlite3's statement shape; node:sqlite differs
 * in two ways (spread parameters, and `columns()` instead of `reader`), so this bridges them and
 * spares a native addon.
 */
export function openSqlite(file: string): { adapter: SqliteDatabase; raw: DatabaseSync } {
  const raw = new DatabaseSync(file, { timeout: 5000 });
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA synchronous = NORMAL');
  // Sorts and groupings that need a temporary b-tree stay in memory instead of a temporary file.
  raw.exec('PRAGMA temp_store = MEMORY');
  // Compiling SQL is a large share of a short query's cost, and Kysely asks for a statement on
  // every execution; the same few hundred query texts recur, so compiled statements are kept.
  const cache = new Map<string, { statement: StatementSync; reader: boolean }>();
  const compiled = (sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      const statement = raw.prepare(sql);
      entry = { statement, reader: statement.columns().length > 0 };
      cache.set(sql, entry);
    }
    return entry;
  };
  const adapter: SqliteDatabase = {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare(sql: string): SqliteStatement {
      const { statement, reader } = compiled(sql);
      return {
        reader,
        all: (parameters) => statement.all(...parameters.map(toSqlValue)),
        run: (parameters) => statement.run(...parameters.map(toSqlValue)),
        // An open iterator holds its statement, so streaming gets a statement of its own.
        iterate: (parameters) => raw.prepare(sql).iterate(...parameters.map(toSqlValue)),
      };
    },
  };
  return { adapter, raw };
}
