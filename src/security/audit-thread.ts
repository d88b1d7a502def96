// The SQLite audit thread: appends batches of read-audit events on a connection of its own, so the
// durable commit (a disk sync, milliseconds) never blocks the event loop that serves requests.
// Started by audit-writer.ts as a worker thread; imports nothing but node: modules and the chain.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { chainAfter, type UnchainedEvent } from './audit-chain.ts';

export interface BatchRequest {
  id: number;
  events: UnchainedEvent[];
}
export interface BatchAnswer {
  id: number;
  error?: string;
}

const COLUMNS = ['seq', 'at', 'actor_id', 'actor_name', 'action', 'object_type', 'object_id', 'level', 'request_id', 'detail', 'prev_hash', 'hash'] as const;

const { file } = workerData as { file: string };
const db = new DatabaseSync(file, { timeout: 10_000 });
db.exec('PRAGMA synchronous = FULL');
db.exec('PRAGMA wal_autocheckpoint = 0');
const last = db.prepare('select seq, hash from audit_events order by seq desc limit 1');
const insert = db.prepare(`insert into audit_events (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);

function append(events: readonly UnchainedEvent[]): void {
  // IMMEDIATE takes the write lock first: the chain's tail cannot move between reading and appending.
  db.exec('BEGIN IMMEDIATE');
  try {
    const rows = chainAfter(last.get() as { seq: number; hash: string } | undefined, events);
    for (const row of rows) insert.run(...COLUMNS.map((c) => row[c]));
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

// The batches that reached the thread while it was syncing the last commit, committed together in
// the order they came: one disk sync for all of them (group commit on this side too).
let waiting: BatchRequest[] = [];

function commitWaiting(): void {
  const batches = waiting;
  waiting = [];
  if (batches.length === 0) return;
  let error: string | undefined;
  try {
    append(batches.length === 1 ? batches[0]!.events : batches.flatMap((batch) => batch.events));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  for (const batch of batches) parentPort!.postMessage((error ? { id: batch.id, error } : { id: batch.id }) satisfies BatchAnswer);
}

parentPort!.on('message', (message: BatchRequest | 'close') => {
  if (message === 'close') {
    // Whatever arrived before the close is committed (and answered) before the connection goes.
    commitWaiting();
    db.close();
    parentPort!.close();
    return;
  }
  waiting.push(message);
  // Messages already queued are delivered before immediates run, so they join this commit.
  if (waiting.length === 1) setImmediate(commitWaiting);
});
