import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { PlanTheme, StudyPlan } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { highestOf } from '../security/levels.ts';
import { referencedGroup } from '../org/study-groups.ts';
import { assertMayClassify, authorize, canRead, readableLevels } from '../security/policy.ts';
import { auditListRead, guardRead } from '../security/reads.ts';
import { sessionsQuery } from './access.ts';
import { loadSessionRecord } from './record.ts';
import { suggestPlanThemes } from './theme-match.ts';
import type { PlanInput, PlanThemeInput } from './schemas.ts';
import { HELD_STATUSES } from './vocabulary.ts';

/** A plan is visible when it, its study group and the group's unit are within the actor's clearance. */
function plansQuery(db: Executor, actor: Actor) {
  const levels = readableLevels(actor);
  return db
    .selectFrom('study_plans')
    .innerJoin('study_groups', 'study_groups.id', 'study_plans.group_id')
    .innerJoin('units', 'units.id', 'study_groups.unit_id')
    .where('study_plans.level', 'in', levels)
    .where('study_groups.level', 'in', levels)
    .where('units.level', 'in', levels);
}

export type PlanRow = StudyPlan & { group_name: string; group_name_en: string | null };
export type PlanThemeRow = PlanTheme & { sessions_held: number; session_ids: string[] };

const selectPlan = <Q extends ReturnType<typeof plansQuery>>(qb: Q) =>
  qb.selectAll('study_plans').select(['study_groups.name as group_name', 'study_groups.name_en as group_name_en']);

export async function listPlans(ctx: Context, actor: Actor, params: ListParams, filters: { groupId?: string | undefined; year?: number | undefined }) {
  authorize(actor, 'study.read');
  let query = plansQuery(ctx.database.db, actor);
  if (filters.groupId) query = query.where('study_plans.group_id', '=', filters.groupId);
  if (filters.year) query = query.where('study_plans.year', '=', filters.year);
  const page = await paginate(query, (qb) => selectPlan(qb as typeof query), params, { year: 'study_plans.year', title: 'study_plans.title' }, { sort: 'year', idColumn: 'study_plans.id' });
  const items = page.items as PlanRow[];
  await auditListRead(ctx, actor, 'study_plan', 'list', items);
  return { ...page, items };
}

/**
 * The themes of a plan the actor may read, each with the held sessions (as far as the actor may
 * read them) that studied it: the plan's coverage.
 */
export async function planThemesWithCoverage(db: Executor, actor: Actor, planIds: string[]): Promise<PlanThemeRow[]> {
  if (planIds.length === 0) return [];
  const levels = readableLevels(actor);
  const themes = await db.selectFrom('plan_themes').selectAll().where('plan_id', 'in', planIds).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute();
  if (themes.length === 0) return [];
  const links = await sessionsQuery(db, actor)
    .innerJoin('session_themes', 'session_themes.session_id', 'study_sessions.id')
    .select(['session_themes.plan_theme_id', 'study_sessions.id'])
    .where('session_themes.plan_theme_id', 'in', themes.map((t) => t.id))
    .where('session_themes.level', 'in', levels)
    .where('study_sessions.status', 'in', [...HELD_STATUSES])
    .execute();
  return themes.map((t) => {
    const sessionIds = [...new Set(links.filter((l) => l.plan_theme_id === t.id).map((l) => l.id))];
    return { ...t, sessions_held: sessionIds.length, session_ids: sessionIds };
  });
}

export async function getPlan(ctx: Context, actor: Actor, id: string): Promise<PlanRow & { themes: PlanThemeRow[] }> {
  authorize(actor, 'study.read');
  const { db } = ctx.database;
  const row = await selectPlan(plansQuery(db, actor)).where('study_plans.id', '=', id).executeTakeFirst();
  const plan = await guardRead(ctx, actor, 'study_plan', id, row);
  return { ...plan, themes: await planThemesWithCoverage(db, actor, [id]) };
}

async function readPlan(db: Executor, actor: Actor, id: string) {
  const row = await selectPlan(plansQuery(db, actor)).where('study_plans.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('study_plan', id);
  return { ...row, themes: await planThemesWithCoverage(db, actor, [id]) };
}

export async function createPlan(ctx: Context, actor: Actor, input: PlanInput) {
  authorize(actor, 'study.write');
  const level = input.level ?? 'internal';
  assertMayClassify(actor, level, ctx.settings.ceiling);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await referencedGroup(trx, actor, input.groupId);
    const stamp = now();
    await trx.insertInto('study_plans').values({ id, group_id: input.groupId, year: input.year, title: input.title, level, created_at: stamp, updated_at: stamp }).execute();
    return { result: await readPlan(trx, actor, id), audit: { action: 'study_plan.create', objectType: 'study_plan', objectId: id, level, detail: { year: input.year, title: input.title } } };
  });
}

async function loadPlanForWrite(db: Executor, actor: Actor, id: string): Promise<StudyPlan> {
  const row = await plansQuery(db, actor).selectAll('study_plans').where('study_plans.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('study_plan', id);
  return row;
}

export async function updatePlan(ctx: Context, actor: Actor, id: string, patch: Partial<Omit<PlanInput, 'groupId'>>) {
  authorize(actor, 'study.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const plan = await loadPlanForWrite(trx, actor, id);
    await trx
      .updateTable('study_plans')
      .set({
        ...(patch.year !== undefined && { year: patch.year }),
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.level !== undefined && { level: patch.level }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    return { result: await readPlan(trx, actor, id), audit: { action: 'study_plan.update', objectType: 'study_plan', objectId: id, level: highestOf([plan.level, patch.level ?? plan.level]), detail: { ...patch } } };
  });
}

/** Deleting a plan deletes its themes; sessions that studied them keep their themes, unlinked. */
export async function deletePlan(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'study.write');
  await writeAudited(ctx, actor, async (trx) => {
    const plan = await loadPlanForWrite(trx, actor, id);
    await trx.deleteFrom('study_plans').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'study_plan.delete', objectType: 'study_plan', objectId: id, level: plan.level, detail: { title: plan.title } } };
  });
}

