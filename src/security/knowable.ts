import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Context } from '../context.ts';
import type { Executor, Trx } from '../db/database.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from './actor.ts';
import { auditRead } from './audit.ts';
import { highestOf, isStateSecret, type Level } from './levels.ts';
import { authorize, can, readableLevels, secretLevels } from './policy.ts';

/**
 * Need-to-know (知悉范围): a record above internal is readable only by someone cleared for its level
 * AND named in its knowable scope, as a person or as an approved member of a unit the scope names.
 * Records at internal and below need clearance only.
 *
 * Why a unit admits approved members only. A unit used to admit whoever held a position in it when
 * the record was read; positions are organization data that anyone who may edit the organization
 * writes, so a clerk could grant themselves a secret by adding a position. Of the two cures (approve
 * every membership; resolve units to named people when approved) this module does the second and
 * falls back to the first for later arrivals: approving a unit into a scope records, as members
 * approved by that approver, the people whose positions there are current that day (started, not
 * ended; the approver's own position excepted, which another officer must approve). Whoever takes a
 * position later is a pending member, admitted only when the secrecy officer approves (audited),
 * never by the position alone. A membership lasts while its position does, and no longer than the
 * end date the position had when approved, so neither ending nor extending a position by an
 * organization edit grants anything. Resolving at approval rather than approving every membership
 * up front keeps one approval for a unit's present staff, and every grant is still the act of a
 * named approver in the audit log, which is what a scope needs (adding to it needs approval).
 */

const today = () => now().slice(0, 10);

/** A position held on `day`: started (or with no start) and not ended. `t` names the positions table or its alias. */
function heldOn(t: string, day: string): Expression<SqlBool> {
  return sql<SqlBool>`((${sql.ref(`${t}.start_date`)} is null or ${sql.ref(`${t}.start_date`)} <= ${day})
    and (${sql.ref(`${t}.end_date`)} is null or ${sql.ref(`${t}.end_date`)} >= ${day}))`;
}

/**
 * An approved membership admits on `day`: its position still joins that person to that unit, is
 * held that day, and has not passed the end date it had when approved. The one definition, used by
 * the read filter and by the registers alike (`km` is knowable_members, `kp` its position).
 */
function membershipHolds(day: string): Expression<SqlBool> {
  return sql<SqlBool>`(km.status = 'approved' and kp.person_id = km.person_id and kp.unit_id = km.unit_id
    and ${heldOn('kp', day)} and (km.until is null or km.until >= ${day}))`;
}

