import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
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
function canonicalSql(postgres: boolean) {
  if (!postgres) return sql<string>`json_array(seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail)`;
  const text = (column: string) => sql`coalesce(to_json(${sql.ref(column)})::text, 'null')`;
  const parts = ['at', 'actor_id', 'actor_name', 'action', 'object_type', 'object_id', 'level', 'request_id', 'detail'].map(text);
  return sql<string>`'[' || seq::text || ',' || ${sql.join(parts, sql` || ',' || `)} || ']'`;
}

/**
 * Recomputes the chain in pages and names the first event whose link or content does not hold.
 * The next page is asked for before this one is hashed, so on PostgreSQL the server reads while
 * this process hashes.
 */
export async function verifyAudit(db: Executor, pageSize = PAGE_SIZE): Promise<VerifyResult> {
  const canonical = canonicalSql(db.getExecutor().adapter instanceof PostgresAdapter);
  const page = (from: number) =>
    sql<{ seq: number | string; prev_hash: string; hash: string; canonical: string }>`
      select seq, prev_hash, hash, ${canonical} as canonical from audit_events where seq >= ${from} order by seq limit ${pageSize}`
      .execute(db)
      .then((r) => r.rows);
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
