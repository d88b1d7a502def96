import type { Context } from '../context.ts';
import type { Executor, Trx } from '../db/database.ts';
import type { DutyArea } from '../db/duty-tables.ts';
import { writeAudited } from '../db/write.ts';
import { conflict, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { joinedNames, type JoinedName } from '../security/joined-names.ts';
import { assertMayClassify, authorize, readableLevels } from '../security/policy.ts';
import { auditListRead, guardRead } from '../security/reads.ts';
import { assertKnown, tasksQuery } from './access.ts';
import { areaInput, areaPatch, type AreaInput, type AreaPatch } from './schemas.ts';

/**
 * Responsibility areas (责任制): ideological work, secrecy work, civilized-city creation and any an
 * administrator adds, each with its first-responsible and directly responsible leaders, the leaders
 * answering for their own fields (一岗双责), its lead units, and the tasks filed under it.
 */
export type AreaRow = DutyArea & {
  leaders: ({ person_id: string; role: string } & JoinedName)[];
  units: ({ unit_id: string } & JoinedName)[];
  taskCount: number;
};

async function withParts(db: Executor, actor: Actor, areas: readonly DutyArea[]): Promise<AreaRow[]> {
  if (areas.length === 0) return [];
  const ids = areas.map((a) => a.id);
  const leaders = await db.selectFrom('duty_area_leaders').selectAll().where('area_id', 'in', ids).orderBy('sort_order').execute();
  const units = await db.selectFrom('duty_area_units').selectAll().where('area_id', 'in', ids).execute();
  const counts = await tasksQuery(db, actor)
    .select(['duty_tasks.area_id', (eb) => eb.fn.countAll().as('n')])
    .where('duty_tasks.area_id', 'in', ids)
    .groupBy('duty_tasks.area_id')
    .execute();
  const nameOf = await joinedNames(db, actor, [...leaders.map((l) => ({ type: 'person' as const, id: l.person_id })), ...units.map((u) => ({ type: 'unit' as const, id: u.unit_id }))]);
  return areas.map((area) => ({
    ...area,
    leaders: leaders.filter((l) => l.area_id === area.id).map((l) => ({ person_id: l.person_id, role: l.role, ...nameOf('person', l.person_id) })),
    units: units.filter((u) => u.area_id === area.id).map((u) => ({ unit_id: u.unit_id, ...nameOf('unit', u.unit_id) })),
    taskCount: Number(counts.find((c) => c.area_id === area.id)?.n ?? 0),
  }));
}

export async function listAreas(ctx: Context, actor: Actor): Promise<AreaRow[]> {
  authorize(actor, 'duties.read');
  const rows = await ctx.database.db.selectFrom('duty_areas').selectAll().where('level', 'in', readableLevels(actor)).orderBy('sort_order').orderBy('name').execute();
  await auditListRead(ctx, actor, 'duty_area', 'list', rows);
  return withParts(ctx.database.db, actor, rows);
}

async function loadArea(db: Executor, actor: Actor, id: string): Promise<DutyArea | undefined> {
  return db.selectFrom('duty_areas').selectAll().where('id', '=', id).where('level', 'in', readableLevels(actor)).executeTakeFirst();
}

export async function getArea(ctx: Context, actor: Actor, id: string): Promise<AreaRow> {
  authorize(actor, 'duties.read');
  const area = await guardRead(ctx, actor, 'duty_area', id, await loadArea(ctx.database.db, actor, id));
  return (await withParts(ctx.database.db, actor, [area]))[0]!;
}

async function writeParts(trx: Trx, actor: Actor, areaId: string, input: { leaders?: { personId: string; role: string }[] | undefined; unitIds?: string[] | undefined }): Promise<void> {
  if (input.leaders) {
    for (const l of input.leaders) await assertKnown(trx, actor, 'person', l.personId, 'leader');
    await trx.deleteFrom('duty_area_leaders').where('area_id', '=', areaId).execute();
    const unique = [...new Map(input.leaders.map((l) => [`${l.personId}:${l.role}`, l])).values()];
    if (unique.length > 0) await trx.insertInto('duty_area_leaders').values(unique.map((l, i) => ({ area_id: areaId, person_id: l.personId, role: l.role, sort_order: i }))).execute();
  }
  if (input.unitIds) {
    const unitIds = [...new Set(input.unitIds)];
    for (const u of unitIds) await assertKnown(trx, actor, 'unit', u, 'lead unit');
    await trx.deleteFrom('duty_area_units').where('area_id', '=', areaId).execute();
    if (unitIds.length > 0) await trx.insertInto('duty_area_units').values(unitIds.map((unit_id) => ({ area_id: areaId, unit_id }))).execute();
  }
}

export async function createArea(ctx: Context, actor: Actor, raw: AreaInput): Promise<AreaRow> {
  authorize(actor, 'duties.areas');
  const input = areaInput.parse(raw);
  assertMayClassify(actor, input.level, ctx.settings.ceiling);
  const id = newId();
  await writeAudited(ctx, actor, async (trx) => {
    const taken = await trx.selectFrom('duty_areas').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw conflict('area_name_taken', { name: input.name });
    const stamp = now();
    const order = await trx.selectFrom('duty_areas').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await trx
      .insertInto('duty_areas')
      .values({ id, name: input.name, name_en: input.nameEn, description: input.description, level: input.level, sort_order: Number(order.n), created_at: stamp, updated_at: stamp })
      .execute();
    await writeParts(trx, actor, id, input);
    return { result: undefined, audit: { action: 'duty_area.create', objectType: 'duty_area', objectId: id, level: input.level, detail: { name: input.name, leaders: input.leaders, unitIds: input.unitIds } } };
  });
  return getArea(ctx, actor, id);
}

export async function updateArea(ctx: Context, actor: Actor, id: string, raw: AreaPatch): Promise<AreaRow> {
  authorize(actor, 'duties.areas');
  const patch = areaPatch.parse(raw);
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  await writeAudited(ctx, actor, async (trx) => {
    const area = await loadArea(trx, actor, id);
    if (!area) throw notFound('duty_area', id);
    if (patch.name && patch.name !== area.name) {
      const taken = await trx.selectFrom('duty_areas').select('id').where('name', '=', patch.name).executeTakeFirst();
      if (taken) throw conflict('area_name_taken', { name: patch.name });
    }
    await trx
      .updateTable('duty_areas')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.level !== undefined && { level: patch.level }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    await writeParts(trx, actor, id, patch);
    return { result: undefined, audit: { action: 'duty_area.update', objectType: 'duty_area', objectId: id, level: patch.level ?? area.level, detail: { ...patch } } };
  });
  return getArea(ctx, actor, id);
}

export async function deleteArea(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'duties.areas');
  await writeAudited(ctx, actor, async (trx) => {
    const area = await loadArea(trx, actor, id);
    if (!area) throw notFound('duty_area', id);
    const filed = await trx.selectFrom('duty_tasks').select((eb) => eb.fn.countAll().as('n')).where('area_id', '=', id).executeTakeFirstOrThrow();
    // No count: some of those tasks may be beyond what the actor may know.
    if (Number(filed.n) > 0) throw conflict('area_has_tasks');
    await trx.deleteFrom('duty_areas').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'duty_area.delete', objectType: 'duty_area', objectId: id, level: area.level, detail: { name: area.name } } };
  });
}
