import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import type { SQLInputValue } from 'node:sqlite';
import { cachedStatement, toSqlValue } from './sqlite-adapter.ts';
import type { Database } from './database.ts';

// SQLSTATE 0A000, "cached plan must not change result type".
const CACHED_PLAN_CHANGED = '0A000';

/**
 * A read that runs on nearly every request, written once as SQL for each dialect and compiled once:
 * on SQLite a statement prepared on the serving connection, on PostgreSQL a named statement (each
 * pooled connection parses and plans it once). Building and compiling the same Kysely query per
 * request costs more than SQLite takes to run it; the other queries stay with Kysely.
 *
 * Reads only, and only outside a transaction of the caller's: inside one (a transaction's view of
 * the database, see `inOneTransaction`), or while another request's transaction holds the SQLite
 * connection, the query goes through Kysely as any other would, so it never sees uncommitted work.
 */
export interface HotRead<Row> {
  (database: Database, parameters: readonly SQLInputValue[]): Promise<Row[]>;
}

export function hotRead<Row>(name: string, text: { sqlite: string; postgres: string }): HotRead<Row> {
  return async (database, parameters) => {
    if (database.dialect === 'sqlite') return readCompiled<Row>(database, text.sqlite, parameters);
    if (!database.pool || database.db.isTransaction) return viaKysely<Row>(database, text.postgres, parameters);
    return viaNamedStatement<Row>(database, database.pool, name, text.postgres, parameters);
  };
}

/**
 * Runs SQL that Kysely compiled once (or that is written out, as hotRead's) with its parameters,
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
