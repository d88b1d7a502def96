import { createHash } from 'node:crypto';
import { lockChain, transact, type Database, type Executor, type Trx } from '../db/database.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { AuditEvent } from '../db/tables.ts';
import type { Actor } from './actor.ts';
import type { Level } from './levels.ts';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  level: Level;
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

/** Keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type ChainedFields = Omit<AuditEvent, 'prev_hash' | 'hash'>;

export function eventHash(prevHash: string, e: ChainedFields): string {
  const canonical = canonicalJson([
    Number(e.seq), e.at, e.actor_id, e.actor_name, e.action, e.object_type, e.object_id, e.level, e.request_id, e.detail,
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** Appends one event inside the caller's transaction, so the event and the write it records commit together. */
export async function appendAudit(trx: Trx, database: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  await lockChain(trx, database.dialect, 'remit.audit');
  const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const fields: ChainedFields = {
    seq: last ? Number(last.seq) + 1 : 1,
    at: new Date().toISOString(),
    actor_id: actor.id,
    actor_name: actor.name,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId ?? null,
    level: entry.level,
    request_id: actor.requestId,
    detail: canonicalJson(entry.detail ?? {}),
  };
  const prevHash = last?.hash ?? GENESIS;
  await trx.insertInto('audit_events').values({ ...fields, prev_hash: prevHash, hash: eventHash(prevHash, fields) }).execute();
}

/** Records a read of a record above public in a transaction of its own. */
export async function auditRead(database: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  if (entry.level === 'public') return;
  await transact(database, (trx) => appendAudit(trx, database, actor, entry));
}

export type VerifyResult =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; reason: string };

/** Recomputes the chain in pages and names the first event whose link or content does not hold. */
export async function verifyAudit(db: Executor, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return { ok: false, checked, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${seq})` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, checked, brokenAt: seq, reason: `event ${seq} does not link to the hash of event ${seq - 1}` };
      }
      if (eventHash(prevHash, row) !== row.hash) {
        return { ok: false, checked, brokenAt: seq, reason: `event ${seq} was changed after it was written` };
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
      checked++;
    }
    if (rows.length < pageSize) return { ok: true, checked };
  }
}

export interface AuditFilters {
  /** An exact action, or a prefix ending in a dot ("study_session."). */
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  /** A timestamp, or a date meaning the end of that day. */
  to?: string | undefined;
}

/** The log, newest first unless another sort is asked for. Who may browse it is the route's policy check. */
export async function listAuditEvents(db: Executor, params: ListParams, filters: AuditFilters) {
  let query = db.selectFrom('audit_events');
  if (filters.action) {
    query = filters.action.endsWith('.') ? query.where('action', 'like', `${filters.action}%`) : query.where('action', '=', filters.action);
  }
  if (filters.objectType) query = query.where('object_type', '=', filters.objectType);
  if (filters.objectId) query = query.where('object_id', '=', filters.objectId);
  if (filters.actorId) query = query.where('actor_id', '=', filters.actorId);
  if (filters.from) query = query.where('at', '>=', filters.from);
  if (filters.to) query = query.where('at', '<=', filters.to.length === 10 ? `${filters.to}T23:59:59.999Z` : filters.to);
  const page = await paginate(query, (qb) => qb.selectAll(), { ...params, order: params.sort ? params.order : 'desc' }, { seq: 'seq', at: 'at', action: 'action' }, { sort: 'seq', idColumn: 'seq' });
  return { ...page, items: page.items as AuditEvent[] };
}

export function presentAuditEvent(e: AuditEvent) {
  return {
    seq: Number(e.seq),
    at: e.at,
    actorId: e.actor_id,
    actorName: e.actor_name,
    action: e.action,
    objectType: e.object_type,
    objectId: e.object_id,
    level: e.level,
    requestId: e.request_id,
    detail: JSON.parse(e.detail) as unknown,
  };
}
