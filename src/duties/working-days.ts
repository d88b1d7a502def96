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
  return calendarOf(await db.selectFrom('duty_holidays').select(['day', 'kind']).execute());
}

export function calendarOf(holidays: readonly { day: string; kind: string }[]): Calendar {
  return { kinds: new Map(holidays.map((r) => [r.day, r.kind as HolidayKind])) };
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

// Day numbers are shifted by a whole number of weeks, so the ones before 1970 stay positive and keep their weekday.
const DAY_SHIFT = 7 * 100_000;
// Day 0 (1970-01-01) was a Thursday; Monday to Friday among the first r days of a week counted from a Thursday.
const WEEKDAYS_IN_FIRST = [0, 1, 2, 2, 2, 3, 4];

/** Monday-to-Friday days from the shifted day 0 to `day` inclusive. */
function weekdaysThrough(day: string): number {
  const n = toTime(day) / DAY_MS + DAY_SHIFT + 1;
  return Math.floor(n / 7) * 5 + WEEKDAYS_IN_FIRST[n % 7]!;
}

/**
 * Working days d with from < d ≤ to (0 when to is not after from). "Due within 3 working days" reads
 * this. Counted, not walked: the weekdays of the span, less the holidays on a weekday, plus the
 * worked weekend days the calendar names in it (a list page reads it for every task, and a deadline
 * can be years away).
 */
export function workingDaysUntil(calendar: Calendar, from: string, to: string): number {
  if (to <= from) return 0;
  let count = weekdaysThrough(to) - weekdaysThrough(from);
  for (const [day, kind] of calendar.kinds) {
    if (day <= from || day > to) continue;
    const weekday = new Date(toTime(day)).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (kind === 'holiday' && !weekend) count--;
    else if (kind === 'workday' && weekend) count++;
  }
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
