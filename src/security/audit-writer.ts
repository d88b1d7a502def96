import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { beforeClose, type Database, type Db } from '../db/database.ts';
import type { AuditEvent } from '../db/tables.ts';
import { chainAfter, CHAIN_LOCK, type UnchainedEvent } from './audit-chain.ts';
import { appendEvents } from './audit.ts';
import type { BatchAnswer, BatchRequest } from './audit-thread.ts';

// One transaction holds at most this many events; the rest wait for the next one.
const MAX_BATCH = 2000;

interface Waiting {
  event: UnchainedEvent;
  resolve(): void;
  reject(error: unknown): void;
}

type Commit = (events: UnchainedEvent[]) => Promise<void>;

/**
 * Group commit of read-audit events. A durable commit costs a disk sync whatever it holds, so the
 * events queued by the requests of one moment are appended, chained in the order they came, in one
 * transaction; each request is answered only after the transaction holding its event committed, and
 * all of them fail if it does not (no answer goes out without its event).
 *
 * By default one batch is in flight at a time: events that arrive meanwhile form the next one, so
 * under load a batch spans one commit, and when idle one turn of the event loop (setImmediate).
 * `pipelined` is for a committer that groups by itself (the SQLite audit thread merges the batches
 * that reach it during a disk sync): each turn's events are handed over at once, so the thread
 * starts its next commit the moment the last one ends instead of a round trip later.
 */
export class AuditWriter {
  readonly #commit: Commit;
  readonly #pipelined: boolean;
  #queue: Waiting[] = [];
  #scheduled = false;
  #flushing: Promise<void> | undefined;

  constructor(commit: Commit, options: { pipelined?: boolean } = {}) {
    this.#commit = commit;
    this.#pipelined = options.pipelined ?? false;
  }

  /** Resolves once the event is committed; rejects, without it in the log, when its batch fails. */
  append(event: UnchainedEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      this.#schedule();
    });
  }

  /** Waits until every event queued so far is committed or has failed. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing || this.#scheduled) {
      if (this.#flushing) await this.#flushing;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  #schedule(): void {
    if (this.#scheduled || (this.#flushing && !this.#pipelined)) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // Batches are committed in the order they were handed over, so the last one ends last.
      const flushing = this.#flush().finally(() => {
        if (this.#flushing === flushing) this.#flushing = undefined;
        if (this.#queue.length > 0) this.#schedule();
      });
      this.#flushing = flushing;
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    try {
      await this.#commit(batch.map((w) => w.event));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const waiting of batch) waiting.resolve();
  }
}

/**
 * SQLite: batches are committed by a thread of their own on its own connection (audit-thread.ts).
 * node:sqlite is synchronous, so a durable commit on the serving connection would stop every request
 * for the length of a disk sync; in the thread only the requests waiting for that batch wait.
 */
class AuditThread {
  readonly #file: string;
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;
  #next = 1;
  readonly #pending = new Map<number, { resolve(): void; reject(error: unknown): void }>();

  constructor(file: string) {
    this.#file = file;
  }

  commit = (events: UnchainedEvent[]): Promise<void> => {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, events } satisfies BatchRequest);
    });
  };

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./audit-thread.ts', import.meta.url), { workerData: { file: this.#file } });
    worker.unref();
    worker.on('message', (answer: BatchAnswer) => {
      const waiting = this.#pending.get(answer.id);
      this.#pending.delete(answer.id);
      if (answer.error) waiting?.reject(new Error(`audit log: ${answer.error}`));
      else waiting?.resolve();
    });
    const failAll = (error: unknown) => {
      for (const waiting of this.#pending.values()) waiting.reject(error);
      this.#pending.clear();
    };
    worker.on('error', failAll);
    this.#exited = new Promise((resolve) =>
      worker.once('exit', () => {
        // A thread that died is started again for the next batch; what it held has failed.
        failAll(new Error('the audit thread stopped'));
        if (this.#worker === worker) this.#worker = undefined;
        resolve();
      }),
    );
    this.#worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    // Held by the process until it has gone, or a closing process would exit before the thread does.
    worker.ref();
    worker.postMessage('close');
    await this.#exited;
  }
}

const COLUMNS: readonly (keyof AuditEvent)[] = ['seq', 'at', 'actor_id', 'actor_name', 'action', 'object_type', 'object_id', 'level', 'request_id', 'detail', 'prev_hash', 'hash'];

/**
 * PostgreSQL: a batch in two round trips instead of five (begin, lock, the chain's head, insert,
 * commit, each a message and its answer): on two cores shared with the server, every round trip costs
 * both processes a system call or two. The first takes the lock and reads the head in one text of
 * statements; the second inserts and commits, its values written as SQL literals by pg's own
 * escaping (the text protocol that carries several statements takes no parameters).
 */
function postgresCommit(pool: pg.Pool): Commit {
  return async (events) => {
    const client = await pool.connect();
    try {
      const answers = (await client.query(
        `begin; select pg_advisory_xact_lock(hashtext(${client.escapeLiteral(CHAIN_LOCK)})); select seq, hash from audit_events order by seq desc limit 1`,
      )) as unknown as pg.QueryResult<{ seq: string; hash: string }>[];
      const rows = chainAfter(answers[2]?.rows[0], events);
      const literal = (value: string | number | null) => (value === null ? 'null' : typeof value === 'number' ? String(value) : client.escapeLiteral(value));
      const values = rows.map((row) => `(${COLUMNS.map((column) => literal(row[column])).join(', ')})`);
      await client.query(`insert into audit_events (${COLUMNS.join(', ')}) values ${values.join(', ')}; commit`);
      client.release();
    } catch (error) {
      // A connection whose transaction could not be ended is not given back to the pool.
      const ended = await client.query('rollback').then(() => true, () => false);
      client.release(!ended);
      throw error;
    }
  };
}

const writers = new WeakMap<Db, AuditWriter>();

/** The writer of this database handle (one per process and database), created on first use. */
export function auditWriter(database: Database): AuditWriter {
  let writer = writers.get(database.db);
  if (!writer) {
    let created: AuditWriter;
    if (database.dialect === 'sqlite' && database.file) {
      const thread = new AuditThread(database.file);
      created = new AuditWriter(thread.commit, { pipelined: true });
      beforeClose(database.db, async () => {
        await created.drain();
        await thread.close();
      });
    } else if (database.pool) {
      created = new AuditWriter(postgresCommit(database.pool));
      beforeClose(database.db, () => created.drain());
    } else {
      created = new AuditWriter((events) => database.db.transaction().execute((trx) => appendEvents(trx, database, events)));
      beforeClose(database.db, () => created.drain());
    }
    writer = created;
    writers.set(database.db, created);
  }
  return writer;
}
