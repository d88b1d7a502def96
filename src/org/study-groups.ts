import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { contains, paginate, type ListParams } from '../db/paging.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { mayRead, scopeNewRecord, visibleTo } from '../security/knowable.ts';
import { assertMayClassify, authorize } from '../security/policy.ts';
import { auditListRead, guardRead, knownIds, loadForWrite, mayKnow } from '../security/reads.ts';
import type { GroupRow } from './presenters.ts';
import type { GroupInput, MemberInput } from './schemas.ts';

const SORTABLE = { name: 'study_groups.name', createdAt: 'study_groups.created_at' };

function groupsQuery(db: Executor, actor: Actor) {
  return db
    .selectFrom('study_groups')
    .innerJoin('units', 'units.id', 'study_groups.unit_id')
    .where(visibleTo(actor, 'study_group', 'study_groups.id', 'study_groups.level'))
    .where(visibleTo(actor, 'unit', 'units.id', 'units.level'));
}

function selectGroup<Q extends ReturnType<typeof groupsQuery>>(qb: Q, actor: Actor) {
  return qb.selectAll('study_groups').select((eb) => [
    'units.name as unit_name',
    'units.name_en as unit_name_en',
    eb
      .selectFrom('study_group_members')
      .innerJoin('people', 'people.id', 'study_group_members.person_id')
      .select((e) => e.fn.countAll().as('n'))
      .whereRef('study_group_members.group_id', '=', 'study_groups.id')
      .where(visibleTo(actor, 'person', 'people.id', 'people.level'))
      .as('member_count'),
  ]);
}

export async function listGroups(ctx: Context, actor: Actor, params: ListParams, filters: { unitId?: string | undefined }) {
  authorize(actor, 'org.read');
  let query = groupsQuery(ctx.database.db, actor);
  if (params.q) query = query.where(contains('study_groups.name', params.q));
  if (filters.unitId) query = query.where('study_groups.unit_id', '=', filters.unitId);
  const page = await paginate(query, (qb) => selectGroup(qb as typeof query, actor), params, SORTABLE, { sort: 'name', idColumn: 'study_groups.id' });
  const items = page.items as GroupRow[];
  await auditListRead(ctx, actor, 'study_group', 'list', items);
  return { ...page, items };
}

export interface MemberRow {
  person_id: string;
  person_name: string;
  person_name_en: string | null;
  role: string;
  sort_order: number;
  joined_on: string | null;
  left_on: string | null;
  titles: string[];
  titles_en: (string | null)[];
}

/** Members the actor may see, in the group's order, each with the titles of their current positions. */
export async function membersOf(db: Executor, actor: Actor, groupId: string): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('study_group_members')
    .innerJoin('people', 'people.id', 'study_group_members.person_id')
    .select([
      'study_group_members.person_id',
      'people.name as person_name',
      'people.name_en as person_name_en',
      'study_group_members.role',
      'study_group_members.sort_order',
      'study_group_members.joined_on',
      'study_group_members.left_on',
    ])
    .where('study_group_members.group_id', '=', groupId)
    .where(visibleTo(actor, 'person', 'people.id', 'people.level'))
    .orderBy('study_group_members.sort_order')
    .orderBy('people.name')
    .execute();
  if (rows.length === 0) return [];
  const today = now().slice(0, 10);
  const positions = await db
    .selectFrom('positions')
    .innerJoin('units', 'units.id', 'positions.unit_id')
    .select(['positions.person_id', 'positions.title', 'positions.title_en'])
    .where('positions.person_id', 'in', rows.map((r) => r.person_id))
    .where(visibleTo(actor, 'position', 'positions.id', 'positions.level'))
    .where(visibleTo(actor, 'unit', 'units.id', 'units.level'))
    .where((eb) => eb.or([eb('positions.end_date', 'is', null), eb('positions.end_date', '>=', today)]))
    .orderBy('positions.sort_order')
    .execute();
  return rows.map((r) => {
    const own = positions.filter((p) => p.person_id === r.person_id);
    return { ...r, titles: own.map((p) => p.title), titles_en: own.map((p) => p.title_en) };
  });
}

export async function getGroup(ctx: Context, actor: Actor, id: string): Promise<GroupRow & { members: MemberRow[] }> {
  authorize(actor, 'org.read');
  const { db } = ctx.database;
  const row = await selectGroup(groupsQuery(db, actor), actor).where('study_groups.id', '=', id).executeTakeFirst();
  const group = await guardRead(ctx, actor, 'study_group', id, row);
  return { ...group, members: await membersOf(db, actor, id) };
}

async function checkUnit(db: Executor, actor: Actor, unitId: string | undefined): Promise<void> {
  if (!unitId) return;
  const unit = await db.selectFrom('units').select(['id', 'level']).where('id', '=', unitId).executeTakeFirst();
  if (!unit || !(await mayRead(db, actor, 'unit', unit))) throw badRequest('unit_not_found_id', { unitId });
}

/**
 * For records that refer to a study group (sessions, plans, feeds): the group must exist and be
 * visible to the writer; otherwise the reference is a bad request, worded as if it did not exist.
 */
export async function referencedGroup(db: Executor, actor: Actor, groupId: string): Promise<{ id: string; level: Level }> {
  const group = await groupsQuery(db, actor).select(['study_groups.id', 'study_groups.level']).where('study_groups.id', '=', groupId).executeTakeFirst();
  if (!group) throw badRequest('group_not_found_id', { groupId });
  return group;
}

