import type { Context } from '../context.ts';
import type { DutyHoliday } from '../db/duty-tables.ts';
import { writeAudited } from '../db/write.ts';
import { notFound, unprocessable } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { authorize } from '../security/policy.ts';
import type { HolidayKind } from './vocabulary.ts';

/**
 * The holiday calendar working days follow: public holidays and the adjusted working days (调休)
 * the State Council announces each year. The admin imports a year's list (replacing that year) or
 * edits single days. Public information, so no level and no read audit.
 */
export interface HolidayInput {
  day: string;
  kind: HolidayKind;
  name: string;
}

export async function listHolidays(ctx: Context, actor: Actor, year?: number): Promise<DutyHoliday[]> {
  authorize(actor, 'duties.read');
  let query = ctx.database.db.selectFrom('duty_holidays').selectAll();
  if (year) query = query.where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`);
  return query.orderBy('day').execute();
}

export async function importHolidayYear(ctx: Context, actor: Actor, year: number, items: readonly HolidayInput[]): Promise<DutyHoliday[]> {
  authorize(actor, 'duties.calendar');
  const outside = items.filter((i) => !i.day.startsWith(`${year}-`)).map((i) => i.day);
  if (outside.length > 0) throw unprocessable('outside_year', { year, outside }, { days: outside });
  const days = items.map((i) => i.day);
  const twice = days.filter((d, i) => days.indexOf(d) !== i);
  if (twice.length > 0) throw unprocessable('duplicate_day', { days: [...new Set(twice)] }, { days: twice });
  await writeAudited(ctx, actor, async (trx) => {
    await trx.deleteFrom('duty_holidays').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
    if (items.length > 0) await trx.insertInto('duty_holidays').values(items.map((i) => ({ day: i.day, kind: i.kind, name: i.name }))).execute();
    return { result: undefined, audit: { action: 'duty_holiday.import', objectType: 'duty_holiday', objectId: String(year), level: 'public', detail: { year, holidays: items.filter((i) => i.kind === 'holiday').length, workdays: items.filter((i) => i.kind === 'workday').length } } };
  });
  return listHolidays(ctx, actor, year);
}

export async function putHoliday(ctx: Context, actor: Actor, input: HolidayInput): Promise<DutyHoliday> {
  authorize(actor, 'duties.calendar');
  await writeAudited(ctx, actor, async (trx) => {
    await trx.deleteFrom('duty_holidays').where('day', '=', input.day).execute();
    await trx.insertInto('duty_holidays').values({ day: input.day, kind: input.kind, name: input.name }).execute();
    return { result: undefined, audit: { action: 'duty_holiday.set', objectType: 'duty_holiday', objectId: input.day, level: 'public', detail: { ...input } } };
  });
  return { day: input.day, kind: input.kind, name: input.name };
}

export async function deleteHoliday(ctx: Context, actor: Actor, day: string): Promise<void> {
  authorize(actor, 'duties.calendar');
  await writeAudited(ctx, actor, async (trx) => {
    const row = await trx.deleteFrom('duty_holidays').where('day', '=', day).returning('day').executeTakeFirst();
    if (!row) throw notFound('calendar_day', day);
    return { result: undefined, audit: { action: 'duty_holiday.delete', objectType: 'duty_holiday', objectId: day, level: 'public' } };
  });
}
