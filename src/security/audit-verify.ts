import { availableParallelism } from 'node:os';
import type { DatabaseSync } from 'node:sqlite';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type pg from 'pg';
import type { Database, Executor } from '../db/database.ts';
import type { AuditEvent } from '../db/tables.ts';
import type { CheckedLink } from './audit-copy-links.ts';
import { eventHash, GENESIS, hashLink } from './audit-chain.ts';

export type VerifyResult =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; reason: string };

// Pages short enough that their rows die young: at 20,000 rows a page outlived the young generation's
// collections, and a first verification in a process ran at about half the rate of later ones
// (SQLite, 1M events: 0.40M against 0.63M events/s; at 2,000 rows the first pass 0.65M).
const PAGE_SIZE = 2_000;
// Below this many events a thread's start-up (tens of milliseconds) costs more than it saves.
const PARALLEL_FROM = 500_000;
const WORKER_KIND = 'remit-audit-verify';

/**
 * The canonical form of eventHash (a JSON list of the fields), written by the database so a page
 * crosses into JavaScript as four short columns instead of twelve. Both dialects escape as
 * JSON.stringify does (short escapes for \b \f \n \r \t, \u00xx for other control characters,
 * everything else as is); should any value still come out differently, the event is rechecked with
 * eventHash itself before it is called changed, so verification means exactly what eventHash means.
 */
const CANONICAL_SQLITE = 'json_array(seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail)';

// kysely is imported where used: a verifying thread loads this module and needs none of it.
async function canonicalSql(postgres: boolean) {
  const { sql } = await import('kysely');
  if (!postgres) return sql<string>`${sql.raw(CANONICAL_SQLITE)}`;
  const text = (column: string) => sql`coalesce(to_json(${sql.ref(column)})::text, 'null')`;
  const parts = ['at', 'actor_id', 'actor_name', 'action', 'object_type', 'object_id', 'level', 'request_id', 'detail'].map(text);
  return sql<string>`'[' || seq::text || ',' || ${sql.join(parts, sql` || ',' || `)} || ']'`;
}

/** How one connection reads the chain: its links in order, and one whole event. */
interface Reader {
  /** The links from seq `from` on, in order, in batches; a reader may stop once it is past `to`. */
  links(from: number, to: number): AsyncIterable<CheckedLink[]>;
  whole(seq: number): Promise<AuditEvent | undefined>;
}

/**
 * Pages of `pageSize` links; the next page is asked for before this one is handed over, so the
 * database reads while the caller hashes.
 */
async function* pagesOf(page: (from: number) => Promise<CheckedLink[]>, pageSize: number, from: number, to: number): AsyncGenerator<CheckedLink[]> {
  let next = page(from);
  for (;;) {
    const rows = await next;
    const tail = rows.at(-1);
    const more = rows.length === pageSize && tail !== undefined && Number(tail.seq) < to;
    if (more) {
      next = page(Number(tail.seq) + 1);
      // A caller that stops at a broken link leaves it unawaited; a failure there has nobody to tell.
      next.catch(() => undefined);
    }
    yield rows;
    if (!more) return;
  }
}

async function kyselyReader(db: Executor, pageSize: number): Promise<Reader> {
  const { PostgresAdapter, sql } = await import('kysely');
  const canonical = await canonicalSql(db.getExecutor().adapter instanceof PostgresAdapter);
  const page = (from: number) =>
    sql<{ seq: number | string; prev_hash: string; hash: string; canonical: string }>`select seq, prev_hash, hash, ${canonical} as canonical from audit_events where seq >= ${from} order by seq limit ${pageSize}`
      .execute(db)
      .then((r) => r.rows.map((row) => ({ seq: Number(row.seq), prev_hash: row.prev_hash, hash: row.hash, computed: hashLink(row.prev_hash, row.canonical) })));
  return {
    links: (from, to) => pagesOf(page, pageSize, from, to),
    whole: async (seq) => (await db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirst()) as AuditEvent | undefined,
  };
}

/** SQLite pages as arrays straight from node:sqlite, which halves the cost of a page. */
function sqliteReader(sqlite: DatabaseSync, pageSize: number): Reader {
  const statement = sqlite.prepare(`select seq, prev_hash, hash, ${CANONICAL_SQLITE} from audit_events where seq >= ? order by seq limit ?`);
  statement.setReturnArrays(true);
  const one = sqlite.prepare('select * from audit_events where seq = ?');
  const page = async (from: number) => (statement.all(from, pageSize) as unknown as [number, string, string, string][]).map(([seq, prev_hash, hash, canonical]) => ({ seq, prev_hash, hash, computed: hashLink(prev_hash, canonical) }));
  return {
    links: (from, to) => pagesOf(page, pageSize, from, to),
    whole: async (seq) => one.get(seq) as AuditEvent | undefined,
  };
}

