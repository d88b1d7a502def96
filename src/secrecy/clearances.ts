import type { Context } from '../context.ts';
import { contains, paginate, type ListParams } from '../db/paging.ts';
import type { Clearance, ClearanceHistory } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, unprocessable } from '../errors.ts';
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
 * Records a person's classified-post grade, keeps the old one in the history, and sets the
 * clearance of every account linked to the person, under the accounts' own rule that a
 * state-secret clearance needs a second factor.
 */
export async function grantClearance(ctx: Context, actor: Actor, input: ClearanceInput): Promise<GrantResult> {
  authorize(actor, 'secrecy.manage');
  authorize(actor, 'clearance.grant');
  assertMayWriteRecord(ctx, actor);
  const highest = GRADE_LEVELS[input.grade];
  const accountClearance = effectiveClearance(highest, ctx.settings.ceiling);
  const capped = accountClearance !== highest;
  return writeAudited(ctx, actor, async (trx) => {
    const person = await assertPerson(trx, actor, input.personId);
    const users = await trx.selectFrom('users').select(['id', 'username', 'totp_enabled']).where('person_id', '=', person.id).execute();
    for (const user of users) {
      try {
        assertClearanceAllowed(accountClearance, user.totp_enabled === 1);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw unprocessable(error.code, `The account ${user.username} linked to ${person.name} would get a state-secret clearance. ${error.message}`, {
          userId: user.id,
          accountClearance,
        });
      }
    }
    const stamp = now();
    const values = {
      grade: input.grade,
      highest_level: highest,
      granted_on: input.grantedOn,
      granted_by: input.grantedBy,
      basis: input.basis,
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
        grade: input.grade,
        highest_level: highest,
        granted_on: input.grantedOn,
        granted_by: input.grantedBy,
        basis: input.basis,
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
        detail: { grade: input.grade, highest, grantedOn: input.grantedOn, grantedBy: input.grantedBy, accountClearance, ceiling: ctx.settings.ceiling, capped },
      },
      ...users.map((u) => ({
        action: 'user.update',
        objectType: 'user',
        objectId: u.id,
        level: 'internal' as const,
        detail: { clearance: accountClearance, reason: 'clearance.grant', personId: person.id },
      })),
    ];
    return {
      result: { clearance: row, accounts: users.map((u) => ({ id: u.id, username: u.username, clearance: accountClearance })), capped },
      audit,
    };
  });
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
