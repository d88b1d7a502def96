import { statSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { rowMaker } from './row-maker.ts';

const STATEMENT_CACHE_SIZE = 1000;
const CACHE_KIB = 64 * 1024;

/** What Kysely binds, as node:sqlite takes it: booleans as 1 and 0, undefined as null. */
export function toSqlValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as SQLInputValue;
}

export interface RowStatement {
  statement: StatementSync;
  /** Whether the statement answers rows at all (Kysely's `reader`). */
  reader: boolean;
  all(...parameters: SQLInputValue[]): Record<string, unknown>[];
}

/**
 * A statement that answers rows as plain objects built from arrays: node:sqlite's own row objects are
 * made in dictionary mode, whose every property read is a hash lookup (a 50-row page and its
 * presenter: 65 µs as objects, 37 µs as arrays made into objects here, which share one hidden class).
 * Columns of the same name keep the last, as node:sqlite's objects do.
 *
 * A statement whose columns come from a wildcard (`select t.*`) keeps node:sqlite's objects: its
 * names change when the schema does (SQLite prepares it again by itself), and reading them again at
 * every execution costs more than the objects (22 columns: 8 µs). Named columns cannot change
 * without the statement failing, so their names are read once.
 */
export function prepareRows(raw: DatabaseSync, sql: string): RowStatement {
  const statement = raw.prepare(sql);
  const names = statement.columns().map((column) => column.name);
  const objects = (...parameters: SQLInputValue[]) => statement.all(...parameters) as Record<string, unknown>[];
  if (names.length === 0) return { statement, reader: false, all: objects };
  if (/(?:^|[\s,.])\*/.test(sql)) return { statement, reader: true, all: objects };
  statement.setReturnArrays(true);
  const rowOf = rowMaker(names);
  const all = (...parameters: SQLInputValue[]) => {
    const arrays = statement.all(...parameters) as unknown as unknown[][];
    const rows: Record<string, unknown>[] = new Array(arrays.length);
    for (let r = 0; r < arrays.length; r++) rows[r] = rowOf(arrays[r]!);
    return rows;
  };
  return { statement, reader: true, all };
}

// Compiling SQL is a large share of a short query's cost, and Kysely asks for a statement on every
// execution; the same few hundred query texts recur, so compiled statements are kept, per connection,
// for Kysely's adapter and for the reads that skip Kysely (src/db/prepared.ts, readCompiled) alike.
const statementCaches = new WeakMap<DatabaseSync, Map<string, RowStatement>>();

/** The connection's prepared statement for `sql`, prepared the first time it is asked for. */
export function cachedStatement(raw: DatabaseSync, sql: string): RowStatement {
  let cache = statementCaches.get(raw);
  if (!cache) {
    cache = new Map();
    statementCaches.set(raw, cache);
  }
  let entry = cache.get(sql);
  if (!entry) {
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
    entry = prepareRows(raw, sql);
    cache.set(sql, entry);
  }
  return entry;
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
  // An answered write or audited read must survive a power cut: FULL syncs the WAL at every
  // commit (NORMAL only at checkpoints). Group commit of read-audit events keeps this cheap.
  raw.exec('PRAGMA synchronous = FULL');
  // Checkpoints copy the WAL into the database file; run on the serving connection they land on
  // whichever request's commit crosses the threshold (a p99 spike). startCheckpoints runs them in a
  // thread of their own instead.
  if (file !== ':memory:') raw.exec('PRAGMA wal_autocheckpoint = 0');
  // Sorts and groupings that need a temporary b-tree stay in memory instead of a temporary file.
  raw.exec('PRAGMA temp_store = MEMORY');
  // SQLite's default page cache (2 MiB) holds less than one list's working set at scale: the first 20
  // pages of 1M tasks touch about a thousand table pages, read again from the OS at every page (the
  // page query alone 0.41 -> 0.18 ms; CPU per task list request 1.9 -> 1.3 ms side by side). A ceiling, filled
  // as pages are read: a small database stays small.
  raw.exec(`PRAGMA cache_size = ${-CACHE_KIB}`);
  const adapter: SqliteDatabase = {
    close: () => {
      statementCaches.delete(raw);
      raw.close();
    },
    prepare(sql: string): SqliteStatement {
      const { statement, reader, all } = cachedStatement(raw, sql);
      return {
        reader,
        all: (parameters) => all(...parameters.map(toSqlValue)),
        run: (parameters) => statement.run(...parameters.map(toSqlValue)),
        // An open iterator holds its statement, so streaming gets a statement of its own.
        iterate: (parameters) => raw.prepare(sql).iterate(...parameters.map(toSqlValue)),
      };
    },
  };
  return { adapter, raw };
}

