import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { contains, paginate, type ListParams } from '../db/paging.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { mayRead, scopeNewRecord, visibleTo } from '../security/knowable.ts';
import { assertMayClassify, authorize } from '../security/policy.ts';
import { auditListRead, guardRead, loadForWrite } from '../security/reads.ts';
import type { PositionRow } from './presenters.ts';
import type { PositionInput } from './schemas.ts';

export interface PositionFilters {
  personId?: string | undefined;
  unitId?: string | undefined;
  /** Only positions held today: started (or no start) and not yet ended. */
  current?: boolean | undefined;
}

const SORTABLE = {
  sortOrder: 'positions.sort_order',
  title: 'positions.title',
  startDate: 'positions.start_date',
  personName: 'people.name',
  unitName: 'units.name',
};

/** A position names a person and a unit, so it is visible only when all three are. */
function positionsQuery(db: Executor, actor: Actor) {
  return db
    .selectFrom('positions')
    .innerJoin('people', 'people.id', 'positions.person_id')
    .innerJoin('units', 'units.id', 'positions.unit_id')
    .where(visibleTo(actor, 'position', 'positions.id', 'positions.level'))
    .where(visibleTo(actor, 'person', 'people.id', 'people.level'))
    .where(visibleTo(actor, 'unit', 'units.id', 'units.level'));
}

const selectRow = <Q extends ReturnType<typeof positionsQuery>>(qb: Q) =>
  qb.selectAll('positions').select([
    'people.name as person_name',
    'people.name_en as person_name_en',
    'units.name as unit_name',
    'units.name_en as unit_name_en',
  ]);

export async function listPositions(ctx: Context, actor: Actor, params: ListParams, filters: PositionFilters, action: 'list' | 'export' = 'list') {
  authorize(actor, 'org.read');
  let query = positionsQuery(ctx.database.db, actor);
  if (filters.personId) query = query.where('positions.person_id', '=', filters.personId);
  if (filters.unitId) query = query.where('positions.unit_id', '=', filters.unitId);
  if (filters.current) {
    const today = now().slice(0, 10);
    query = query
      .where((eb) => eb.or([eb('positions.start_date', 'is', null), eb('positions.start_date', '<=', today)]))
      .where((eb) => eb.or([eb('positions.end_date', 'is', null), eb('positions.end_date', '>=', today)]));
  }
  if (params.q) {
    const q = params.q;
    query = query.where((eb) => eb.or([contains('positions.title', q), contains('people.name', q), contains('units.name', q)]));
  }
  const page = await paginate(query, (qb) => selectRow(qb as typeof query), params, SORTABLE, { sort: 'sortOrder', idColumn: 'positions.id' });
  const items = page.items as PositionRow[];
  await auditListRead(ctx, actor, 'position', action, items);
  return { ...page, items };
}

async function readPosition(db: Executor, actor: Actor, id: string): Promise<PositionRow | undefined> {
  return selectRow(positionsQuery(db, actor)).where('positions.id', '=', id).executeTakeFirst();
}

export async function getPosition(ctx: Context, actor: Actor, id: string): Promise<PositionRow> {
  authorize(actor, 'org.read');
  return guardRead(ctx, actor, 'position', id, await readPosition(ctx.database.db, actor, id));
}

async function checkRefs(db: Executor, actor: Actor, personId: string | undefined, unitId: string | undefined): Promise<void> {
  if (personId) {
    const person = await db.selectFrom('people').select(['id', 'level']).where('id', '=', personId).executeTakeFirst();
    if (!person || !(await mayRead(db, actor, 'person', person))) throw badRequest('person_not_found_id', { personId });
  }
  if (unitId) {
    const unit = await db.selectFrom('units').select(['id', 'level']).where('id', '=', unitId).executeTakeFirst();
    if (!unit || !(await mayRead(db, actor, 'unit', unit))) throw badRequest('unit_not_found_id', { unitId });
  }
}

function checkDates(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) throw badRequest('end_before_start', { end, start });
}

export async function createPosition(ctx: Context, actor: Actor, input: PositionInput): Promise<PositionRow> {
  authorize(actor, 'org.write');
  const level = input.level ?? 'internal';
  assertMayClassify(actor, level, ctx.settings.ceiling);
  checkDates(input.startDate, input.endDate);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await checkRefs(trx, actor, input.personId, input.unitId);
    const stamp = now();
    await trx
      .insertInto('positions')
      .values({
        id,
        person_id: input.personId,
        unit_id: input.unitId,
        title: input.title,
        title_en: input.titleEn ?? null,
        rank: input.rank ?? null,
        start_date: input.startDate ?? null,
        end_date: input.endDate ?? null,
        sort_order: input.sortOrder ?? 0,
        level,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await scopeNewRecord(trx, actor, 'position', id, level);
    const row = await readPosition(trx, actor, id);
    if (!row) throw notFound('position', id);
    return {
      result: row,
      audit: { action: 'position.create', objectType: 'position', objectId: id, level, detail: { personId: input.personId, unitId: input.unitId, title: input.title } },
    };
  });
}

export async function updatePosition(ctx: Context, actor: Actor, id: string, patch: Partial<PositionInput>): Promise<PositionRow> {
  authorize(actor, 'org.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const existing = await loadForWrite(trx, actor, 'positions', id);
    await checkRefs(trx, actor, patch.personId, patch.unitId);
    checkDates(
      patch.startDate !== undefined ? patch.startDate : existing.start_date,
      patch.endDate !== undefined ? patch.endDate : existing.end_date,
    );
    await trx
      .updateTable('positions')
      .set({
        ...(patch.personId !== undefined && { person_id: patch.personId }),
        ...(patch.unitId !== undefined && { unit_id: patch.unitId }),
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.titleEn !== undefined && { title_en: patch.titleEn }),
        ...(patch.rank !== undefined && { rank: patch.rank }),
        ...(patch.startDate !== undefined && { start_date: patch.startDate ?? null }),
        ...(patch.endDate !== undefined && { end_date: patch.endDate ?? null }),
        ...(patch.sortOrder !== undefined && { sort_order: patch.sortOrder }),
        ...(patch.level !== undefined && { level: patch.level }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    const row = await readPosition(trx, actor, id);
    if (!row) throw notFound('position', id);
    return { result: row, audit: { action: 'position.update', objectType: 'position', objectId: id, level: row.level, detail: { ...patch } } };
  });
}

export async function deletePosition(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'org.write');
  await writeAudited(ctx, actor, async (trx) => {
    const existing = await loadForWrite(trx, actor, 'positions', id);
    await trx.deleteFrom('positions').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'position.delete', objectType: 'position', objectId: id, level: existing.level, detail: { title: existing.title } } };
  });
}