function subjectMatch(actor: Actor): Expression<SqlBool> {
  const day = today();
  return sql<SqlBool>`(
    (knowable_scope.subject_type = 'person' and knowable_scope.subject_id = ${actor.personId})
    or (knowable_scope.subject_type = 'unit' and exists (
      select 1 from knowable_members km inner join positions kp on kp.id = km.position_id
      where km.object_type = knowable_scope.object_type
        and km.object_id = knowable_scope.object_id
        and km.unit_id = knowable_scope.subject_id
        and km.person_id = ${actor.personId}
        and ${membershipHolds(day)}))
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

/**
 * Everything the SQL of `visibleTo(actor, …)` depends on, as a string: the levels the clearance opens,
 * and, when the scoped clause is there, the person it matches and the day memberships are held on.
 * Lists compiled once per key (`paginateByKey`) use it; keep it in step with `visibleTo`.
 */
export function visibilityKey(actor: Actor): string {
  return readsScope(actor) ? `${actor.clearance}:${actor.personId}:${today()}` : actor.clearance;
}

/** Whether `visibleTo(actor, …)` reads the knowable scope; when not, it reads only the record's own level. */
export function readsScope(actor: Actor): boolean {
  return secretLevels(actor).length > 0 && Boolean(actor.personId);
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
    throw unprocessable('no_person');
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
const SCOPED_TABLES: Record<string, 'units' | 'people' | 'positions' | 'study_groups' | 'study_sessions' | 'duty_tasks'> = {
  unit: 'units',
  person: 'people',
  position: 'positions',
  study_group: 'study_groups',
  study_session: 'study_sessions',
  duty_task: 'duty_tasks',
};

async function levelOf(db: Executor, objectType: string, objectId: string): Promise<Level | undefined> {
  const table = Object.hasOwn(SCOPED_TABLES, objectType) ? SCOPED_TABLES[objectType] : undefined;
  if (!table) throw badRequest('no_scope_for_type', { objectType, types: Object.keys(SCOPED_TABLES) });
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
  if (!level || !(keeper || (await mayRead(db, actor, objectType, { id: objectId, level })))) throw notFound(objectType, objectId);
  if (!isStateSecret(level)) throw badRequest('scope_not_applicable');
  return level;
}

export async function requestScope(ctx: Context, actor: Actor, input: ScopeRequestInput): Promise<string> {
  authorize(actor, 'knowable.request');
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    const level = await scopedRecord(trx, actor, input.objectType, input.objectId);
    const subjectTable = input.subjectType === 'person' ? 'people' : 'units';
    const subject = await trx.selectFrom(subjectTable).select('id').where('id', '=', input.subjectId).executeTakeFirst();
    if (!subject) throw badRequest('scope_subject_not_found', { subjectType: input.subjectType, subjectId: input.subjectId });
    const already = await trx
      .selectFrom('knowable_scope')
      .select('object_id')
      .where('object_type', '=', input.objectType)
      .where('object_id', '=', input.objectId)
      .where('subject_type', '=', input.subjectType)
      .where('subject_id', '=', input.subjectId)
      .executeTakeFirst();
    if (already) throw conflict('scope_subject_present', { subjectType: input.subjectType });
    await trx
      .insertInto('knowable_requests')
      .values({ id, object_type: input.objectType, object_id: input.objectId, subject_type: input.subjectType, subject_id: input.subjectId, reason: input.reason, requested_by: actor.id ?? actor.name, requested_at: now(), status: 'pending', decided_by: null, decided_at: null, decision_note: null })
      .execute();
    return { result: id, audit: { action: 'knowable.request', objectType: input.objectType, objectId: input.objectId, level, detail: { requestId: id, subjectType: input.subjectType, subjectId: input.subjectId, reason: input.reason } } };
  });
}

/**
 * The people holding a current position in a unit on the day it is approved into a scope become its
 * members, approved by the approver; the approver's own positions wait for another officer.
 */
async function admitCurrentHolders(trx: Trx, actor: Actor, objectType: string, objectId: string, unitId: string, note: string | null): Promise<string[]> {
  const day = today();
  const holders = await trx
    .selectFrom('positions')
    .select(['id', 'person_id', 'end_date'])
    .where('unit_id', '=', unitId)
    .where(() => heldOn('positions', day))
    .execute();
  const admitted = holders.filter((h) => h.person_id !== actor.personId);
  for (const h of admitted) {
    await recordMembership(trx, actor, { objectType, objectId, unitId, positionId: h.id, personId: h.person_id, until: h.end_date }, 'approved', note);
  }
  return [...new Set(admitted.map((h) => h.person_id))];
}

interface Membership {
  objectType: string;
  objectId: string;
  unitId: string;
  positionId: string;
  personId: string;
  until: string | null;
}

async function recordMembership(trx: Trx, actor: Actor, m: Membership, status: 'approved' | 'refused', note: string | null): Promise<void> {
  const row = { object_type: m.objectType, object_id: m.objectId, unit_id: m.unitId, position_id: m.positionId, person_id: m.personId, status, until: m.until, decided_by: actor.id, decided_at: now(), note };
  await trx
    .insertInto('knowable_members')
    .values(row)
    .onConflict((oc) => oc.columns(['object_type', 'object_id', 'position_id']).doUpdateSet({ unit_id: m.unitId, person_id: m.personId, status, until: m.until, decided_by: actor.id, decided_at: row.decided_at, note }))
    .execute();
}

/** A secrecy officer, or a leader who already knows the record, decides; nobody approves their own request. */
export async function decideScopeRequest(ctx: Context, actor: Actor, requestId: string, approve: boolean, note: string | null): Promise<void> {
  authorize(actor, 'knowable.approve');
  await writeAudited(ctx, actor, async (trx) => {
    const request = await trx.selectFrom('knowable_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
    if (!request) throw notFound('scope_request', requestId);
    const level = await scopedRecord(trx, actor, request.object_type, request.object_id);
    if (request.status !== 'pending') throw conflict('scope_request_decided', { status: request.status });
    if (request.requested_by === actor.id) throw forbidden('own_request_decide');
    await trx
      .updateTable('knowable_requests')
      .set({ status: approve ? 'approved' : 'rejected', decided_by: actor.id, decided_at: now(), decision_note: note })
      .where('id', '=', requestId)
      .execute();
    let members: string[] | undefined;
    if (approve) {
      await trx
        .insertInto('knowable_scope')
        .values({ object_type: request.object_type, object_id: request.object_id, subject_type: request.subject_type, subject_id: request.subject_id, reason: request.reason, added_by: actor.id, added_at: now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      if (request.subject_type === 'unit') members = await admitCurrentHolders(trx, actor, request.object_type, request.object_id, request.subject_id, note);
    }
    return {
      result: undefined,
      audit: {
        action: approve ? 'knowable.approve' : 'knowable.reject',
        objectType: request.object_type,
        objectId: request.object_id,
        level,
        detail: { requestId, subjectType: request.subject_type, subjectId: request.subject_id, note, ...(members && { members }) },
      },
    };
  });
}

interface MemberRow {
  unitId: string;
  positionId: string;
  personId: string;
  startDate: string | null;
  endDate: string | null;
}

/**
 * For the units a record's scope names: the approved members (with whether they are admitted today)
 * and the pending ones, who hold a current position there that nobody has decided on yet (or whose
 * approval has lapsed while the position goes on).
 */
async function unitMembership(db: Executor, objectType: string, objectId: string, unitIds: readonly string[]) {
  if (unitIds.length === 0) return { members: [], pending: [] };
  const day = today();
  const members = (await db
    .selectFrom('knowable_members as km')
    .innerJoin('positions as kp', 'kp.id', 'km.position_id')
    .select(['km.unit_id as unitId', 'km.position_id as positionId', 'km.person_id as personId', 'kp.start_date as startDate', 'km.until as endDate', 'km.decided_by as decidedBy', 'km.decided_at as decidedAt', 'km.note as note'])
    .select(sql<number>`case when ${membershipHolds(day)} then 1 else 0 end`.as('holds'))
    .where('km.object_type', '=', objectType)
    .where('km.object_id', '=', objectId)
    .where('km.status', '=', 'approved')
    .where('km.unit_id', 'in', unitIds)
    .orderBy('km.decided_at')
    .execute()) as (MemberRow & { decidedBy: string | null; decidedAt: string; note: string | null; holds: number | string })[];
  const pending = (await db
    .selectFrom('positions as kp')
    .select(['kp.unit_id as unitId', 'kp.id as positionId', 'kp.person_id as personId', 'kp.start_date as startDate', 'kp.end_date as endDate'])
    .where('kp.unit_id', 'in', unitIds)
    .where(() => heldOn('kp', day))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('knowable_members as km')
            .select('km.position_id')
            .whereRef('km.position_id', '=', 'kp.id')
            .where('km.object_type', '=', objectType)
            .where('km.object_id', '=', objectId)
            // A refusal stands for that person in that unit; an approval only while it admits.
            .where(() => sql<SqlBool>`((km.status = 'refused' and km.person_id = kp.person_id and km.unit_id = kp.unit_id) or ${membershipHolds(day)})`),
        ),
      ),
    )
    .orderBy('kp.start_date')
    .orderBy('kp.id')
    .execute()) as MemberRow[];
  return { members: members.map(({ holds, ...m }) => ({ ...m, admitted: Number(holds) === 1 })), pending };
}

/** Names of people, units or positions, only where the actor may know the record that carries them. */
async function visibleNames(db: Executor, actor: Actor, table: 'people' | 'units' | 'positions', ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const objectType = table === 'people' ? 'person' : table === 'units' ? 'unit' : 'position';
  const rows = (await db
    .selectFrom(table as 'units')
    .select(['id', `${table === 'positions' ? 'title' : 'name'} as name` as 'name'])
    .where('id', 'in', unique)
    .where(visibleTo(actor, objectType, `${table}.id`, `${table}.level`))
    .execute()) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The members and pending members of every unit a record's scope names, named where the actor may
 * know the person (otherwise the name is null: "someone you may not know").
 */
async function presentMembership(db: Executor, actor: Actor, objectType: string, objectId: string, unitIds: readonly string[]) {
  const { members, pending } = await unitMembership(db, objectType, objectId, unitIds);
  const people = await visibleNames(db, actor, 'people', [...members, ...pending].map((m) => m.personId));
  const titles = await visibleNames(db, actor, 'positions', [...members, ...pending].map((m) => m.positionId));
  const named = <M extends MemberRow>(m: M) => ({ ...m, name: people.get(m.personId) ?? null, title: titles.get(m.positionId) ?? null });
  return { members: members.map(named), pending: pending.map(named) };
}

/** The register of who knows a record: named people and units, each unit with its members and pending members. */
export async function scopeRegister(ctx: Context, actor: Actor, objectType: string, objectId: string) {
  authorize(actor, 'knowable.read');
  const { db } = ctx.database;
  const level = await scopedRecord(db, actor, objectType, objectId);
  const entries = await db
    .selectFrom('knowable_scope')
    .selectAll()
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('added_at')
    .execute();
  const unitIds = entries.filter((e) => e.subject_type === 'unit').map((e) => e.subject_id);
  const people = await visibleNames(db, actor, 'people', entries.filter((e) => e.subject_type === 'person').map((e) => e.subject_id));
  const units = await visibleNames(db, actor, 'units', unitIds);
  const membership = await presentMembership(db, actor, objectType, objectId, unitIds);
  const requests = await db
    .selectFrom('knowable_requests')
    .selectAll()
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('requested_at', 'desc')
    .execute();
  const wouldAdmit = await currentHolders(db, actor, requests.filter((r) => r.status === 'pending' && r.subject_type === 'unit').map((r) => r.subject_id));
  // Who knows a state secret is itself kept at the secret's level: reading the register is a read of it.
  await auditRead(ctx.database, actor, { action: 'knowable.register', objectType, objectId, level, detail: { entries: entries.length, requests: requests.length } });
  return {
    entries: entries.map((e) => {
      const ofUnit = <M extends { unitId: string }>(list: M[]) => list.filter((m) => e.subject_type === 'unit' && m.unitId === e.subject_id);
      const members = ofUnit(membership.members);
      return {
        subjectType: e.subject_type,
        subjectId: e.subject_id,
        name: (e.subject_type === 'person' ? people : units).get(e.subject_id) ?? null,
        reason: e.reason,
        addedBy: e.added_by,
        addedAt: e.added_at,
        // Who the unit admits today.
        people: members.filter((m) => m.admitted).map((m) => ({ id: m.personId, name: m.name })),
        members,
        pending: ofUnit(membership.pending),
      };
    }),
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
      // Approving a unit makes these people members, so the approver sees them first.
      ...(r.status === 'pending' && r.subject_type === 'unit' && { wouldAdmit: wouldAdmit.filter((h) => h.unitId === r.subject_id).map(({ personId, name }) => ({ personId, name })) }),
    })),
  };
}

/** Who holds a current position in these units today, named where the actor may know them. */
async function currentHolders(db: Executor, actor: Actor, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('positions')
    .select(['unit_id as unitId', 'person_id as personId'])
    .where('unit_id', 'in', [...new Set(unitIds)])
    .where(() => heldOn('positions', today()))
    .execute();
  const names = await visibleNames(db, actor, 'people', rows.map((r) => r.personId));
  return rows.map((r) => ({ ...r, name: names.get(r.personId) ?? null }));
}

/**
 * The secrecy officer approves or refuses a pending member: someone holding a current position in a
 * unit the record's scope names, not yet decided on. Nobody decides on their own membership.
 */
export async function decideMember(ctx: Context, actor: Actor, objectType: string, objectId: string, positionId: string, approve: boolean, note: string | null): Promise<void> {
  authorize(actor, 'knowable.keep');
  await writeAudited(ctx, actor, async (trx) => {
    const level = await scopedRecord(trx, actor, objectType, objectId);
    const units = await trx
      .selectFrom('knowable_scope')
      .select('subject_id')
      .where('object_type', '=', objectType)
      .where('object_id', '=', objectId)
      .where('subject_type', '=', 'unit')
      .execute();
    const { pending } = await unitMembership(trx, objectType, objectId, units.map((u) => u.subject_id));
    const member = pending.find((p) => p.positionId === positionId);
    if (!member) throw notFound('pending_member', positionId);
    if (member.personId === actor.personId) throw forbidden('own_membership_decide');
    await recordMembership(trx, actor, { objectType, objectId, unitId: member.unitId, positionId, personId: member.personId, until: member.endDate }, approve ? 'approved' : 'refused', note);
    return {
      result: undefined,
      audit: {
        action: approve ? 'knowable.member.approve' : 'knowable.member.refuse',
        objectType,
        objectId,
        level,
        detail: { unitId: member.unitId, personId: member.personId, positionId, note },
      },
    };
  });
}

export const SCOPE_OBJECT_TYPES = Object.keys(SCOPED_TABLES);

/** The records whose scope the actor keeps or knows, at the given levels, by object type. */
async function keptRecords(db: Executor, actor: Actor, levels: readonly Level[]) {
  const keeper = can(actor, 'knowable.keep');
  const records: { objectType: string; objectId: string; name: string; level: Level }[] = [];
  const wanted = levels.filter((l) => secretLevels(actor).includes(l));
  if (wanted.length === 0) return records;
  for (const [objectType, table] of Object.entries(SCOPED_TABLES)) {
    const nameColumn = table === 'positions' || table === 'duty_tasks' ? 'title' : table === 'study_sessions' ? 'date' : 'name';
    // One query shape over the tables that have scopes; each has id, level and a naming column.
    let query = db
      .selectFrom(table as 'units')
      .select(['id', 'level', `${nameColumn} as name` as 'name'])
      .where('level', 'in', wanted);
    // The secrecy officer keeps the register of everything within their clearance; others see what they know.
    if (!keeper) query = query.where(visibleTo(actor, objectType, `${table}.id`, `${table}.level`));
    const rows = (await query.execute()) as { id: string; level: Level; name: string }[];
    for (const r of rows) records.push({ objectType, objectId: r.id, name: r.name, level: r.level });
  }
  return records;
}

/**
 * The register of knowers (知悉人员登记): every record at 机密 and above that the actor may read,
 * with the people and units its scope names, each unit with its members and pending members.
 */
export async function knowersRegister(ctx: Context, actor: Actor) {
  authorize(actor, 'knowable.read');
  const { db } = ctx.database;
  const records = await keptRecords(db, actor, ['jimi', 'juemi']);
  const entries = records.length
    ? await db
        .selectFrom('knowable_scope')
        .selectAll()
        .where((eb) => eb.or(records.map((r) => eb.and([eb('object_type', '=', r.objectType), eb('object_id', '=', r.objectId)]))))
        .orderBy('added_at')
        .execute()
    : [];
  const result = [];
  for (const r of records) {
    const own = entries.filter((e) => e.object_type === r.objectType && e.object_id === r.objectId);
    const membership = await presentMembership(db, actor, r.objectType, r.objectId, own.filter((e) => e.subject_type === 'unit').map((e) => e.subject_id));
    result.push({
      ...r,
      knowers: own.map((e) => ({ subjectType: e.subject_type, subjectId: e.subject_id, reason: e.reason, addedAt: e.added_at })),
      members: membership.members,
      pending: membership.pending,
    });
  }
  if (records.length > 0) {
    await auditRead(ctx.database, actor, {
      action: 'knowable.register_list',
      objectType: 'knowable_scope',
      level: highestOf(records.map((r) => r.level)),
      detail: { records: records.map((r) => `${r.objectType}:${r.objectId}`) },
    });
  }
  return result;
}

/**
 * Pending members across every state-secret record whose scope the secrecy officer keeps: the work
 * list of membership approvals (a keeper cannot open the records themselves to find them).
 */
export async function pendingMembers(ctx: Context, actor: Actor) {
  authorize(actor, 'knowable.keep');
  const { db } = ctx.database;
  const units = await db.selectFrom('knowable_scope').select(['object_type', 'object_id', 'subject_id']).where('subject_type', '=', 'unit').execute();
  if (units.length === 0) return [];
  const records = await keptRecords(db, actor, ['mimi', 'jimi', 'juemi']);
  const items = [];
  for (const r of records) {
    const unitIds = units.filter((u) => u.object_type === r.objectType && u.object_id === r.objectId).map((u) => u.subject_id);
    if (unitIds.length === 0) continue;
    const { pending } = await presentMembership(db, actor, r.objectType, r.objectId, unitIds);
    if (pending.length === 0) continue;
    const unitNames = await visibleNames(db, actor, 'units', unitIds);
    for (const p of pending) items.push({ objectType: r.objectType, objectId: r.objectId, recordName: r.name, level: r.level, ...p, unitName: unitNames.get(p.unitId) ?? null });
  }
  return items;
}
