import type { Context } from '../context.ts';
import { contains, paginate, type ListParams } from '../db/paging.ts';
import type { Executor, Trx } from '../db/database.ts';
import type { Clearance, ClearanceHistory, ClearanceRequest } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, conflict, forbidden, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { assertClearanceAllowed } from '../org/accounts.ts';
import type { Actor } from '../security/actor.ts';
import type { AuditEntry } from '../security/audit.ts';
import { atMost, type Level } from '../security/levels.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { auditListRead } from '../security/reads.ts';
import { RECORD_LEVEL, assertMayWriteRecord, assertPerson } from './records-common.ts';
import type { ClearanceInput, PostGrade } from './records-schemas.ts';

/** The highest level each classified-post grade may know: core 绝密, important 机密, general 秘密. */
export const GRADE_LEVELS: Record<PostGrade, Level> = { core: 'juemi', important: 'jimi', general: 'mimi', none: 'internal' };

/**
 * What an account may read on this deployment: the post grade's level, capped at the ceiling. A
 * grade above the ceiling is still recorded as it was granted (the person holds that post), but a
 * system accredited only up to internal cannot give anyone more than internal.
 */
export function effectiveClearance(highest: Level, ceiling: Level): Level {
  return atMost(highest, ceiling) ? highest : ceiling;
}

export type ClearanceRow = Clearance & { person_name: string };

export interface GrantResult {
  clearance: ClearanceRow;
  accounts: { id: string; username: string; clearance: Level }[];
  capped: boolean;
}

/**
 * The clearance procedure. A change of a person's classified-post grade is asked for by the
 * secrecy office (`clearance.request`) and takes effect only when a second person, a security
 * administrator (`clearance.approve`), approves it; nobody asks for or approves their own. On
 * approval the grade is recorded, the old one kept in the history, and every account linked to the
 * person gets the grade's level capped at the ceiling, under the accounts' own rule that a
 * state-secret clearance needs a second factor. This is the only way an account's clearance rises.
 */
export async function requestClearance(ctx: Context, actor: Actor, input: ClearanceInput): Promise<ClearanceRequestRow> {
  authorize(actor, 'clearance.request');
  assertMayWriteRecord(ctx, actor);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    const person = await assertPerson(trx, actor, input.personId);
    if (actor.personId === person.id) throw forbidden('own_clearance_request');
    // Refused now rather than at approval when it could not be approved as things stand.
    await linkedAccounts(trx, person, effectiveClearance(GRADE_LEVELS[input.grade], ctx.settings.ceiling));
    const pending = await trx.selectFrom('clearance_requests').select('id').where('person_id', '=', person.id).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw conflict('clearance_request_pending', { name: person.name }, { requestId: pending.id });
    const stamp = now();
    await trx
      .insertInto('clearance_requests')
      .values({
        id,
        person_id: person.id,
        grade: input.grade,
        granted_on: input.grantedOn,
        granted_by: input.grantedBy,
        basis: input.basis,
        status: 'pending',
        requested_by: actor.id ?? actor.name,
        requested_by_name: actor.name,
        requested_at: stamp,
        decided_by: null,
        decided_by_name: null,
        decided_at: null,
        decision_note: null,
        level: RECORD_LEVEL,
      })
      .execute();
    return {
      result: await requestRow(trx, id),
      audit: { action: 'clearance.request', objectType: 'clearance', objectId: person.id, level: RECORD_LEVEL, detail: { requestId: id, grade: input.grade, grantedOn: input.grantedOn, grantedBy: input.grantedBy } },
    };
  });
}

export type ClearanceRequestRow = ClearanceRequest & { person_name: string };

