import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { contains, paginate, type ListParams } from '../db/paging.ts';
import type { Carrier } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { authorize, canRead, readableLevels } from '../security/policy.ts';
import { joinedNames } from '../security/joined-names.ts';
import { auditListRead, guardRead, knownIds, mayKnow } from '../security/reads.ts';
import { STAR, parseMark, periodEndDate, renderMark, type Mark } from './marks.ts';
import { refreshFingerprints } from './review/fingerprints.ts';
import { RECORD_LEVEL, assertMayWriteRecord, assertPerson, assertUnit } from './records-common.ts';
import type { CarrierInput, CarrierPatch, CarrierState, CarrierStateInput, ScopeInput } from './records-schemas.ts';

/** What a declassified carrier's mark becomes. */
export const DECLASSIFIED_MARK = '解密';

/** Custodian and scope names are shown only where the reader may know that person or unit. */
export type CarrierRow = Carrier & { custodian_name: string | null; custodian_hidden: boolean };
export interface ScopeEntry {
  carrier_id: string;
  subject_type: string;
  subject_id: string;
  name: string | null;
  hidden: boolean;
  approved_by: string;
  added_at: string;
}
export type CarrierWithScope = CarrierRow & { scope: ScopeEntry[] };

/**
 * The register describes carriers; it never repeats their content or their marks in free text, so
 * that the register itself stays internal. A ★ in a title is refused with the reason.
 */
export function assertTitleUnmarked(title: string): void {
  if (title.includes(STAR) || title.includes('☆')) {
    throw unprocessable('mark_in_title', {}, { title });
  }
}

/** Parses and checks a carrier's mark against its level; returns the mark in its canonical written form. */
export function carrierMark(markText: string, level: Level | undefined | null, issuedOn: string): { mark: Mark; text: string; end: string | null } {
  const mark = parseMark(markText);
  if (level && level !== mark.level) {
    throw unprocessable('level_mismatch', { level, markText, markLevel: mark.level }, { level, markLevel: mark.level });
  }
  return { mark, text: renderMark(mark), end: periodEndDate(mark, issuedOn) };
}

const subjectType = (t: string): 'person' | 'unit' => (t === 'unit' ? 'unit' : 'person');

/** Carriers with their custodian and knowable scope, each name as far as the reader may know it. */
async function withNames(db: Executor, actor: Actor, carriers: readonly Carrier[]): Promise<CarrierWithScope[]> {
  if (carriers.length === 0) return [];
  const scope = await db
    .selectFrom('carrier_scope')
    .select(['carrier_id', 'subject_type', 'subject_id', 'approved_by', 'added_at'])
    .where('carrier_id', 'in', carriers.map((c) => c.id))
    .orderBy('subject_type')
    .orderBy('added_at')
    .execute();
  const nameOf = await joinedNames(db, actor, [
    ...carriers.map((c) => ({ type: 'person' as const, id: c.custodian_person_id })),
    ...scope.map((e) => ({ type: subjectType(e.subject_type), id: e.subject_id })),
  ]);
  return carriers.map((c) => {
    const custodian = nameOf('person', c.custodian_person_id);
    return {
      ...c,
      custodian_name: custodian.name,
      custodian_hidden: custodian.hidden,
      scope: scope
        .filter((e) => e.carrier_id === c.id)
        .map((e) => {
          const subject = nameOf(subjectType(e.subject_type), e.subject_id);
          return { ...e, name: subject.name, hidden: subject.hidden };
        }),
    };
  });
}

export interface CarrierFilters {
  state?: CarrierState | undefined;
  level?: Level | undefined;
  custodianPersonId?: string | undefined;
  endsBefore?: string | undefined;
}

const SORTABLE = {
  title: 'carriers.title',
  number: 'carriers.number',
  issuedOn: 'carriers.issued_on',
  periodEnd: 'carriers.period_end',
  createdAt: 'carriers.created_at',
};

export async function listCarriers(ctx: Context, actor: Actor, params: ListParams, filters: CarrierFilters, action: 'list' | 'export' = 'list') {
  authorize(actor, 'secrecy.read');
  let query = ctx.database.db.selectFrom('carriers').where('carriers.level', 'in', readableLevels(actor));
  const q = params.q;
  if (q) query = query.where((eb) => eb.or([contains('carriers.title', q), contains('carriers.number', q)]));
  if (filters.state) query = query.where('carriers.state', '=', filters.state);
  if (filters.level) query = query.where('carriers.carrier_level', '=', filters.level);
  if (filters.custodianPersonId) query = query.where('carriers.custodian_person_id', '=', filters.custodianPersonId);
  if (filters.endsBefore) query = query.where('carriers.period_end', '<', filters.endsBefore);
  const page = await paginate(query, (qb) => qb.selectAll('carriers'), params, SORTABLE, {
    sort: 'createdAt',
    idColumn: 'carriers.id',
  });
  const items = await withNames(ctx.database.db, actor, page.items as Carrier[]);
  await auditListRead(ctx, actor, 'carrier', action, items);
  return { ...page, items };
}

