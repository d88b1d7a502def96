import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { paginate, contains, type ListParams } from '../db/paging.ts';
import type { Unit } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, conflict, forbidden } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { mayRead, scopeNewRecord, visibleTo } from '../security/knowable.ts';
import { assertMayClassify, authorize } from '../security/policy.ts';
import { auditListRead, guardRead, knownIds, loadForWrite, mayKnow } from '../security/reads.ts';
import type { UnitInput } from './schemas.ts';

export interface UnitFilters {
  parentId?: string | undefined;
  level?: Level | undefined;
}

const SORTABLE = { name: 'name', kind: 'kind', sortOrder: 'sort_order', createdAt: 'created_at' };

export async function listUnits(ctx: Context, actor: Actor, params: ListParams, filters: UnitFilters, action: 'list' | 'export' = 'list') {
  authorize(actor, 'org.read');
  let query = ctx.database.db.selectFrom('units').where(visibleTo(actor, 'unit', 'units.id', 'units.level'));
  const q = params.q;
  if (q) query = query.where((eb) => eb.or([contains('name', q), contains('name_en', q)]));
  if (filters.parentId) query = query.where('parent_id', '=', filters.parentId);
  if (filters.level) query = query.where('level', '=', filters.level);
  const page = await paginate(query, (qb) => qb.selectAll(), params, SORTABLE, { sort: 'sortOrder', idColumn: 'id' });
  const items = page.items as Unit[];
  await auditListRead(ctx, actor, 'unit', action, items);
  return { ...page, items };
}

export async function getUnit(ctx: Context, actor: Actor, id: string): Promise<Unit> {
  authorize(actor, 'org.read');
  const row = await ctx.database.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return guardRead(ctx, actor, 'unit', id, row);
}

/** A parent must be visible to the writer, and a unit may not become its own ancestor. */
async function checkParent(db: Executor, actor: Actor, id: string | null, parentId: string | null | undefined): Promise<void> {
  let cursor = parentId ?? null;
  const seen = new Set<string>();
  while (cursor) {
    if (cursor === id) throw badRequest('unit_cycle');
    if (seen.has(cursor)) break;
    seen.add(cursor);
    const parent = await db.selectFrom('units').select(['id', 'parent_id', 'level']).where('id', '=', cursor).executeTakeFirst();
    if (!parent || (cursor === parentId && !(await mayRead(db, actor, 'unit', parent)))) throw badRequest('parent_unit_not_found', { parentId });
    cursor = parent.parent_id;
  }
}

export async function createUnit(ctx: Context, actor: Actor, input: UnitInput): Promise<Unit> {
  authorize(actor, 'org.write');
  const level = input.level ?? 'internal';
  assertMayClassify(actor, level, ctx.settings.ceiling);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await checkParent(trx, actor, id, input.parentId);
    const stamp = now();
    const unit = await trx
      .insertInto('units')
      .values({
        id,
        parent_id: input.parentId ?? null,
        name: input.name,
        name_en: input.nameEn ?? null,
        kind: input.kind,
        sort_order: input.sortOrder ?? 0,
        level,
        created_at: stamp,
        updated_at: stamp,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await scopeNewRecord(trx, actor, 'unit', id, level);
    return { result: unit, audit: { action: 'unit.create', objectType: 'unit', objectId: id, level, detail: { name: input.name } } };
  });
}

export async function updateUnit(ctx: Context, actor: Actor, id: string, patch: Partial<UnitInput>): Promise<Unit> {
  authorize(actor, 'org.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const existing = await loadForWrite(trx, actor, 'units', id);
    if (patch.parentId !== undefined) {
      // Moving a unit out from under a unit the actor may not know changes that unit too.
      if ((patch.parentId ?? null) !== existing.parent_id && existing.parent_id && !(await mayKnow(trx, actor, 'unit', existing.parent_id))) {
        throw forbidden('unit_parent_hidden');
      }
      await checkParent(trx, actor, id, patch.parentId);
    }
    const unit = await trx
      .updateTable('units')
      .set({
        ...(patch.parentId !== undefined && { parent_id: patch.parentId ?? null }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
        ...(patch.kind !== undefined && { kind: patch.kind }),
        ...(patch.sortOrder !== undefined && { sort_order: patch.sortOrder }),
        ...(patch.level !== undefined && { level: patch.level }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { result: unit, audit: { action: 'unit.update', objectType: 'unit', objectId: id, level: unit.level, detail: { ...patch } } };
  });
}

export async function deleteUnit(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'org.write');
  await writeAudited(ctx, actor, async (trx) => {
    const existing = await loadForWrite(trx, actor, 'units', id);
    const held = async (table: 'units' | 'positions' | 'study_groups', column: 'parent_id' | 'unit_id') =>
      (await trx.selectFrom(table).select('id').where(column, '=', id).execute()).map((r) => r.id);
    const contents = { children: await held('units', 'parent_id'), positions: await held('positions', 'unit_id'), groups: await held('study_groups', 'unit_id') };
    if (contents.children.length + contents.positions.length + contents.groups.length > 0) {
      // Counts are only of what the actor may know; the rest is mentioned, never counted or named.
      const children = (await knownIds(trx, actor, 'unit', contents.children)).size;
      const positions = (await knownIds(trx, actor, 'position', contents.positions)).size;
      const groups = (await knownIds(trx, actor, 'study_group', contents.groups)).size;
      const unseen = children + positions + groups < contents.children.length + contents.positions.length + contents.groups.length;
      throw conflict(unseen ? 'unit_not_empty_hidden' : 'unit_not_empty', { name: existing.name, children, positions, groups }, { children, positions, groups });
    }
    await trx.deleteFrom('units').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'unit.delete', objectType: 'unit', objectId: id, level: existing.level, detail: { name: existing.name } } };
  });
}
