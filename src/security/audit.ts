import { canonicalJson, chainAfter, CHAIN_LOCK, type UnchainedEvent } from './audit-chain.ts';
import { lockChain, transact, type Database, type Executor, type Trx } from '../db/database.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { Context } from '../context.ts';
import type { AuditEvent } from '../db/tables.ts';
import type { Actor } from './actor.ts';
import { auditWriter } from './audit-writer.ts';
import { mayRead, visibleTo } from './knowable.ts';
import { highestOf, type Level } from './levels.ts';
import { authorize, readableLevels } from './policy.ts';
import { knownIds, type KnowableType } from './reads.ts';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  level: Level;
  detail?: Record<string, unknown>;
}

export { canonicalJson, eventHash, type UnchainedEvent } from './audit-chain.ts';

export function unchainedEvent(actor: Actor, entry: AuditEntry): UnchainedEvent {
  return {
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
}

// 12 columns a row: 400 rows stay under SQLite's and PostgreSQL's limits on bound parameters.
const INSERT_ROWS = 400;

/**
 * Appends events, in order, inside the caller's transaction: takes the chain's lock (every process
 * sharing the database), links each event to the one before, and inserts them in few statements.
 */
export async function appendEvents(trx: Trx, database: Database, events: readonly UnchainedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await lockChain(trx, database.dialect, CHAIN_LOCK);
  const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const rows = chainAfter(last, events);
  for (let i = 0; i < rows.length; i += INSERT_ROWS) await trx.insertInto('audit_events').values(rows.slice(i, i + INSERT_ROWS)).execute();
}

/** Appends one event inside the caller's transaction, so the event and the write it records commit together. */
export async function appendAudit(trx: Trx, database: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  await appendEvents(trx, database, [unchainedEvent(actor, entry)]);
}

/**
 * Records a read of a record above public before the caller answers. Outside a transaction the event
 * joins the process's group commit (one durable commit for the reads of the same moment) and this
 * resolves once it is committed; inside one it commits with that transaction.
 */
export async function auditRead(database: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  if (entry.level === 'public') return;
  if (database.db.isTransaction) return transact(database, (trx) => appendAudit(trx, database, actor, entry));
  return auditWriter(database).append(unchainedEvent(actor, entry));
}

export { verifyAudit, type VerifyResult } from './audit-verify.ts';

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

/**
 * The log, newest first unless another sort is asked for. `onlyVisibleTo` keeps the events whose
 * object the actor may read (used when the filter names an object: see browseAuditLog).
 */
export async function listAuditEvents(db: Executor, params: ListParams, filters: AuditFilters, onlyVisibleTo?: Actor) {
  let query = db.selectFrom('audit_events');
  if (filters.action) {
    query = filters.action.endsWith('.') ? query.where('action', 'like', `${filters.action}%`) : query.where('action', '=', filters.action);
  }
  if (filters.objectType) query = query.where('object_type', '=', filters.objectType);
  if (filters.objectId) query = query.where('object_id', '=', filters.objectId);
  if (filters.actorId) query = query.where('actor_id', '=', filters.actorId);
  if (filters.from) query = query.where('at', '>=', filters.from);
  if (filters.to) query = query.where('at', '<=', filters.to.length === 10 ? `${filters.to}T23:59:59.999Z` : filters.to);
  if (onlyVisibleTo) {
    // The scope is kept per object type, so a state-secret event matches only where the type is named.
    query = filters.objectType
      ? query.where(visibleTo(onlyVisibleTo, filters.objectType, 'audit_events.object_id', 'audit_events.level'))
      : query.where('level', 'in', readableLevels(onlyVisibleTo));
  }
  const page = await paginate(query, (qb) => qb.selectAll(), { ...params, order: params.sort ? params.order : 'desc' }, { seq: 'seq', at: 'at', action: 'action' }, { sort: 'seq', idColumn: 'seq' });
  return { ...page, items: page.items as AuditEvent[] };
}

/**
 * An event is shown whole to a reader who may read its object: at a level within their clearance
 * and, above internal, with the object in their knowable scope (the same `mayRead` every record
 * read uses). Any other event is shown redacted (when, who, what kind of act, at what level) with
 * its object id and detail withheld, rather than hidden: the reviewer still sees that something
 * happened, in sequence with no gaps, so missing numbers keep meaning tampering, and `verifyAudit`
 * covers every event whoever may read it. Ids and detail are what name and describe the record.
 */
export function presentAuditEvent(e: AuditEvent, whole = true) {
  return {
    seq: Number(e.seq),
    at: e.at,
    actorId: e.actor_id,
    actorName: e.actor_name,
    action: e.action,
    objectType: e.object_type,
    objectId: whole ? e.object_id : null,
    level: e.level,
    requestId: e.request_id,
    detail: whole ? (JSON.parse(e.detail) as unknown) : null,
    redacted: !whole,
  };
}

/** Tables of the record kinds whose visibility also follows their parents (src/security/reads.ts). */
const KNOWABLE_TABLES: Record<KnowableType, 'units' | 'people' | 'positions' | 'study_groups' | 'study_sessions'> = {
  unit: 'units',
  person: 'people',
  position: 'positions',
  study_group: 'study_groups',
  study_session: 'study_sessions',
};
const isKnowableType = (type: string): type is KnowableType => Object.hasOwn(KNOWABLE_TABLES, type);

/**
 * Whether the actor may see each event whole. A record that still exists is judged as a read of it
 * would be today (`knownIds`: its level, its scope and the parents it names, so a public position in
 * a hidden unit stays hidden); any other event by its own level and scope (`mayRead`), one look-up
 * per distinct object.
 */
async function wholeFor(db: Executor, actor: Actor, events: readonly AuditEvent[]): Promise<boolean[]> {
  const open = readableLevels(actor);
  const existing = new Map<KnowableType, { present: Set<string>; known: Set<string> }>();
  for (const type of Object.keys(KNOWABLE_TABLES) as KnowableType[]) {
    const ids = [...new Set(events.filter((e) => e.object_type === type && e.object_id).map((e) => e.object_id!))];
    if (ids.length === 0) continue;
    const rows = await db.selectFrom(KNOWABLE_TABLES[type] as 'units').select('id').where('id', 'in', ids).execute();
    existing.set(type, { present: new Set(rows.map((r) => r.id)), known: await knownIds(db, actor, type, ids) });
  }
  const scoped = new Map<string, Promise<boolean>>();
  return Promise.all(
    events.map((e) => {
      const kind = isKnowableType(e.object_type) && e.object_id ? existing.get(e.object_type) : undefined;
      if (kind?.present.has(e.object_id!)) return kind.known.has(e.object_id!);
      if (open.includes(e.level)) return true;
      if (!e.object_id) return false;
      const key = `${e.object_type}\u0000${e.object_id}`;
      if (!scoped.has(key)) scoped.set(key, mayRead(db, actor, e.object_type, { id: e.object_id, level: e.level }));
      return scoped.get(key)!;
    }),
  );
}

async function levelsLoggedFor(db: Executor, objectId: string, objectType: string | undefined): Promise<Level[]> {
  let query = db.selectFrom('audit_events').select('level').distinct().where('object_id', '=', objectId);
  if (objectType) query = query.where('object_type', '=', objectType);
  return (await query.execute()).map((r) => r.level);
}

/**
 * The audit browser: one page of the log as the actor may see it, and one event recording that
 * they read it (per page, not per event), at the highest level they saw whole.
 */
export async function browseAuditLog(ctx: Context, actor: Actor, params: ListParams, filters: AuditFilters) {
  authorize(actor, 'audit.read');
  const { db } = ctx.database;
  const page = await listAuditEvents(db, params, filters, filters.objectId ? actor : undefined);
  const whole = await wholeFor(db, actor, page.items);
  const items = page.items.map((e, i) => presentAuditEvent(e, whole[i]));
  const seqs = items.map((e) => e.seq);
  // A filter naming a record makes the read an event about that record, kept at the highest level
  // the log holds for it: another reader of the log learns the id only where they may know the record.
  const named = filters.objectId ? await levelsLoggedFor(db, filters.objectId, filters.objectType) : [];
  await auditRead(ctx.database, actor, {
    action: 'audit.read',
    objectType: filters.objectId ? (filters.objectType ?? 'audit_log') : 'audit_log',
    objectId: filters.objectId ?? null,
    level: highestOf(['internal', ...named, ...page.items.filter((_, i) => whole[i]).map((e) => e.level)]),
    detail: {
      filters,
      page: page.page,
      pageSize: page.pageSize,
      shown: items.length,
      redacted: items.filter((e) => e.redacted).length,
      ...(seqs.length ? { seqFrom: Math.min(...seqs), seqTo: Math.max(...seqs) } : {}),
    },
  });
  return { ...page, items };
}
