import { PostgresAdapter, sql } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import type { AuditEvent } from '../db/tables.ts';
import { eventHash, GENESIS, hashLink } from './audit-chain.ts';

export type VerifyResult =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; reason: string };

const PAGE_SIZE = 20_000;

/**
 * The canonical form of eventHash (a JSON list of the fields), written by the database so a page
 * crosses into JavaScript as four short columns instead of twelve. Both dialects escape as
 * JSON.stringify does (short escapes for \b \f \n \r \t, \u00xx for other control characters,
 * everything else as is); should any value still come out differently, the event is rechecked with
 * eventHash itself before it is called changed, so verification means exactly what eventHash means.
 */
const CANONICAL_SQLITE = 'json_array(seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail)';

function canonicalSql(postgres: boolean) {
  if (!postgres) return sql<string>`${sql.raw(CANONICAL_SQLITE)}`;
  const text = (column: string) => sql`coalesce(to_json(${sql.ref(column)})::text, 'null')`;
  const parts = ['at', 'actor_id', 'actor_name', 'action', 'object_type', 'object_id', 'level', 'request_id', 'detail'].map(text);
  return sql<string>`'[' || seq::text || ',' || ${sql.join(parts, sql` || ',' || `)} || ']'`;
}

type Link = { seq: number | string; prev_hash: string; hash: string; canonical: string };

/**
 * Recomputes the chain in pages and names the first event whose link or content does not hold.
 * Given the Database (not only its Kysely handle), SQLite pages are read straight from node:sqlite
 * as arrays, which halves the cost of a page; on PostgreSQL the next page is asked for before
 * this one is hashed, so the server reads while this process hashes.
 */
export async function verifyAudit(source: Executor | Database, pageSize = PAGE_SIZE): Promise<VerifyResult> {
  const database = 'db' in source ? source : undefined;
  const db = database ? database.db : (source as Executor);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const canonical = canonicalSql(postgres);
  let page = (from: number) =>
    sql<Link>`select seq, prev_hash, hash, ${canonical} as canonical from audit_events where seq >= ${from} order by seq limit ${pageSize}`
      .execute(db)
      .then((r) => r.rows);
  if (database?.sqlite && !db.isTransaction) {
    const statement = database.sqlite.prepare(`select seq, prev_hash, hash, ${CANONICAL_SQLITE} from audit_events where seq >= ? order by seq limit ?`);
    statement.setReturnArrays(true);
    page = async (from) => (statement.all(from, pageSize) as unknown as [number, string, string, string][]).map(([seq, prev_hash, hash, canonical]) => ({ seq, prev_hash, hash, canonical }));
  }
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  let next = page(expectedSeq);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1);
    if (rows.length === pageSize && last) {
      next = page(Number(last.seq) + 1);
      // Returning early on a broken link leaves it unawaited; a failure there has nobody to tell.
      next.catch(() => undefined);
    }
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return { ok: false, checked, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${seq})` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, checked, brokenAt: seq, reason: `event ${seq} does not link to the hash of event ${seq - 1}` };
      }
      if (hashLink(prevHash, row.canonical) !== row.hash && !(await matchesWhole(db, seq, prevHash, row.hash))) {
        return { ok: false, checked, brokenAt: seq, reason: `event ${seq} was changed after it was written` };
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
      checked++;
    }
    if (rows.length < pageSize) return { ok: true, checked };
  }
}

async function matchesWhole(db: Executor, seq: number, prevHash: string, hash: string): Promise<boolean> {
  const row = (await db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirst()) as AuditEvent | undefined;
  return row !== undefined && eventHash(prevHash, row) === hash;
}
