import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type Transaction } from 'kysely';
import type pg from 'pg';
import { migrations } from './migrations/index.ts';
import { openSqlite, startCheckpoints } from './sqlite-adapter.ts';
import type { Tables } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;
export type Trx = Transaction<Tables>;
/** Either the database or an open transaction: services accept both so callers choose the unit of work. */
export type Executor = Db | Trx;

export interface Database {
  db: Db;
  dialect: DialectName;
  /** The SQLite file, for backups; undefined on PostgreSQL. */
  file: string | undefined;
  /** The open node:sqlite handle, for backups; undefined on PostgreSQL. */
  sqlite: DatabaseSync | undefined;
  /** PostgreSQL: the schema this handle works in, when one was asked for. */
  schema?: string | undefined;
  /** PostgreSQL: the pool of the named statements (src/db/prepared.ts) and the audit writer, beside `db`'s own; undefined on SQLite. */
  pool?: pg.Pool | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded SQLite database is used. */
  url?: string | undefined;
  /** SQLite: the data directory holding remit.sqlite, or an explicit file path ending in .sqlite, or ':memory:'. */
  sqlite?: string;
  /** PostgreSQL: a schema to create and use, so test files can run side by side in one database. */
  schema?: string;
  poolSize?: number;
}


/**
 * Transactions take SQLite's write lock when they begin. A deferred transaction that reads and then
 * writes fails at once with "database is locked" when another process wrote in between; an
 * immediate one waits its turn (busy timeout) instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.schema, options.poolSize ?? 10);
  const target = options.sqlite ?? './data';
  let file = target;
  if (target !== ':memory:' && !target.endsWith('.sqlite')) {
    mkdirSync(target, { recursive: true });
    file = join(target, 'remit.sqlite');
  }
  const { adapter, raw } = openSqlite(file);
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: adapter }) });
  const checkpoints = file === ':memory:' ? undefined : startCheckpoints(file, (message) => console.error(`SQLite 检查点 / checkpoint: ${message}`));
  return {
    db,
    dialect: 'sqlite',
    file: file === ':memory:' ? undefined : file,
    sqlite: raw,
    close: closer(db, async () => {
      await checkpoints?.stop();
    }),
  };
}

const closeHooks = new WeakMap<Db, (() => Promise<void>)[]>();

/** Runs `hook` when the database is closed, before its connections go (the audit writer drains its queue). */
export function beforeClose(db: Db, hook: () => Promise<void>): void {
  const hooks = closeHooks.get(db) ?? [];
  hooks.push(hook);
  closeHooks.set(db, hooks);
}

function closer(db: Db, after: () => Promise<void> = async () => {}): () => Promise<void> {
  return async () => {
    for (const hook of closeHooks.get(db) ?? []) await hook();
    closeHooks.delete(db);
    await db.destroy();
    await after();
  };
}

async function openPostgres(url: string, schema: string | undefined, poolSize: number): Promise<Database> {
  // Loaded only for PostgreSQL: a SQLite deployment does not carry the driver in its memory.
  const { default: pg } = await import('pg');
  // pg returns int8 (count(*), bigint columns) as strings to protect precision; our counts fit a double.
  pg.types.setTypeParser(20, (value) => Number(value));
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const searchPath = schema ? `-c search_path=${schema}` : '';
  const pool = new pg.Pool({ connectionString: url, max: poolSize, ...(searchPath ? { options: searchPath } : {}) });
  // The named statements (src/db/prepared.ts) have connections of their own that keep one generic plan
  // a statement. Left to choose, PostgreSQL planned the busiest anew at every execution: the generic
  // plan of a page whose offset is a parameter is costed as if it skipped a tenth of the table, and so
  // never beats a custom one (pg_stat_statements, the task list at 1M tasks: 4,174 plans in 4,164
  // calls of its ids, 0.19 ms each; the session lookup by `any($1)` likewise). Kysely's statements are
  // each run once and keep being planned with their values.
  const prepared = new pg.Pool({ connectionString: url, max: poolSize, options: `${searchPath} -c plan_cache_mode=force_generic_plan`.trim() });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  // A handle may be closed twice (a test, then its teardown); a pool may be ended once.
  const endPrepared = async () => {
    if (!prepared.ended) await prepared.end();
  };
  return { db, dialect: 'postgres', file: undefined, sqlite: undefined, schema, pool: prepared, close: closer(db, endPrepared) };
}

const CATALOG_RACES = new Set(['3F000', '42P01', '42703']);

export async function migrate(database: Database): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Numbers are handed out to work done side by side, so a database may have run a later number
    // before an earlier one lands; each migration depends only on those before it that it names.
    allowUnorderedMigrations: true,
    // Kysely looks for its bookkeeping tables across every schema it can see; naming ours keeps
    // databases that hold several schemas (one per test file) from finding each other's.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's introspection reads every schema's tables and columns before migrating; on a PostgreSQL
  // database where another process drops a schema at that moment (test files each have one) it fails
  // on a schema, table or column that was there a moment before (3F000, 42P01, 42703). Such a failure
  // comes before any migration ran (no results), so it is asked again.
  const catalogRace = () =>
    database.dialect === 'postgres' && !results?.length && CATALOG_RACES.has((error as { code?: string } | undefined)?.code ?? '');
  for (let attempt = 0; error && catalogRace() && attempt < 5; attempt++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}

/** Takes the lock that serializes appends to a chain, across every process sharing the database. */
export async function lockChain(trx: Trx, dialect: DialectName, name: string): Promise<void> {
  // SQLite has one writer at a time already, and Kysely runs one transaction per connection.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}

/**
 * Runs `work` in a transaction, or in the one already open when `database` is a transaction's view
 * (see `inOneTransaction`), so steps composed from several services still commit or fail together.
 */
export async function transact<T>(database: Database, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (database.db.isTransaction) return work(database.db as Trx);
  return database.db.transaction().execute(work);
}
