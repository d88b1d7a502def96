import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { badRequest } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { assertMayClassify, readableLevels } from '../security/policy.ts';

/**
 * Secrecy records describe secrets (who may know what, where a carrier is kept); they never hold
 * them, so each is kept at internal level whatever the level of what it describes.
 */
export const RECORD_LEVEL: Level = 'internal';

/** A secrecy record is written at internal level, so the writer and the deployment must allow that much. */
export function assertMayWriteRecord(ctx: Context, actor: Actor): void {
  assertMayClassify(actor, RECORD_LEVEL, ctx.settings.ceiling);
}

/** The named person exists and the actor may see them; otherwise a 400 naming the field. */
export async function assertPerson(db: Executor, actor: Actor, personId: string, field = 'person'): Promise<{ id: string; name: string }> {
  const person = await db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('id', '=', personId)
    .where('level', 'in', readableLevels(actor))
    .executeTakeFirst();
  if (!person) throw badRequest('referenced_record_missing', { field, id: personId });
  return person;
}

export async function assertUnit(db: Executor, actor: Actor, unitId: string, field = 'unit'): Promise<{ id: string; name: string }> {
  const unit = await db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', '=', unitId)
    .where('level', 'in', readableLevels(actor))
    .executeTakeFirst();
  if (!unit) throw badRequest('referenced_record_missing', { field, id: unitId });
  return unit;
}

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in China (UTC+8) at an instant, as YYYY-MM-DD: periods end on local days. */
export function localDay(at: Date): string {
  return SHANGHAI_DAY.format(at);
}

/** Adds days to a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}