// The checkpoint thread starts once the WAL holds this much, so short-lived handles (CLI, tests) never
// start it; it then checkpoints every CHECKPOINT_EVERY_MS and truncates the WAL past TRUNCATE_AT_BYTES.
const START_AT_BYTES = 1 << 20;
const WATCH_EVERY_MS = 1000;
const CHECKPOINT_EVERY_MS = 500;
const TRUNCATE_AT_BYTES = 64 << 20;
const TRUNCATE_WAIT_MS = 100;
const CHECKPOINT_BUSY_TIMEOUT_MS = 5000;

// A script, not a module file, so the thread needs no loader (vitest, type stripping) to start.
const CHECKPOINT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file, { timeout: workerData.busyTimeoutMs });
const walSize = () => { try { return statSync(workerData.file + '-wal').size; } catch { return 0; } };
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const run = () => {
  try {
    // PASSIVE copies what it can and never waits for anyone. TRUNCATE resets the WAL file to zero
    // bytes, but writers wait for as long as it runs, so it runs only once PASSIVE has copied every
    // frame (it then has nearly nothing to copy), and gives up after a moment rather than hold them:
    // after a bulk load it had hundreds of megabytes to copy, and writes failed as "database is locked".
    const { log, checkpointed } = passive.get();
    if (log === checkpointed && walSize() >= workerData.truncateAt) {
      db.exec('PRAGMA busy_timeout = ' + workerData.truncateWaitMs);
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.exec('PRAGMA busy_timeout = ' + workerData.busyTimeoutMs);
      }
    }
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
};
run();
const timer = setInterval(run, workerData.every);
parentPort.on('message', () => { clearInterval(timer); run(); db.close(); parentPort.close(); });
`;

export interface Checkpoints {
  stop(): Promise<void>;
}

/**
 * Keeps the WAL of `file` checkpointed from a thread of its own, off the request path: the serving
 * connection has automatic checkpoints off (see openSqlite).
 */
export function startCheckpoints(file: string, onError: (message: string) => void = () => {}): Checkpoints {
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  const walBytes = () => {
    try {
      return statSync(`${file}-wal`).size;
    } catch {
      return 0;
    }
  };
  const watch = setInterval(() => {
    if (worker || walBytes() < START_AT_BYTES) return;
    clearInterval(watch);
    worker = new Worker(CHECKPOINT_THREAD, { eval: true, workerData: { file, every: CHECKPOINT_EVERY_MS, truncateAt: TRUNCATE_AT_BYTES, truncateWaitMs: TRUNCATE_WAIT_MS, busyTimeoutMs: CHECKPOINT_BUSY_TIMEOUT_MS } });
    worker.unref();
    exited = new Promise((resolve) => worker!.once('exit', () => resolve()));
    worker.on('message', (m: { error?: string }) => m.error && onError(m.error));
    worker.on('error', (error) => onError(String(error)));
  }, WATCH_EVERY_MS);
  watch.unref();
  return {
    async stop() {
      clearInterval(watch);
      if (!worker) return;
      // Held by the process until it has gone, or a closing process would exit before the thread does.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
