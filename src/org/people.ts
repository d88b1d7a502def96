import type { Context } from '../context.ts';
import { namedColumns } from '../db/columns.ts';
import { paginate, paginateByKey, type ListParams } from '../db/paging.ts';
import type { Person } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, conflict } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { readsScope, scopeNewRecord, visibilityKey, visibleTo } from '../security/knowable.ts';
import { assertMayClassify, authorize, canRead } from '../security/policy.ts';
import { auditListRead, guardRead, knownIds, loadForWrite, type KnowableType } from '../security/reads.ts';
import { personNameContains } from './name-search.ts';
import type { PersonInput } from './schemas.ts';

export interface PersonFilters {
  unitId?: string | undefined;
  level?: Level | undefined;
}

const SORTABLE = { name: 'people.name', nameEn: 'people.name_en', createdAt: 'people.created_at' };
const DEFAULTS = { sort: 'name', idColumn: 'people.id' };
const PERSON_COLUMNS = namedColumns<Person, 'people'>('people', { id: true, name: true, name_en: true, email: true, phone: true, note: true, level: true, created_at: true, updated_at: true });

function visiblePeople(ctx: Context, actor: Actor) {
  return ctx.database.db.selectFrom('people').where(visibleTo(actor, 'person', 'people.id', 'people.level'));
}

async function filteredPeople(ctx: Context, actor: Actor, q: string | undefined, filters: PersonFilters) {
  let query = visiblePeople(ctx, actor);
  if (q) query = query.where(await personNameContains(ctx.database, q));
  if (filters.level) query = query.where('people.level', '=', filters.level);
  if (filters.unitId) {
    const unitId = filters.unitId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('positions')
          .select('positions.id')
          .whereRef('positions.person_id', '=', 'people.id')
          .where('positions.unit_id', '=', unitId)
          .where(visibleTo(actor, 'position', 'positions.id', 'positions.level')),
      ),
    );
  }
  return query;
}

export async function listPeople(ctx: Context, actor: Actor, params: ListParams, filters: PersonFilters, action: 'list' | 'export' = 'list') {
  authorize(actor, 'org.read');
  const all = (qb: ReturnType<typeof visiblePeople>) => qb.select(PERSON_COLUMNS);
  // The whole roster is the busiest list there is: its queries are compiled once per reader visibility.
  const page =
    !params.q && !filters.level && !filters.unitId
      ? await paginateByKey(ctx.database, `people:${visibilityKey(actor)}`, () => visiblePeople(ctx, actor), all, params, SORTABLE, DEFAULTS, readsScope(actor) ? undefined : 'people')
      : await paginate(await filteredPeople(ctx, actor, params.q, filters), all, params, SORTABLE, DEFAULTS);
  const items = page.items as Person[];
  await auditListRead(ctx, actor, 'person', action, items);
  return { ...page, items };
}

export async function getPerson(ctx: Context, actor: Actor, id: string): Promise<Person> {
  authorize(actor, 'org.read');
  const row = await ctx.database.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  return guardRead(ctx, actor, 'person', id, row);
}

export async function createPerson(ctx: Context, actor: Actor, input: PersonInput): Promise<Person> {
  authorize(actor, 'org.write');
  const level = input.level ?? 'internal';
  assertMayClassify(actor, level, ctx.settings.ceiling);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    const stamp = now();
    const person = await trx
      .insertInto('people')
      .values({
        id,
        name: input.name,
        name_en: input.nameEn ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        note: input.note ?? null,
        level,
        created_at: stamp,
        updated_at: stamp,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await scopeNewRecord(trx, actor, 'person', id, level);
    return { result: person, audit: { action: 'person.create', objectType: 'person', objectId: id, level, detail: { name: input.name } } };
  });
}

export async function updatePerson(ctx: Context, actor: Actor, id: string, patch: Partial<PersonInput>): Promise<Person> {
  authorize(actor, 'org.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    await loadForWrite(trx, actor, 'people', id);
    const person = await trx
      .updateTable('people')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.phone !== undefined && { phone: patch.phone }),
        ...(patch.note !== undefined && { note: patch.note }),
        ...(patch.level !== undefined && { level: patch.level }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Contact details are personal data: the event records which fields changed, not their values.
    return { result: person, audit: { action: 'person.update', objectType: 'person', objectId: id, level: person.level, detail: { fields: Object.keys(patch) } } };
  });
}

/**
 * Deleting a person ends their positions, group memberships and attendance with them (the database
 * cascades), so each of those must be a record the actor may know.
 */
export async function deletePerson(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'org.write');
  await writeAudited(ctx, actor, async (trx) => {
    const existing = await loadForWrite(trx, actor, 'people', id);
    const positions = await trx.selectFrom('positions').select('id').where('person_id', '=', id).execute();
    const groups = await trx.selectFrom('study_group_members').select('group_id').where('person_id', '=', id).execute();
    const attendance = await trx.selectFrom('session_attendance').select(['session_id', 'level']).where('person_id', '=', id).execute();
    const allKnown = async (type: KnowableType, refs: string[]) => (await knownIds(trx, actor, type, refs)).size === new Set(refs).size;
    const known =
      (await allKnown('position', positions.map((p) => p.id))) &&
      (await allKnown('study_group', groups.map((g) => g.group_id))) &&
      (await allKnown('study_session', attendance.map((a) => a.session_id))) &&
      attendance.every((a) => canRead(actor, a));
    if (!known) {
      throw conflict('person_has_hidden_records');
    }
    // A person's secrecy history (clearance and its changes, letters, training, rectifications they
    // own) is kept for the secrecy office: deleting the person would erase it with them.
    const secrecyHistory = await Promise.all(
      (['clearances', 'clearance_history', 'letters', 'training_records'] as const).map((table) => trx.selectFrom(table).select('person_id').where('person_id', '=', id).executeTakeFirst()),
    );
    const owned = await trx.selectFrom('rectifications').select('id').where('owner_person_id', '=', id).executeTakeFirst();
    if (secrecyHistory.some(Boolean) || owned) {
      throw new AppError(409, 'person_has_secrecy_records');
    }
    await trx.deleteFrom('people').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'person.delete', objectType: 'person', objectId: id, level: existing.level, detail: { name: existing.name } } };
  });
}