async function readGroup(db: Executor, actor: Actor, id: string): Promise<GroupRow> {
  const row = await selectGroup(groupsQuery(db, actor), actor).where('study_groups.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('study_group', id);
  return row;
}

export async function createGroup(ctx: Context, actor: Actor, input: GroupInput): Promise<GroupRow> {
  authorize(actor, 'org.write');
  const level = input.level ?? 'internal';
  assertMayClassify(actor, level, ctx.settings.ceiling);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await checkUnit(trx, actor, input.unitId);
    const stamp = now();
    await trx
      .insertInto('study_groups')
      .values({
        id,
        unit_id: input.unitId,
        name: input.name,
        name_en: input.nameEn ?? null,
        description: input.description ?? null,
        level,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await scopeNewRecord(trx, actor, 'study_group', id, level);
    return {
      result: await readGroup(trx, actor, id),
      audit: { action: 'study_group.create', objectType: 'study_group', objectId: id, level, detail: { name: input.name } },
    };
  });
}

export async function updateGroup(ctx: Context, actor: Actor, id: string, patch: Partial<GroupInput>): Promise<GroupRow> {
  authorize(actor, 'org.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    await loadForWrite(trx, actor, 'study_groups', id);
    await checkUnit(trx, actor, patch.unitId);
    await trx
      .updateTable('study_groups')
      .set({
        ...(patch.unitId !== undefined && { unit_id: patch.unitId }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.level !== undefined && { level: patch.level }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    const group = await readGroup(trx, actor, id);
    return { result: group, audit: { action: 'study_group.update', objectType: 'study_group', objectId: id, level: group.level, detail: { ...patch } } };
  });
}

export async function deleteGroup(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'org.write');
  await writeAudited(ctx, actor, async (trx) => {
    const existing = await loadForWrite(trx, actor, 'study_groups', id);
    // A group's study sessions are its record; they are kept, so the group stays while it has any.
    const sessions = (await trx.selectFrom('study_sessions').select('id').where('group_id', '=', id).execute()).map((r) => r.id);
    if (sessions.length > 0) {
      const seen = (await knownIds(trx, actor, 'study_session', sessions)).size;
      // The count is only of sessions the actor may know; others are mentioned, never counted.
      throw conflict(seen === sessions.length ? 'group_has_sessions' : 'group_has_hidden_sessions', { name: existing.name, count: seen }, { sessions: seen });
    }
    await trx.deleteFrom('study_groups').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'study_group.delete', objectType: 'study_group', objectId: id, level: existing.level, detail: { name: existing.name } } };
  });
}

export async function putMember(ctx: Context, actor: Actor, groupId: string, personId: string, input: MemberInput): Promise<MemberRow[]> {
  authorize(actor, 'org.write');
  if (input.joinedOn && input.leftOn && input.leftOn < input.joinedOn) {
    throw badRequest('left_before_joined', { leftOn: input.leftOn, joinedOn: input.joinedOn });
  }
  return writeAudited(ctx, actor, async (trx) => {
    const group = await loadForWrite(trx, actor, 'study_groups', groupId);
    const person = await trx.selectFrom('people').select(['id', 'level']).where('id', '=', personId).executeTakeFirst();
    if (!person || !(await mayRead(trx, actor, 'person', person))) throw badRequest('person_not_found_id', { personId });
    const existing = await trx
      .selectFrom('study_group_members')
      .select('sort_order')
      .where('group_id', '=', groupId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    const values = {
      role: input.role,
      sort_order: input.sortOrder ?? existing?.sort_order ?? (await nextSortOrder(trx, groupId)),
      joined_on: input.joinedOn ?? null,
      left_on: input.leftOn ?? null,
    };
    if (existing) {
      await trx.updateTable('study_group_members').set(values).where('group_id', '=', groupId).where('person_id', '=', personId).execute();
    } else {
      await trx.insertInto('study_group_members').values({ group_id: groupId, person_id: personId, ...values }).execute();
    }
    return {
      result: await membersOf(trx, actor, groupId),
      audit: { action: existing ? 'study_group.member_update' : 'study_group.member_add', objectType: 'study_group', objectId: groupId, level: group.level, detail: { personId, role: input.role } },
    };
  });
}

async function nextSortOrder(db: Executor, groupId: string): Promise<number> {
  const row = await db
    .selectFrom('study_group_members')
    .select((eb) => eb.fn.max('sort_order').as('max'))
    .where('group_id', '=', groupId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

export async function removeMember(ctx: Context, actor: Actor, groupId: string, personId: string): Promise<void> {
  authorize(actor, 'org.write');
  await writeAudited(ctx, actor, async (trx) => {
    const group = await loadForWrite(trx, actor, 'study_groups', groupId);
    // A member the actor may not know is "not a member" to them, exactly like someone who is not.
    if (!(await mayKnow(trx, actor, 'person', personId))) throw notFound('group_member', personId);
    const result = await trx.deleteFrom('study_group_members').where('group_id', '=', groupId).where('person_id', '=', personId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('group_member', personId);
    return { result: undefined, audit: { action: 'study_group.member_remove', objectType: 'study_group', objectId: groupId, level: group.level, detail: { personId } } };
  });
}