async function requestRow(db: Executor, id: string): Promise<ClearanceRequestRow> {
  return db
    .selectFrom('clearance_requests')
    .innerJoin('people', 'people.id', 'clearance_requests.person_id')
    .selectAll('clearance_requests')
    .select('people.name as person_name')
    .where('clearance_requests.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The accounts linked to the person, each checked against the second-factor rule for `accountClearance`. */
async function linkedAccounts(db: Executor, person: { id: string; name: string }, accountClearance: Level) {
  const users = await db.selectFrom('users').select(['id', 'username', 'totp_enabled']).where('person_id', '=', person.id).execute();
  for (const user of users) {
    try {
      assertClearanceAllowed(accountClearance, user.totp_enabled === 1);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError(422, 'linked_account_clearance', { username: user.username, name: person.name, reason: error.key }, { code: error.code, details: {
        userId: user.id,
        accountClearance,
      } });
    }
  }
  return users;
}

export interface DecisionResult {
  request: ClearanceRequestRow;
  grant: GrantResult | null;
}

export async function decideClearanceRequest(ctx: Context, actor: Actor, requestId: string, approve: boolean, note: string | null): Promise<DecisionResult> {
  authorize(actor, 'clearance.approve');
  assertMayWriteRecord(ctx, actor);
  return writeAudited<DecisionResult>(ctx, actor, async (trx) => {
    const request = await trx.selectFrom('clearance_requests').selectAll().where('id', '=', requestId).where('level', 'in', readableLevels(actor)).executeTakeFirst();
    if (!request) throw notFound('clearance_request', requestId);
    const person = await assertPerson(trx, actor, request.person_id);
    if (request.status !== 'pending') throw conflict('clearance_request_decided', { status: request.status });
    if (request.requested_by === actor.id) throw forbidden('clearance_own_request_decide');
    if (actor.personId === person.id) throw forbidden('own_clearance_decide');
    const stamp = now();
    await trx
      .updateTable('clearance_requests')
      .set({ status: approve ? 'approved' : 'rejected', decided_by: actor.id, decided_by_name: actor.name, decided_at: stamp, decision_note: note })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .execute();
    const decision: AuditEntry = {
      action: approve ? 'clearance.approve' : 'clearance.reject',
      objectType: 'clearance',
      objectId: person.id,
      level: RECORD_LEVEL,
      detail: { requestId, grade: request.grade, requestedBy: request.requested_by_name, note },
    };
    if (!approve) return { result: { request: await requestRow(trx, requestId), grant: null }, audit: decision };
    const applied = await applyGrade(ctx, trx, actor, person, request);
    return { result: { request: await requestRow(trx, requestId), grant: applied.result }, audit: [decision, ...applied.audit] };
  });
}

/** Records an approved grade and sets the linked accounts' clearance, inside the decision's transaction. */
async function applyGrade(ctx: Context, trx: Trx, actor: Actor, person: { id: string; name: string }, request: ClearanceRequest) {
  const grade = request.grade as PostGrade;
  const highest = GRADE_LEVELS[grade];
  const accountClearance = effectiveClearance(highest, ctx.settings.ceiling);
  const capped = accountClearance !== highest;
  const users = await linkedAccounts(trx, person, accountClearance);
  const stamp = now();
  const values = {
    grade,
    highest_level: highest,
    granted_on: request.granted_on,
    granted_by: request.granted_by,
    basis: request.basis,
    recorded_by: actor.id,
    level: RECORD_LEVEL,
    updated_at: stamp,
  };
  const existing = await trx.selectFrom('clearances').select('person_id').where('person_id', '=', person.id).executeTakeFirst();
  if (existing) await trx.updateTable('clearances').set(values).where('person_id', '=', person.id).execute();
  else await trx.insertInto('clearances').values({ ...values, person_id: person.id, created_at: stamp }).execute();
  await trx
    .insertInto('clearance_history')
    .values({
      id: newId(),
      person_id: person.id,
      grade,
      highest_level: highest,
      granted_on: request.granted_on,
      granted_by: request.granted_by,
      basis: request.basis,
      account_clearance: users.length > 0 ? accountClearance : null,
      recorded_by: actor.id,
      recorded_by_name: actor.name,
      level: RECORD_LEVEL,
      created_at: stamp,
    })
    .execute();
  if (users.length > 0) {
    await trx.updateTable('users').set({ clearance: accountClearance, updated_at: stamp }).where('person_id', '=', person.id).execute();
  }
  const row = await trx
    .selectFrom('clearances')
    .innerJoin('people', 'people.id', 'clearances.person_id')
    .selectAll('clearances')
    .select('people.name as person_name')
    .where('clearances.person_id', '=', person.id)
    .executeTakeFirstOrThrow();
  const audit: AuditEntry[] = [
    {
      action: 'clearance.grant',
      objectType: 'clearance',
      objectId: person.id,
      level: RECORD_LEVEL,
      detail: {
        grade,
        highest,
        grantedOn: request.granted_on,
        grantedBy: request.granted_by,
        accountClearance,
        ceiling: ctx.settings.ceiling,
        capped,
        requestId: request.id,
        requestedBy: request.requested_by_name,
      },
    },
    ...users.map((u) => ({
      action: 'user.update',
      objectType: 'user',
      objectId: u.id,
      level: 'internal' as const,
      detail: { clearance: accountClearance, reason: 'clearance.grant', personId: person.id },
    })),
  ];
  const result: GrantResult = { clearance: row, accounts: users.map((u) => ({ id: u.id, username: u.username, clearance: accountClearance })), capped };
  return { result, audit };
}

/** Requests the actor may see, pending first; `status` narrows them. */
export async function listClearanceRequests(ctx: Context, actor: Actor, status: 'pending' | 'approved' | 'rejected' | undefined): Promise<ClearanceRequestRow[]> {
  authorize(actor, 'secrecy.read');
  const levels = readableLevels(actor);
  let query = ctx.database.db
    .selectFrom('clearance_requests')
    .innerJoin('people', 'people.id', 'clearance_requests.person_id')
    .selectAll('clearance_requests')
    .select('people.name as person_name')
    .where('clearance_requests.level', 'in', levels)
    .where('people.level', 'in', levels);
  if (status) query = query.where('clearance_requests.status', '=', status);
  const rows = await query.orderBy('clearance_requests.requested_at', 'desc').orderBy('clearance_requests.id').limit(500).execute();
  const ordered = [...rows.filter((r) => r.status === 'pending'), ...rows.filter((r) => r.status !== 'pending')];
  await auditListRead(ctx, actor, 'clearance_request', 'list', ordered);
  return ordered;
}

const SORTABLE = { personName: 'people.name', grade: 'clearances.grade', grantedOn: 'clearances.granted_on' };

export async function listClearances(ctx: Context, actor: Actor, params: ListParams, filters: { grade?: PostGrade | undefined }) {
  authorize(actor, 'secrecy.read');
  const levels = readableLevels(actor);
  let query = ctx.database.db
    .selectFrom('clearances')
    .innerJoin('people', 'people.id', 'clearances.person_id')
    .where('clearances.level', 'in', levels)
    .where('people.level', 'in', levels);
  if (params.q) query = query.where(contains('people.name', params.q));
  if (filters.grade) query = query.where('clearances.grade', '=', filters.grade);
  const page = await paginate(query, (qb) => qb.selectAll('clearances').select('people.name as person_name'), params, SORTABLE, {
    sort: 'personName',
    idColumn: 'clearances.person_id',
  });
  const items = page.items as ClearanceRow[];
  await auditListRead(ctx, actor, 'clearance', 'list', items.map((c) => ({ id: c.person_id, level: c.level })));
  return { ...page, items };
}

export async function clearanceHistory(ctx: Context, actor: Actor, personId: string): Promise<ClearanceHistory[]> {
  authorize(actor, 'secrecy.read');
  await assertPerson(ctx.database.db, actor, personId);
  const rows = await ctx.database.db
    .selectFrom('clearance_history')
    .selectAll()
    .where('person_id', '=', personId)
    .where('level', 'in', readableLevels(actor))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  await auditListRead(ctx, actor, 'clearance_history', 'list', rows);
  return rows;
}
