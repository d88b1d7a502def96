import type { Context } from '../context.ts';
import { inChunks } from '../db/chunks.ts';
import type { DutyTask } from '../db/duty-tables.ts';
import { badRequest } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { joinedNames, type JoinedName } from '../security/joined-names.ts';
import { highestOf, type Level } from '../security/levels.ts';
import { markOf } from '../security/marks.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { auditListRead } from '../security/reads.ts';
import { tasksQuery } from './access.ts';
import { chinaDay } from './lights.ts';
import { workingCalendar, workingDaysBetween } from './working-days.ts';

/**
 * The bulletin (通报) of a period: per responsibility area and per lead unit, how many tasks were
 * assigned, finished on time, overdue, sent back and closed, with the overdue tasks named. It counts
 * only tasks the reader may read (the same filter as every list), and takes the highest level among
 * them, as a compilation does.
 *
 * Within the period [from, to] (days in China), as of its last day (or today while it runs):
 * - assigned: assigned during the period;
 * - on time: completion reported during the period, on or before the deadline;
 * - overdue: the deadline passed before the period's last day and the task was not done by then, or
 *   its completion came late during the period (cancelled ones excepted);
 * - sent back: completion reports sent back during the period (a task sent back twice counts twice);
 * - closed: closed during the period.
 */
export interface BulletinCounts {
  assigned: number;
  onTime: number;
  overdue: number;
  sentBack: number;
  closed: number;
}

export interface BulletinRow extends BulletinCounts {
  id: string | null;
  name: string | null;
  nameEn: string | null;
  hidden: boolean;
}

export interface OverdueTask {
  id: string;
  code: string;
  title: string;
  level: Level;
  leadUnit: JoinedName & { id: string | null };
  deadline: string;
  workingDaysOverdue: number;
  done: boolean;
}

export interface Bulletin {
  from: string;
  to: string;
  asOf: string;
  level: Level;
  mark: string | null;
  totals: BulletinCounts;
  areas: BulletinRow[];
  units: BulletinRow[];
  overdueTasks: OverdueTask[];
}

const zero = (): BulletinCounts => ({ assigned: 0, onTime: 0, overdue: 0, sentBack: 0, closed: 0 });
const within = (day: string | null, from: string, to: string) => day !== null && day >= from && day <= to;
const dayOf = (at: string | null) => (at ? chinaDay(at) : null);
const MAX_DAYS = 366 * 5;
const HIDDEN_KEY = '(hidden)';

export async function bulletin(ctx: Context, actor: Actor, period: { from: string; to: string }, action: 'list' | 'export' = 'list'): Promise<Bulletin> {
  authorize(actor, 'duties.read');
  const { from, to } = period;
  if (to < from) throw badRequest('period_reversed', {}, { from, to });
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) throw badRequest('bulletin_period_too_long', {}, { from, to });
  const db = ctx.database.db;
  const today = chinaDay(new Date());
  const asOf = to < today ? to : today;
  const tasks: DutyTask[] = await tasksQuery(db, actor).selectAll().where('duty_tasks.assigned_at', 'is not', null).where('duty_tasks.state', '!=', 'registered').execute();
  const ids = tasks.map((t) => t.id);
  const sendBacks = new Map<string, number>();
  const events = await inChunks(ids, (chunk) => db.selectFrom('duty_events').select(['task_id', 'at']).where('kind', '=', 'sent_back').where('task_id', 'in', chunk).execute());
  for (const e of events) if (within(chinaDay(e.at), from, to)) sendBacks.set(e.task_id, (sendBacks.get(e.task_id) ?? 0) + 1);
  const calendar = await workingCalendar(db);
  const areaRows = await db.selectFrom('duty_areas').select(['id', 'name', 'name_en']).where('level', 'in', readableLevels(actor)).execute();
  const nameOf = await joinedNames(db, actor, tasks.map((t) => ({ type: 'unit' as const, id: t.lead_unit_id })));

  const totals = zero();
  const byArea = new Map<string | null, BulletinCounts>();
  const byUnit = new Map<string | null, BulletinCounts>();
  const counted: DutyTask[] = [];
  const overdueTasks: OverdueTask[] = [];
  for (const task of tasks) {
    const completed = dayOf(task.completed_at);
    const cancelled = dayOf(task.cancelled_at);
    const late = task.deadline < asOf && !(cancelled !== null && cancelled <= task.deadline) && (completed === null ? cancelled === null || cancelled >= from : completed > task.deadline && completed >= from && completed <= to);
    const counts: BulletinCounts = {
      assigned: within(dayOf(task.assigned_at), from, to) ? 1 : 0,
      onTime: within(completed, from, to) && completed! <= task.deadline ? 1 : 0,
      overdue: late ? 1 : 0,
      sentBack: sendBacks.get(task.id) ?? 0,
      closed: within(dayOf(task.closed_at), from, to) ? 1 : 0,
    };
    if (Object.values(counts).every((n) => n === 0)) continue;
    counted.push(task);
    const area = areaRows.some((a) => a.id === task.area_id) ? task.area_id : null;
    // Units the reader may not know are one row, so the bulletin does not tell how many there are.
    const unitKey = task.lead_unit_id && nameOf('unit', task.lead_unit_id).hidden ? HIDDEN_KEY : task.lead_unit_id;
    for (const [map, key] of [[byArea, area], [byUnit, unitKey]] as const) {
      const row = map.get(key) ?? zero();
      for (const k of Object.keys(counts) as (keyof BulletinCounts)[]) row[k] += counts[k];
      map.set(key, row);
    }
    for (const k of Object.keys(counts) as (keyof BulletinCounts)[]) totals[k] += counts[k];
    if (late) {
      const unit = nameOf('unit', task.lead_unit_id);
      overdueTasks.push({
        id: task.id,
        code: task.code,
        title: task.title,
        level: task.level,
        leadUnit: { ...unit, id: unit.hidden ? null : task.lead_unit_id },
        deadline: task.deadline,
        workingDaysOverdue: workingDaysBetween(calendar, task.deadline, completed ?? asOf),
        done: completed !== null,
      });
    }
  }
  await auditListRead(ctx, actor, 'duty_task', action, counted);
  const areaName = (id: string | null): JoinedName => {
    const area = areaRows.find((a) => a.id === id);
    return area ? { name: area.name, nameEn: area.name_en, hidden: false } : { name: null, nameEn: null, hidden: false };
  };
  const rows = (map: Map<string | null, BulletinCounts>, name: (id: string | null) => JoinedName): BulletinRow[] =>
    [...map.entries()]
      .map(([id, counts]) => {
        const n = name(id);
        return { id: n.hidden ? null : id, name: n.name, nameEn: n.nameEn, hidden: n.hidden, ...counts };
      })
      .sort((a, b) => b.overdue - a.overdue || b.assigned - a.assigned || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'zh-CN'));
  const level = counted.length > 0 ? highestOf(counted.map((t) => t.level)) : 'public';
  return {
    from,
    to,
    asOf,
    level,
    mark: markOf(level),
    totals,
    areas: rows(byArea, areaName),
    units: rows(byUnit, (id) => (id === HIDDEN_KEY ? { name: null, nameEn: null, hidden: true } : id ? nameOf('unit', id) : { name: null, nameEn: null, hidden: false })),
    overdueTasks: overdueTasks.sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue || a.code.localeCompare(b.code)),
  };
}
