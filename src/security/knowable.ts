import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Context } from '../context.ts';
import type { Executor, Trx } from '../db/database.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from './actor.ts';
import { isStateSecret, type Level } from './levels.ts';
import { authorize, can, readableLevels, secretLevels } from './policy.ts';

/**
 * Need-to-know (知悉范围): a record above internal is readable only by someone cleared for its level
 * AND named in its knowable scope, directly or through a unit where they hold a current position.
 * Records at internal and below need clearance only.
 */

function subjectMatch(actor: Actor): Expression<SqlBool> {
  const today = now().slice(0, 10);
  return sql<SqlBool>`(
    (knowable_scope.subject_type = 'person' and knowable_scope.subject_id = ${actor.personId})
    or (knowable_scope.subject_type = 'unit' and knowable_scope.subject_id in (
      select positions.unit_id from positions
      where positions.person_id = ${actor.personId}
        and (positions.end_date is null or positions.end_date >= ${today})))
  )`;
}

/**
 * The list filter: `query.where(visibleTo(actor, 'unit', 'units.id', 'units.level'))`. It is the SQL
 * twin of `mayRead`; lists, counts, searches and exports use it so they can never show more than a
 * single read would.
 */
// Generic over every table that carries content; the references are checked by the caller's query.
export function visibleTo(actor: Actor, objectType: string, idColumn: string, levelColumn: string) {
  const open = readableLevels(actor);
  const secret = secretLevels(actor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const openClause = eb(eb.ref(levelColumn), 'in', open);
    if (secret.length === 0 || !actor.personId) return openClause;
    const scoped = sql<SqlBool>`(${sql.ref(levelColumn)} in (${sql.join(secret)}) and exists (
      select 1 from knowable_scope
      where knowable_scope.object_type = ${objectType}
        and knowable_scope.object_id = ${sql.ref(idColumn)}
        and ${subjectMatch(actor)}))`;
    return eb.or([openClause, scoped]);
  };
}

export async function inScope(db: Executor, actor: Actor, objectType: string, objectId: string): Promise<boolean> {
  if (!actor.personId) return false;
  const row = await db
    .selectFrom('knowable_scope')
    .select('object_id')
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .where(() => subjectMatch(actor))
    .executeTakeFirst();
  return Boolean(row);
}

/** The single-record twin of `visibleTo`. */
export async function mayRead(db: Executor, actor: Actor, objectType: string, record: { id: string; level: Level }): Promise<boolean> {
  if (readableLevels(actor).includes(record.level)) return true;
  if (!secretLevels(actor).includes(record.level)) return false;
  return inScope(db, actor, objectType, record.id);
}

/**
 * Whoever writes a state secret knows it: the writer's person is put in its scope in the same
 * transaction. An account not linked to a person cannot be named in a scope, so it may not.
 */
