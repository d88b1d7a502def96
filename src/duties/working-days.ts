import type { Executor } from '../db/database.ts';
import type { HolidayKind } from './vocabulary.ts';

/**
 * Working days (工作日): Monday to Friday, except the public holidays of the calendar, plus the
 * adjusted working days (调休) that fall on a weekend. The admin keeps the calendar (one yearly list
 * imported at a time); a day the calendar does not name follows the weekday.
 */
export interface Calendar {
  readonly kinds: ReadonlyMap<string, HolidayKind>;
}

export const emptyCalendar: Calendar = { kinds: new Map() };

export async function workingCalendar(db: Executor): Promise<Calendar> {
  const rows = await db.selectFrom('duty_holidays').select(['day', 'kind']).execute();
  return { kinds: new Map(rows.map((r) => [r.day, r.kind as HolidayKind])) };
}

const DAY_MS = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);

export function shiftDay(day: string, days: number): string {
  return toDay(toTime(day) + days * DAY_MS);
}

export function isWorkingDay(calendar: Calendar, day: string): boolean {
  const kind = calendar.kinds.get(day);
  if (kind === 'holiday') return false;
  if (kind === 'workday') return true;
  const weekday = new Date(toTime(day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Working days d with from < d ≤ to (0 when to is not after from). "Due within 3 working days" reads this. */
export function workingDaysUntil(calendar: Calendar, from: string, to: string): number {
  let count = 0;
  for (let day = shiftDay(from, 1); day <= to; day = shiftDay(day, 1)) if (isWorkingDay(calendar, day)) count++;
  return count;
}

/** Signed: working days from `from` to `to`, negative when `to` is earlier. */
export function workingDaysBetween(calendar: Calendar, from: string, to: string): number {
  return to >= from ? workingDaysUntil(calendar, from, to) : -workingDaysUntil(calendar, to, from);
}

/** The day `n` working days after `day` (n ≥ 0; 0 gives the day itself). */
export function addWorkingDays(calendar: Calendar, day: string, n: number): string {
  let at = day;
  for (let left = n; left > 0; ) {
    at = shiftDay(at, 1);
    if (isWorkingDay(calendar, at)) left--;
  }
  return at;
}

/** The last working day on or before `day`, looking back at most a month (a calendar of holidays only would never end). */
export function workingDayOnOrBefore(calendar: Calendar, day: string): string {
  for (let at = day, i = 0; i < 31; at = shiftDay(at, -1), i++) if (isWorkingDay(calendar, at)) return at;
  return day;
}