/**
 * PostgreSQL streams the range's plain columns through COPY (src/db/copy-text.ts), and each event is
 * hashed from the bytes that arrived (linksFromCopy): pg's parsing of result rows field by field was
 * most of a verification's time (one thread: 0.48M events/s as rows, 0.69M through COPY decoded field
 * by field), and to_json in PostgreSQL would cost twice the reading.
 * The COPY holds a connection of the pool's to itself; one left midway (a broken link ends the
 * range) is discarded rather than returned.
 */
function postgresReader(pool: pg.Pool): Reader {
  return {
    async *links(from, to) {
      if (!Number.isSafeInteger(from)) throw new Error(`not a sequence number: ${from}`);
      const upTo = Number.isSafeInteger(to) ? ` and seq <= ${to}` : '';
      // Loaded here, as pg is: a SQLite deployment does not carry PostgreSQL's COPY in its memory.
      const [{ copyChunks }, { COPIED_COLUMNS, linksFromCopy }] = await Promise.all([import('../db/copy-text.ts'), import('./audit-copy-links.ts')]);
      const client = await pool.connect();
      const copy = copyChunks(client, `select ${COPIED_COLUMNS} from audit_events where seq >= ${from}${upTo} order by seq`);
      try {
        let last: CheckedLink | undefined;
        for await (const chunk of copy.chunks) {
          const links = linksFromCopy(chunk, last);
          last = links.at(-1);
          yield links;
        }
      } finally {
        client.release(!copy.finished());
      }
    },
    whole: async (seq) => (await pool.query<AuditEvent>('select * from audit_events where seq = $1', [seq])).rows[0],
  };
}

/** What a range of the chain came to, with its ends, for the links between ranges. */
interface RangeResult {
  result: VerifyResult;
  /** The prev_hash of the range's first event, when that event is there. */
  firstPrev?: string | undefined;
  lastHash?: string | undefined;
}

/**
 * Checks the events from `from` up to `to` (the last range: to the end of the log). With `prevHash`
 * the first event's link is checked too; without it the range is one of several, and the caller
 * links the first event to the previous range's last. A range ends early at its first broken event.
 */
