import { shiftDay, workingDayOnOrBefore, workingDaysUntil, workingDaysBetween, type Calendar } from './working-days.ts';
import type { Light, LightReason, ReportFrequency, TaskState } from './vocabulary.ts';
import { FINISHED_STATES, OPEN_STATES, WORKING_STATES } from './vocabulary.ts';

/**
 * Traffic lights (docs/duties-api.md): grey when finished; red when overdue, sent back, a report is
 * overdue or acceptance is late; yellow when the deadline or the next report falls due within the
 * window of working days, or progress lags the milestone plan; green otherwise.
 */
export interface LightSettings {
  acceptDays: number;
  yellowDays: number;
}

export interface LightTask {
  state: string;
  deadline: string;
  progress: number;
  sent_back: number;
  assigned_at: string | null;
  accepted_at: string | null;
  report_frequency: string;
  report_dates: string | null;
}

export interface Period {
  period: string;
  due: string;
}

export interface LightResult {
  light: Light;
  reasons: LightReason[];
  /** The earliest reporting period without a report (its due day may have passed), or null. */
  nextReportDue: Period | null;
  /** Periods whose due day has passed with no report. */
  overdueReports: string[];
  /** Working days past the deadline (0 when not overdue). */
  workingDaysOverdue: number;
}

/** Timestamps are UTC; days in China start eight hours earlier. */
export function chinaDay(at: string | Date): string {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 10);
}

function isoWeek(day: string): { key: string; monday: string } {
  const t = new Date(`${day}T00:00:00Z`);
  const weekday = (t.getUTCDay() + 6) % 7;
  const monday = shiftDay(day, -weekday);
  const thursday = new Date(`${shiftDay(monday, 3)}T00:00:00Z`);
  const year = thursday.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1Monday = shiftDay(jan4.toISOString().slice(0, 10), -((jan4.getUTCDay() + 6) % 7));
  const week = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${week1Monday}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday };
}

const lastOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * The reporting periods of a task from `start` (its acceptance) to its deadline: each is due on the
 * last working day of its week, month or quarter (never after the deadline), or on a listed date.
 */
export function reportPeriods(calendar: Calendar, frequency: ReportFrequency | string, dates: readonly string[], start: string, deadline: string): Period[] {
  if (deadline < start) return [];
  const periods: Period[] = [];
  const push = (period: string, end: string) => {
    const due = workingDayOnOrBefore(calendar, end < deadline ? end : deadline);
    if (due >= start) periods.push({ period, due });
  };
  if (frequency === 'dates') {
    for (const d of [...new Set(dates)].sort()) if (d >= start && d <= deadline) periods.push({ period: d, due: d });
  } else if (frequency === 'weekly') {
    for (let { key, monday } = isoWeek(start); monday <= deadline; { key, monday } = isoWeek(shiftDay(monday, 7))) push(key, shiftDay(monday, 6));
  } else if (frequency === 'monthly' || frequency === 'quarterly') {
    const step = frequency === 'monthly' ? 1 : 3;
    let year = Number(start.slice(0, 4));
    let month = Number(start.slice(5, 7));
    if (step === 3) month = month - ((month - 1) % 3);
    for (;;) {
      const first = `${year}-${String(month).padStart(2, '0')}-01`;
      if (first > deadline) break;
      const endMonth = month + step - 1;
      const key = step === 1 ? `${year}-${String(month).padStart(2, '0')}` : `${year}-Q${(month + 2) / 3}`;
      push(key, lastOfMonth(year, endMonth));
      month += step;
      if (month > 12) {
        month -= 12;
        year++;
      }
    }
  }
  return periods;
}

export const datesOf = (task: Pick<LightTask, 'report_dates'>): string[] => (task.report_dates ? (JSON.parse(task.report_dates) as string[]) : []);

/** The periods a task owes reports for: from acceptance to the deadline, while the unit works on it. */
export function periodsOf(calendar: Calendar, task: LightTask): Period[] {
  if (!task.accepted_at) return [];
  return reportPeriods(calendar, task.report_frequency, datesOf(task), chinaDay(task.accepted_at), task.deadline);
}

/** Share of milestone weight due by `today`, in percent: what the plan says should be done. */
export function plannedProgress(milestones: readonly { due_date: string; weight: number }[], today: string): number | null {
  const total = milestones.reduce((s, m) => s + m.weight, 0);
  if (total <= 0) return null;
  return (100 * milestones.filter((m) => m.due_date <= today).reduce((s, m) => s + m.weight, 0)) / total;
}

export function lightOf(
  task: LightTask,
  calendar: Calendar,
  today: string,
  settings: LightSettings,
  reportedPeriods: ReadonlySet<string>,
  milestones: readonly { due_date: string; weight: number }[],
): LightResult {
  const state = task.state as TaskState;
  const none: LightResult = { light: 'grey', reasons: [], nextReportDue: null, overdueReports: [], workingDaysOverdue: 0 };
  if (FINISHED_STATES.includes(state)) return none;
  const reasons: LightReason[] = [];
  const open = OPEN_STATES.includes(state);
  const overdue = open && today > task.deadline;
  if (overdue) reasons.push('overdue');
  if (task.sent_back) reasons.push('sent_back');
  const owed = WORKING_STATES.includes(state) ? periodsOf(calendar, task).filter((p) => !reportedPeriods.has(p.period)) : [];
  const overdueReports = owed.filter((p) => p.due < today).map((p) => p.period);
  if (overdueReports.length > 0) reasons.push('report_overdue');
  if (state === 'assigned' && task.assigned_at && workingDaysUntil(calendar, chinaDay(task.assigned_at), today) > settings.acceptDays) reasons.push('accept_overdue');
  if (open && !overdue && workingDaysUntil(calendar, today, task.deadline) <= settings.yellowDays) reasons.push('deadline_soon');
  const next = owed.find((p) => p.due >= today) ?? null;
  if (next && workingDaysUntil(calendar, today, next.due) <= settings.yellowDays) reasons.push('report_soon');
  const planned = open ? plannedProgress(milestones, today) : null;
  if (planned !== null && task.progress < planned) reasons.push('behind_plan');
  const red: LightReason[] = ['overdue', 'sent_back', 'report_overdue', 'accept_overdue'];
  const light: Light = reasons.some((r) => red.includes(r)) ? 'red' : reasons.length > 0 ? 'yellow' : 'green';
  return {
    light,
    reasons,
    nextReportDue: owed[0] ?? null,
    overdueReports,
    workingDaysOverdue: overdue ? workingDaysBetween(calendar, task.deadline, today) : 0,
  };
}
