import { beforeClose, type Database, type Db } from '../db/database.ts';
import { appendEvents, type UnchainedEvent } from './audit.ts';

// One transaction holds at most this many events; the rest wait for the next one.
const MAX_BATCH = 2000;

interface Waiting {
  event: UnchainedEvent;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit of read-audit events. A durable commit costs a disk sync whatever it holds, so the
 * events queued by the requests of one moment are appended, chained in the order they came, in one
 * transaction; each request is answered only after the transaction holding its event committed, and
 * all of them fail if it does not (no answer goes out without its event).
 *
 * One batch is in flight at a time: events that arrive meanwhile form the next one, so under load a
 * batch spans one commit, and when idle it spans one turn of the event loop (setImmediate).
 */
export class AuditWriter {
  readonly #database: Database;
  #queue: Waiting[] = [];
  #scheduled = false;
  #flushing: Promise<void> | undefined;

  constructor(database: Database) {
    this.#database = database;
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
    if (this.#scheduled || this.#flushing) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flushing = this.#flush().finally(() => {
        this.#flushing = undefined;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    try {
      const events = batch.map((w) => w.event);
      await this.#database.db.transaction().execute((trx) => appendEvents(trx, this.#database, events));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const waiting of batch) waiting.resolve();
  }
}

const writers = new WeakMap<Db, AuditWriter>();

/** The writer of this database handle (one per process and database), created on first use. */
export function auditWriter(database: Database): AuditWriter {
  let writer = writers.get(database.db);
  if (!writer) {
    const created = new AuditWriter(database);
    writer = created;
    writers.set(database.db, created);
    beforeClose(database.db, () => created.drain());
  }
  return writer;
}