export async function addPlanTheme(ctx: Context, actor: Actor, planId: string, input: PlanThemeInput) {
  authorize(actor, 'study.write');
  if (input.level) assertMayClassify(actor, input.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const plan = await loadPlanForWrite(trx, actor, planId);
    const max = await trx.selectFrom('plan_themes').select((eb) => eb.fn.max('sort_order').as('max')).where('plan_id', '=', planId).executeTakeFirst();
    const id = newId();
    const stamp = now();
    const level = input.level ?? plan.level;
    await trx
      .insertInto('plan_themes')
      .values({
        id,
        plan_id: planId,
        title: input.title,
        planned_month: input.plannedMonth ?? null,
        required_sessions: input.requiredSessions ?? 1,
        hours_per_member: input.hoursPerMember ?? null,
        sort_order: max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1,
        level,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    return { result: await readPlan(trx, actor, planId), audit: { action: 'study_plan.theme_add', objectType: 'study_plan', objectId: planId, level: highestOf([plan.level, level]), detail: { id, title: input.title } } };
  });
}

async function loadPlanThemeForWrite(db: Executor, actor: Actor, id: string) {
  const theme = await db.selectFrom('plan_themes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!theme || !canRead(actor, theme)) throw notFound('plan_theme', id);
  const plan = await loadPlanForWrite(db, actor, theme.plan_id).catch(() => {
    throw notFound('plan_theme', id);
  });
  return { theme, plan };
}

export async function updatePlanTheme(ctx: Context, actor: Actor, id: string, patch: Partial<PlanThemeInput>) {
  authorize(actor, 'study.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const { theme, plan } = await loadPlanThemeForWrite(trx, actor, id);
    await trx
      .updateTable('plan_themes')
      .set({
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.plannedMonth !== undefined && { planned_month: patch.plannedMonth }),
        ...(patch.requiredSessions !== undefined && { required_sessions: patch.requiredSessions }),
        ...(patch.hoursPerMember !== undefined && { hours_per_member: patch.hoursPerMember }),
        ...(patch.level !== undefined && { level: patch.level }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    return {
      result: await readPlan(trx, actor, plan.id),
      audit: { action: 'study_plan.theme_update', objectType: 'study_plan', objectId: plan.id, level: highestOf([plan.level, theme.level, patch.level ?? theme.level]), detail: { id, ...patch } },
    };
  });
}

export async function deletePlanTheme(ctx: Context, actor: Actor, id: string) {
  authorize(actor, 'study.write');
  return writeAudited(ctx, actor, async (trx) => {
    const { theme, plan } = await loadPlanThemeForWrite(trx, actor, id);
    await trx.deleteFrom('plan_themes').where('id', '=', id).execute();
    return { result: await readPlan(trx, actor, plan.id), audit: { action: 'study_plan.theme_delete', objectType: 'study_plan', objectId: plan.id, level: highestOf([plan.level, theme.level]), detail: { id, title: theme.title } } };
  });
}

export async function reorderPlanThemes(ctx: Context, actor: Actor, planId: string, ids: string[]) {
  authorize(actor, 'study.write');
  return writeAudited(ctx, actor, async (trx) => {
    const plan = await loadPlanForWrite(trx, actor, planId);
    const all = await trx.selectFrom('plan_themes').select(['id', 'level']).where('plan_id', '=', planId).orderBy('sort_order').orderBy('id').execute();
    const readable = all.filter((t) => canRead(actor, t));
    const known = new Set(readable.map((t) => t.id));
    if (new Set(ids).size !== ids.length || ids.length !== readable.length || ids.some((i) => !known.has(i))) {
      throw badRequest('plan_theme_order', { expected: readable.length, given: ids.length });
    }
    const queue = [...ids];
    const order = all.map((t) => (canRead(actor, t) ? queue.shift()! : t.id));
    for (const [index, themeId] of order.entries()) await trx.updateTable('plan_themes').set({ sort_order: index }).where('id', '=', themeId).execute();
    return { result: await readPlan(trx, actor, planId), audit: { action: 'study_plan.theme_reorder', objectType: 'study_plan', objectId: planId, level: plan.level, detail: { ids } } };
  });
}

/**
 * The themes of the plans of a session's study group for the session's year, which its themes may
 * be linked to, with the links suggested by text (see suggestPlanThemes).
 */
export async function planThemesForSession(ctx: Context, actor: Actor, sessionId: string) {
  const session = await loadSessionRecord(ctx, actor, sessionId);
  const { db } = ctx.database;
  const plans = await selectPlan(plansQuery(db, actor))
    .where('study_plans.group_id', '=', session.group.id)
    .where('study_plans.year', '=', Number(session.date.slice(0, 4)))
    .orderBy('study_plans.title')
    .execute();
  const themes = await planThemesWithCoverage(db, actor, plans.map((p) => p.id));
  const items = themes.map((t) => ({ ...t, plan: plans.find((p) => p.id === t.plan_id)! }));
  await auditListRead(ctx, actor, 'study_plan', 'list', plans);
  return { items, suggestions: suggestPlanThemes(session.themes, themes), year: Number(session.date.slice(0, 4)) };
}