export async function scopeNewRecord(trx: Trx, actor: Actor, objectType: string, objectId: string, level: Level): Promise<void> {
  if (!isStateSecret(level)) return;
  if (!actor.personId) {
    throw unprocessable('no_person', 'Link your account to a person before writing state-secret content: the knowable scope names people.');
  }
  await trx
    .insertInto('knowable_scope')
    .values({ object_type: objectType, object_id: objectId, subject_type: 'person', subject_id: actor.personId, reason: 'author', added_by: actor.id, added_at: now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface ScopeRequestInput {
  objectType: string;
  objectId: string;
  subjectType: 'person' | 'unit';
  subjectId: string;
  reason: string;
}

/** Tables whose records carry a level and may have a scope, by object type. */
const SCOPED_TABLES: Record<string, 'units' | 'people' | 'positions' | 'study_groups' | 'study_sessions'> = {
  unit: 'units',
  person: 'people',
  position: 'positions',
  study_group: 'study_groups',
  study_session: 'study_sessions',
};

async function levelOf(db: Executor, objectType: string, objectId: string): Promise<Level | undefined> {
  const table = SCOPED_TABLES[objectType];
  if (!table) throw badRequest(`Records of type "${objectType}" have no knowable scope. Use one of: ${Object.keys(SCOPED_TABLES).join(', ')}.`);
  const row = await db.selectFrom(table as 'units').select('level').where('id', '=', objectId).executeTakeFirst();
  return row?.level;
}

/**
 * Loads a state-secret record for the scope's own operations. Those who know it qualify; so does a
 * secrecy officer cleared for its level, who keeps the scope without needing to know the content
 * (otherwise nobody could admit the first reader beyond the author).
 */
async function scopedRecord(db: Executor, actor: Actor, objectType: string, objectId: string): Promise<Level> {
  const level = await levelOf(db, objectType, objectId);
  const keeper = can(actor, 'knowable.keep') && level !== undefined && secretLevels(actor).includes(level);
  if (!level || !(keeper || (await mayRead(db, actor, objectType, { id: objectId, level })))) throw notFound(objectType.replace(/_/g, ' '), objectId);
  if (!isStateSecret(level)) throw badRequest('Only records above internal have a knowable scope; this one is readable by clearance alone.');
  return level;
}

export async function requestScope(ctx: Context, actor: Actor, input: ScopeRequestInput): Promise<string> {
  authorize(actor, 'knowable.request');
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    const level = await scopedRecord(trx, actor, input.objectType, input.objectId);
    const subjectTable = input.subjectType === 'person' ? 'people' : 'units';
    const subject = await trx.selectFrom(subjectTable).select('id').where('id', '=', input.subjectId).executeTakeFirst();
    if (!subject) throw badRequest(`No ${input.subjectType} with id ${input.subjectId} exists.`);
    const already = await trx
      .selectFrom('knowable_scope')
      .select('object_id')
      .where('object_type', '=', input.objectType)
      .where('object_id', '=', input.objectId)
      .where('subject_type', '=', input.subjectType)
      .where('subject_id', '=', input.subjectId)
      .executeTakeFirst();
    if (already) throw conflict(`That ${input.subjectType} is already in the knowable scope.`);
    await trx
      .insertInto('knowable_requests')
      .values({ id, object_type: input.objectType, object_id: input.objectId, subject_type: input.subjectType, subject_id: input.subjectId, reason: input.reason, requested_by: actor.id ?? actor.name, requested_at: now(), status: 'pending', decided_by: null, decided_at: null, decision_note: null })
      .execute();
    return { result: id, audit: { action: 'knowable.request', objectType: input.objectType, objectId: input.objectId, level, detail: { requestId: id, subjectType: input.subjectType, subjectId: input.subjectId, reason: input.reason } } };
  });
}

/** A secrecy officer, or a leader who already knows the record, decides; nobody approves their own request. */
export async function decideScopeRequest(ctx: Context, actor: Actor, requestId: string, approve: boolean, note: string | null): Promise<void> {
  authorize(actor, 'knowable.approve');
  await writeAudited(ctx, actor, async (trx) => {
    const request = await trx.selectFrom('knowable_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
    if (!request) throw notFound('scope request', requestId);
    const level = await scopedRecord(trx, actor, request.object_type, request.object_id);
    if (request.status !== 'pending') throw conflict(`This request was already ${request.status}.`);
    if (request.requested_by === actor.id) throw forbidden('You cannot decide your own request; another approver must.');
    await trx
      .updateTable('knowable_requests')
      .set({ status: approve ? 'approved' : 'rejected', decided_by: actor.id, decided_at: now(), decision_note: note })
      .where('id', '=', requestId)
      .execute();
    if (approve) {
      await trx
        .insertInto('knowable_scope')
        .values({ object_type: request.object_type, object_id: request.object_id, subject_type: request.subject_type, subject_id: request.subject_id, reason: request.reason, added_by: actor.id, added_at: now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return {
      result: undefined,
      audit: { action: approve ? 'knowable.approve' : 'knowable.reject', objectType: request.object_type, objectId: request.object_id, level, detail: { requestId, subjectType: request.subject_type, subjectId: request.subject_id, note } },
    };
  });
}

/** The register of who knows a record: named people and units, with the people each unit brings in. */
export async function scopeRegister(ctx: Context, actor: Actor, objectType: string, objectId: string) {
  authorize(actor, 'knowable.read');
  const { db } = ctx.database;
  await scopedRecord(db, actor, objectType, objectId);
  const entries = await db
    .selectFrom('knowable_scope')
    .selectAll()
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('added_at')
    .execute();
  const personIds = entries.filter((e) => e.subject_type === 'person').map((e) => e.subject_id);
  const unitIds = entries.filter((e) => e.subject_type === 'unit').map((e) => e.subject_id);
  const people = personIds.length ? await db.selectFrom('people').select(['id', 'name']).where('id', 'in', personIds).execute() : [];
  const units = unitIds.length ? await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [];
  const today = now().slice(0, 10);
  const throughUnits = unitIds.length
    ? await db
        .selectFrom('positions')
        .innerJoin('people', 'people.id', 'positions.person_id')
        .select(['people.id', 'people.name', 'positions.unit_id'])
        .where('positions.unit_id', 'in', unitIds)
        .where((eb) => eb.or([eb('positions.end_date', 'is', null), eb('positions.end_date', '>=', today)]))
        .execute()
    : [];
  const requests = await db
    .selectFrom('knowable_requests')
    .selectAll()
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('requested_at', 'desc')
    .execute();
  const nameOf = (e: (typeof entries)[number]) =>
    (e.subject_type === 'person' ? people : units).find((x) => x.id === e.subject_id)?.name ?? e.subject_id;
  return {
    entries: entries.map((e) => ({
      subjectType: e.subject_type,
      subjectId: e.subject_id,
      name: nameOf(e),
      reason: e.reason,
      addedBy: e.added_by,
      addedAt: e.added_at,
      people: e.subject_type === 'unit' ? throughUnits.filter((p) => p.unit_id === e.subject_id).map((p) => ({ id: p.id, name: p.name })) : [],
    })),
    requests: requests.map((r) => ({
      id: r.id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      reason: r.reason,
      requestedBy: r.requested_by,
      requestedAt: r.requested_at,
      status: r.status,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    })),
  };
}

export const SCOPE_OBJECT_TYPES = Object.keys(SCOPED_TABLES);

/**
 * The register of knowers (知悉人员登记): every record at 机密 and above that the actor may read,
 * with the people and units its scope names.
 */
export async function knowersRegister(ctx: Context, actor: Actor) {
  authorize(actor, 'knowable.read');
  const { db } = ctx.database;
  // The secrecy officer keeps the register of everything within their clearance; others see what they know.
  const keeper = can(actor, 'knowable.keep');
  const records: { objectType: string; objectId: string; name: string; level: Level }[] = [];
  for (const [objectType, table] of Object.entries(SCOPED_TABLES)) {
    const nameColumn = table === 'positions' ? 'title' : table === 'study_sessions' ? 'date' : 'name';
    // One query shape over the tables that have scopes; each has id, level and a naming column.
    const rows = (await db
      .selectFrom(table as 'units')
      .select(['id', 'level', `${nameColumn} as name` as 'name'])
      .where('level', 'in', ['jimi', 'juemi'])
      .where(keeper ? (eb) => eb('level', 'in', secretLevels(actor)) : visibleTo(actor, objectType, `${table}.id`, `${table}.level`))
      .execute()) as { id: string; level: Level; name: string }[];
    for (const r of rows) records.push({ objectType, objectId: r.id, name: r.name, level: r.level });
  }
  const entries = records.length
    ? await db
        .selectFrom('knowable_scope')
        .selectAll()
        .where((eb) => eb.or(records.map((r) => eb.and([eb('object_type', '=', r.objectType), eb('object_id', '=', r.objectId)]))))
        .orderBy('added_at')
        .execute()
    : [];
  return records.map((r) => ({
    ...r,
    knowers: entries
      .filter((e) => e.object_type === r.objectType && e.object_id === r.objectId)
      .map((e) => ({ subjectType: e.subject_type, subjectId: e.subject_id, reason: e.reason, addedAt: e.added_at })),
  }));
}