async function loadCarrier(db: Executor, actor: Actor, id: string): Promise<CarrierWithScope | undefined> {
  const row = await db.selectFrom('carriers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withNames(db, actor, [row]))[0] : undefined;
}

export async function getCarrier(ctx: Context, actor: Actor, id: string): Promise<CarrierWithScope> {
  authorize(actor, 'secrecy.read');
  return guardRead(ctx, actor, 'carrier', id, await loadCarrier(ctx.database.db, actor, id));
}

/** Loads a carrier to change it inside the write's transaction; one the actor cannot read is "not found". */
export async function loadCarrierForWrite(db: Executor, actor: Actor, id: string): Promise<Carrier> {
  const row = await db.selectFrom('carriers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !canRead(actor, row)) throw notFound('carrier', id);
  return row;
}

/** No custodian counts as known: there is nobody hidden to hand the carrier away from. */
async function mayKnowSubject(db: Executor, actor: Actor, type: 'person' | 'unit', id: string | null): Promise<boolean> {
  return id === null || mayKnow(db, actor, type, id);
}

/** The subjects of a scope input; each must be a person or unit the writer may know, except those already in the scope (`kept`). */
async function checkScope(db: Executor, actor: Actor, scope: { people?: string[] | undefined; units?: string[] | undefined }, kept: ReadonlySet<string> = new Set()) {
  const people = [...new Set(scope.people ?? [])];
  const units = [...new Set(scope.units ?? [])];
  for (const p of people) if (!kept.has(`person:${p}`)) await assertPerson(db, actor, p, 'person in the knowable scope');
  for (const u of units) if (!kept.has(`unit:${u}`)) await assertUnit(db, actor, u, 'unit in the knowable scope');
  return [...people.map((id) => ({ subject_type: 'person', subject_id: id })), ...units.map((id) => ({ subject_type: 'unit', subject_id: id }))];
}

export async function createCarrier(ctx: Context, actor: Actor, input: CarrierInput): Promise<CarrierWithScope> {
  authorize(actor, 'secrecy.manage');
  assertMayWriteRecord(ctx, actor);
  assertTitleUnmarked(input.title);
  const { mark, text, end } = carrierMark(input.mark, input.level, input.issuedOn);
  if (input.receivedOn && input.receivedOn < input.issuedOn) {
    throw new AppError(422, 'received_before_issued', { receivedOn: input.receivedOn, issuedOn: input.issuedOn }, { code: 'invalid_date' });
  }
  const id = newId();
  await writeAudited(ctx, actor, async (trx) => {
    if (input.custodianPersonId) await assertPerson(trx, actor, input.custodianPersonId, 'custodian');
    const scope = await checkScope(trx, actor, input.scope ?? {});
    if (scope.length > 0 && !input.scopeApprovedBy) {
      throw unprocessable('approval_required');
    }
    const stamp = now();
    await trx
      .insertInto('carriers')
      .values({
        id,
        title: input.title,
        number: input.number ?? null,
        carrier_level: mark.level,
        mark: text,
        original_mark: text,
        issued_on: input.issuedOn,
        period_end: end,
        custodian_person_id: input.custodianPersonId ?? null,
        location: input.location ?? null,
        copies: input.copies ?? 1,
        received_on: input.receivedOn ?? null,
        state: 'held',
        state_on: null,
        state_witness: null,
        declassified_on: null,
        level: RECORD_LEVEL,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await refreshFingerprints(trx, { type: 'carrier', id });
    if (scope.length > 0) {
      await trx
        .insertInto('carrier_scope')
        .values(scope.map((s) => ({ ...s, carrier_id: id, approved_by: input.scopeApprovedBy!, added_by: actor.id, added_at: stamp })))
        .execute();
    }
    return {
      result: undefined,
      audit: {
        action: 'carrier.create',
        objectType: 'carrier',
        objectId: id,
        level: RECORD_LEVEL,
        detail: { title: input.title, number: input.number ?? null, mark: text, periodEnd: end, scope },
      },
    };
  });
  return (await loadCarrier(ctx.database.db, actor, id))!;
}

export async function updateCarrier(ctx: Context, actor: Actor, id: string, patch: CarrierPatch): Promise<CarrierWithScope> {
  authorize(actor, 'secrecy.manage');
  if (patch.title !== undefined) assertTitleUnmarked(patch.title);
  await writeAudited(ctx, actor, async (trx) => {
    const carrier = await loadCarrierForWrite(trx, actor, id);
    if (patch.custodianPersonId) {
      // A person the writer may not know is answered like one that does not exist, the present custodian
      // included: otherwise the answer would confirm a guessed id of a hidden person.
      if (!(await mayKnowSubject(trx, actor, 'person', patch.custodianPersonId))) throw badRequest('custodian_not_found', { custodianPersonId: patch.custodianPersonId });
      await assertPerson(trx, actor, patch.custodianPersonId, 'custodian');
    }
    if (patch.custodianPersonId !== undefined && (patch.custodianPersonId ?? null) !== carrier.custodian_person_id && !(await mayKnowSubject(trx, actor, 'person', carrier.custodian_person_id))) {
      throw forbidden('custodian_hidden');
    }
    await trx
      .updateTable('carriers')
      .set({
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.number !== undefined && { number: patch.number ?? null }),
        ...(patch.custodianPersonId !== undefined && { custodian_person_id: patch.custodianPersonId ?? null }),
        ...(patch.location !== undefined && { location: patch.location ?? null }),
        ...(patch.copies !== undefined && { copies: patch.copies }),
        ...(patch.receivedOn !== undefined && { received_on: patch.receivedOn ?? null }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    await refreshFingerprints(trx, { type: 'carrier', id });
    return { result: undefined, audit: { action: 'carrier.update', objectType: 'carrier', objectId: id, level: RECORD_LEVEL, detail: { ...patch } } };
  });
  return (await loadCarrier(ctx.database.db, actor, id))!;
}

/** A held carrier is returned to its issuer or destroyed, on a date, before a witness; either is final. */
export async function setCarrierState(ctx: Context, actor: Actor, id: string, input: CarrierStateInput): Promise<CarrierWithScope> {
  authorize(actor, 'secrecy.manage');
  await writeAudited(ctx, actor, async (trx) => {
    const carrier = await loadCarrierForWrite(trx, actor, id);
    if (carrier.state !== 'held') {
      throw conflict('carrier_not_held', { title: carrier.title, state: carrier.state, stateOn: carrier.state_on, next: input.state });
    }
    if (input.on < carrier.issued_on) throw new AppError(422, 'date_before_issued', { on: input.on, issued_on: carrier.issued_on }, { code: 'invalid_date' });
    await trx
      .updateTable('carriers')
      .set({ state: input.state, state_on: input.on, state_witness: input.witness, updated_at: now() })
      .where('id', '=', id)
      .execute();
    return {
      result: undefined,
      audit: { action: `carrier.${input.state === 'returned' ? 'return' : 'destroy'}`, objectType: 'carrier', objectId: id, level: RECORD_LEVEL, detail: { ...input } },
    };
  });
  return (await loadCarrier(ctx.database.db, actor, id))!;
}

/** Replaces who may know a carrier; every change names its approval and is logged with what was added and removed. */
export async function setCarrierScope(ctx: Context, actor: Actor, id: string, input: ScopeInput): Promise<CarrierWithScope> {
  authorize(actor, 'secrecy.manage');
  await writeAudited(ctx, actor, async (trx) => {
    await loadCarrierForWrite(trx, actor, id);
    const current = await trx.selectFrom('carrier_scope').select(['subject_type', 'subject_id']).where('carrier_id', '=', id).execute();
    const key = (s: { subject_type: string; subject_id: string }) => `${s.subject_type}:${s.subject_id}`;
    // Entries naming people or units the writer may not know stay as they are: sending them back
    // keeps them, leaving them out is refused (nobody changes what they may not know).
    const people = await knownIds(trx, actor, 'person', current.filter((s) => s.subject_type === 'person').map((s) => s.subject_id));
    const units = await knownIds(trx, actor, 'unit', current.filter((s) => s.subject_type === 'unit').map((s) => s.subject_id));
    const hidden = new Set(current.filter((s) => !(s.subject_type === 'unit' ? units : people).has(s.subject_id)).map(key));
    const currentKeys = new Set(current.map(key));
    const wanted = await checkScope(trx, actor, input, currentKeys);
    const wantedKeys = new Set(wanted.map(key));
    const added = wanted.filter((s) => !currentKeys.has(key(s)));
    const removed = current.filter((s) => !wantedKeys.has(key(s)));
    if (removed.some((s) => hidden.has(key(s)))) {
      throw forbidden('scope_names_hidden');
    }
    for (const s of removed) {
      await trx
        .deleteFrom('carrier_scope')
        .where('carrier_id', '=', id)
        .where('subject_type', '=', s.subject_type)
        .where('subject_id', '=', s.subject_id)
        .execute();
    }
    if (added.length > 0) {
      const stamp = now();
      await trx
        .insertInto('carrier_scope')
        .values(added.map((s) => ({ ...s, carrier_id: id, approved_by: input.approvedBy, added_by: actor.id, added_at: stamp })))
        .execute();
    }
    return {
      result: undefined,
      audit: { action: 'carrier.scope', objectType: 'carrier', objectId: id, level: RECORD_LEVEL, detail: { approvedBy: input.approvedBy, added, removed } },
    };
  });
  return (await loadCarrier(ctx.database.db, actor, id))!;
}