async function verifyRange(reader: Reader, from: number, to: number, prevHash: string | undefined): Promise<RangeResult> {
  let expectedSeq = from;
  let checked = 0;
  let firstPrev: string | undefined;
  let last = prevHash;
  for await (const rows of reader.links(from, to)) {
    for (const row of rows) {
      const seq = row.seq;
      if (seq > to && expectedSeq > to) return { result: { ok: true, checked }, firstPrev, lastHash: last };
      if (seq !== expectedSeq) {
        return { result: { ok: false, checked, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${seq})` }, firstPrev, lastHash: last };
      }
      if (seq === from) firstPrev = row.prev_hash;
      const linkFrom = last ?? row.prev_hash;
      if (row.prev_hash !== linkFrom) {
        return { result: { ok: false, checked, brokenAt: seq, reason: `event ${seq} does not link to the hash of event ${seq - 1}` }, firstPrev, lastHash: last };
      }
      if (row.computed !== row.hash && !(await matchesWhole(reader, seq, linkFrom, row.hash))) {
        return { result: { ok: false, checked, brokenAt: seq, reason: `event ${seq} was changed after it was written` }, firstPrev, lastHash: last };
      }
      last = row.hash;
      expectedSeq = seq + 1;
      checked++;
    }
  }
  return { result: { ok: true, checked }, firstPrev, lastHash: last };
}

async function matchesWhole(reader: Reader, seq: number, prevHash: string, hash: string): Promise<boolean> {
  const row = await reader.whole(seq);
  return row !== undefined && eventHash(prevHash, row) === hash;
}

/** Where a thread of its own reads the chain: the SQLite file, or PostgreSQL's address and schema. */
type Source = { sqliteFile: string } | { postgres: { connectionString: string | undefined; options: string | undefined } };
interface RangeJob {
  kind: typeof WORKER_KIND;
  source: Source;
  pageSize: number;
  from: number;
  to: number;
  prevHash: string | undefined;
}

/**
 * Recomputes the chain and names the first event whose link or content does not hold.
 * Given the Database (not only its Kysely handle), pages are read as arrays straight from the
 * driver. A long log is cut into ranges of seq (one a core; on PostgreSQL one for two cores), each verified by a
 * thread of its own on a connection of its own (every link needs only the stored hash before it);
 * the ranges are then joined where they meet, and the first broken event of the earliest range
 * that has one is the answer, exactly as one pass from the start would give it. `threads` forces
 * the number of ranges (tests); 1 is one pass in this thread.
 */
export async function verifyAudit(source: Executor | Database, pageSize = PAGE_SIZE, options: { threads?: number } = {}): Promise<VerifyResult> {
  const database = 'db' in source ? source : undefined;
  const db = database ? database.db : (source as Executor);
  const inTransaction = db.isTransaction;
  const own: Source | undefined =
    database?.file && !inTransaction
      ? { sqliteFile: database.file }
      : database?.pool && !inTransaction
        ? { postgres: { connectionString: database.pool.options.connectionString, options: database.pool.options.options } }
        : undefined;
  if (own) {
    const maxSeq = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
    // A PostgreSQL range keeps a server process busy beside its thread: a range for every two cores
    // (on two cores, two ranges verified 0.39–0.46M events/s against one range's 0.56–0.70M).
    const cores = 'postgres' in own ? Math.floor(availableParallelism() / 2) : availableParallelism();
    const threads = options.threads ?? (maxSeq >= PARALLEL_FROM ? Math.max(1, Math.min(4, cores)) : 1);
    if (threads > 1 && maxSeq >= threads) return verifyInThreads(own, pageSize, maxSeq, threads);
  }
  const reader =
    database?.sqlite && !inTransaction
      ? sqliteReader(database.sqlite, pageSize)
      : database?.pool && !inTransaction
        ? postgresReader(database.pool)
        : await kyselyReader(db, pageSize);
  return (await verifyRange(reader, 1, Infinity, GENESIS)).result;
}

async function verifyInThreads(source: Source, pageSize: number, maxSeq: number, threads: number): Promise<VerifyResult> {
  const size = Math.ceil(maxSeq / threads);
  const jobs: RangeJob[] = Array.from({ length: threads }, (_, k) => ({
    kind: WORKER_KIND,
    source,
    pageSize,
    from: k * size + 1,
    // The last range reads to the end of the log, events appended since maxSeq included.
    to: k === threads - 1 ? Number.MAX_SAFE_INTEGER : (k + 1) * size,
    prevHash: k === 0 ? GENESIS : undefined,
  }));
  const results = await Promise.all(jobs.map(runInWorker));
  let checkedBefore = 0;
  let previousLast: string | undefined;
  for (const [k, range] of results.entries()) {
    if (k > 0 && range.firstPrev !== undefined && range.firstPrev !== previousLast) {
      const seq = jobs[k]!.from;
      return { ok: false, checked: checkedBefore, brokenAt: seq, reason: `event ${seq} does not link to the hash of event ${seq - 1}` };
    }
    if (!range.result.ok) return { ...range.result, checked: checkedBefore + range.result.checked };
    checkedBefore += range.result.checked;
    previousLast = range.lastHash ?? previousLast;
  }
  return { ok: true, checked: checkedBefore };
}

function runInWorker(job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', (answer: RangeResult | { error: string }) => {
      void worker.terminate();
      if ('error' in answer) reject(new Error(answer.error));
      else resolve(answer);
    });
    worker.once('error', reject);
  });
}

async function verifyJob(job: RangeJob): Promise<RangeResult> {
  if ('sqliteFile' in job.source) {
    const { DatabaseSync } = await import('node:sqlite');
    const sqlite = new DatabaseSync(job.source.sqliteFile, { readOnly: true, timeout: 10_000 });
    try {
      return await verifyRange(sqliteReader(sqlite, job.pageSize), job.from, job.to, job.prevHash);
    } finally {
      sqlite.close();
    }
  }
  const { default: pg } = await import('pg');
  // Two connections: the range's COPY, and a whole event read while the COPY is under way.
  const pool = new pg.Pool({ max: 2, connectionString: job.source.postgres.connectionString, ...(job.source.postgres.options ? { options: job.source.postgres.options } : {}) });
  try {
    return await verifyRange(postgresReader(pool), job.from, job.to, job.prevHash);
  } finally {
    await pool.end();
  }
}

// This module is also the verifying thread's entry point (runInWorker starts it with a job).
if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) {
  verifyJob(workerData as RangeJob).then(
    (answer) => parentPort!.postMessage(answer),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
