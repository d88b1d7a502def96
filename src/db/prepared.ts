import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { cachedStatement, toSqlValue } from './sqlite-adapter.ts';
import type { Database } from './database.ts';

// SQLSTATE 0A000, "cached plan must not change result type".
const CACHED_PLAN_CHANGED = '0A000';

/**
 * A read that runs on nearly every request (each request's session), written once as SQL for each
 * dialect and compiled once: on SQLite a statement prepared on the serving connection, on PostgreSQL
 * a named statement (each pooled connection parses and plans it once). Building and compiling the
 * same Kysely query per request costs more than SQLite takes to run it. It reads the rows of one key,
 * which many requests ask for at the same moment: on PostgreSQL the keys asked for in one turn of the
 * event loop go in one statement (`text.postgres` takes them as the array $1), a round trip for all
 * of them, since under load several requests arrive in one turn and a round trip costs both processes
 * more on the machines here than the lookup itself. Each caller gets the rows whose `keyOf` is its
 * key. SQLite, in this process, runs each on its own (`text.sqlite` takes the key as its parameter).
 *
 * Reads only. Inside a caller's transaction (a transaction's view of the database, see
 * `inOneTransaction`), or while another request's transaction holds the SQLite connection, the query
 * goes through Kysely as any other would, so it never sees uncommitted work.
 */
export function batchedHotRead<Row>(name: string, text: { sqlite: string; postgres: string }, keyOf: (row: Row) => string): (database: Database, key: string) => Promise<Row[]> {
  type Callers = Map<string, { resolve(rows: Row[]): void; reject(error: unknown): void }[]>;
  const gathering = new WeakMap<Database, Callers>();
  const run = async (database: Database, pool: pg.Pool, callers: Callers) => {
    try {
      const byKey = new Map<string, Row[]>();
      for (const row of await viaNamedStatement<Row>(database, pool, name, text.postgres, [[...callers.keys()]])) {
        const key = keyOf(row);
        const rows = byKey.get(key);
        if (rows) rows.push(row);
        else byKey.set(key, [row]);
      }
      for (const [key, each] of callers) for (const caller of each) caller.resolve(byKey.get(key) ?? []);
    } catch (error) {
      for (const each of callers.values()) for (const caller of each) caller.reject(error);
    }
  };
  // The callers of this turn, asked for in one statement once the turn is over.
  const gather = (database: Database, pool: pg.Pool): Callers => {
    const callers: Callers = new Map();
    gathering.set(database, callers);
    setImmediate(() => {
      gathering.delete(database);
      void run(database, pool, callers);
    });
    return callers;
  };
  return (database, key) => {
    if (database.dialect === 'sqlite') return readCompiled<Row>(database, text.sqlite, [key]);
    const pool = database.pool;
    if (!pool || database.db.isTransaction) return viaKysely<Row>(database, text.postgres, [[key]]);
    const callers = gathering.get(database) ?? gather(database, pool);
    return new Promise<Row[]>((resolve, reject) => {
      const waiting = callers.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else callers.set(key, [{ resolve, reject }]);
    });
  };
}

/**
 * Runs SQL that Kysely compiled once (or that is written out, as batchedHotRead's) with its parameters,
 * outside a transaction as a prepared statement: on SQLite one prepared on the serving connection,
 * skipping Kysely's executor (its connection and plugin steps cost about as much as a short query);
 * on PostgreSQL a named statement, parsed and planned once by each pooled connection (planning a
 * list's page took longer than running it). Inside a transaction through Kysely, on the caller's
 * executor, so a transaction reads its own writes. For SQL texts of a bounded number (each is
 * prepared on every connection for as long as it lives): compiled once per list and reader, not
 * made per request.
 */
export async function readCompiled<Row>(database: Database, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
  if (database.db.isTransaction) return viaKysely<Row>(database, sql, parameters);
  if (database.pool) return viaNamedStatement<Row>(database, database.pool, statementName(sql), sql, parameters);
  const raw = database.sqlite;
  if (!raw || raw.isTransaction) return viaKysely<Row>(database, sql, parameters);
  return cachedStatement(raw, sql).all(...parameters.map(toSqlValue)) as Row[];
}

const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `remit_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** Bumped when PostgreSQL refuses a prepared plan: every statement then has a fresh name. */
let generation = 0;

async function viaNamedStatement<Row>(database: Database, pool: pg.Pool, name: string, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
  try {
    return (await pool.query({ name: `${name}_${generation}`, text: sql, values: [...parameters] })).rows as Row[];
  } catch (error) {
    // Another process migrated a table the statement reads (`select t.*` now has other columns):
    // PostgreSQL refuses the prepared plan, so fresh names prepare the statements again on each connection.
    if ((error as { code?: string }).code !== CACHED_PLAN_CHANGED) throw error;
    generation++;
    return viaKysely<Row>(database, sql, parameters);
  }
}

async function viaKysely<Row>(database: Database, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
  const result = await database.db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]));
  return [...result.rows];
}
