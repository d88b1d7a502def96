import { hostname } from 'node:os';
import type { Context } from '../context.ts';
import type { DutyTask } from '../db/duty-tables.ts';
import type { Trx } from '../db/database.ts';
import { acquireLease, DEFAULT_LEASE_MS, releaseLease, renewLease, startJobTimer, type JobTimer } from '../db/jobs.ts';
import { isIn } from '../db/together.ts';
import { writeAudited } from '../db/write.ts';
import { newId, now } from '../ids.ts';
import type { NotificationKind } from '../notify/kinds.ts';
import { notifyUsers, usersOfPeople } from '../notify/notifications.ts';
import { systemActor } from '../security/actor.ts';
import type { AuditEntry } from '../security/audit.ts';
import { recordTaskEvent } from './events.ts';
import { chinaDay, type LightResult } from './lights.ts';
import { officeUsers, unitHeads } from './notify-task.ts';
import { lightSettings, lightsOf } from './views.ts';
import { workingCalendar } from './working-days.ts';

/**
 * Supervision (督查): each tick, on the day in China, looks at every assigned, open task and takes the
 * steps its light calls for, each once per task and per deadline or reporting period:
 * - due soon (the deadline within the yellow window of working days): tell the responsible person;
 * - overdue: tell the head of the lead unit;
 * - overdue by REMIT_DUTIES_ESCALATE_DAYS working days: tell the lead leader and the supervision office;
 * - a report due soon: tell the responsible person; a report overdue (itself an overdue): tell the
 *   responsible person and the head of the lead unit.
 * "Once" is a row in supervision_steps (unique per task, step and key) written in the transaction
 * that makes the notifications, the timeline event and the audit event, so two processes, or a tick
 * repeated after a lease ran out, never take a step twice. A new deadline (an extension) is a new key.
 */
export const SUPERVISION_JOB = 'duties.supervision';
export const DEFAULT_SUPERVISION_INTERVAL_MS = 30 * 60 * 1000;
const ACTIVE_STATES = ['assigned', 'accepted', 'returned', 'in_progress', 'completion_reported'];

export const STEPS = ['due_soon', 'overdue', 'escalated', 'report_due', 'report_overdue'] as const;
export type Step = (typeof STEPS)[number];

const STEP_KIND: Record<Step, NotificationKind> = {
  due_soon: 'task_due_soon',
  overdue: 'task_overdue',
  escalated: 'task_escalated',
  report_due: 'task_report_due',
  report_overdue: 'task_report_overdue',
};

const defaultRunner = `${hostname()}:${process.pid}`;
const schedulerActor = () => systemActor('duties-scheduler');

export interface SupervisionRun {
  ran: boolean;
  day: string;
  /** Steps taken this run, by kind. */
  steps: Record<Step, number>;
  notifications: number;
}

interface PlannedStep {
  step: Step;
  key: string;
  recipients: () => Promise<string[]>;
}

function plan(ctx: Context, task: DutyTask, light: LightResult, day: string): PlannedStep[] {
  const db = ctx.database.db;
  const responsible = () => usersOfPeople(db, [task.responsible_person_id]);
  const unitHead = async () => usersOfPeople(db, await unitHeads(db, [task.lead_unit_id], day));
  const steps: PlannedStep[] = [];
  if (light.reasons.includes('deadline_soon')) steps.push({ step: 'due_soon', key: task.deadline, recipients: responsible });
  if (light.reasons.includes('overdue')) {
    steps.push({ step: 'overdue', key: task.deadline, recipients: unitHead });
    if (light.workingDaysOverdue >= ctx.settings.dutiesEscalateDays) {
      steps.push({ step: 'escalated', key: task.deadline, recipients: async () => [...(await usersOfPeople(db, [task.lead_leader_person_id])), ...(await officeUsers(db))] });
    }
  }
  if (light.reasons.includes('report_soon') && light.nextReportDue && light.nextReportDue.due >= day) {
    steps.push({ step: 'report_due', key: light.nextReportDue.period, recipients: responsible });
  }
  for (const period of light.overdueReports) {
    steps.push({ step: 'report_overdue', key: period, recipients: async () => [...(await responsible()), ...(await unitHead())] });
  }
  return steps;
}

/** Takes one step once, inside `trx`: null when it was already taken (here or in another process). */
async function takeStep(ctx: Context, trx: Trx, task: DutyTask, planned: PlannedStep, recipients: string[], day: string): Promise<{ notified: number; audit: AuditEntry } | null> {
  const inserted = await trx
    .insertInto('supervision_steps')
    .values({ id: newId(), task_id: task.id, step: planned.step, step_key: planned.key, recipients: 0, fired_on: day, created_at: now() })
    .onConflict((oc) => oc.columns(['task_id', 'step', 'step_key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
  const notified = await notifyUsers(ctx, trx, {
    recipientUserIds: recipients,
    kind: STEP_KIND[planned.step],
    objectType: 'duty_task',
    objectId: task.id,
    dedupeKey: `${planned.step}:${task.id}:${planned.key}`,
  });
  await trx.updateTable('supervision_steps').set({ recipients: notified.length }).where('task_id', '=', task.id).where('step', '=', planned.step).where('step_key', '=', planned.key).execute();
  await recordTaskEvent(trx, schedulerActor(), task.id, { kind: planned.step, detail: { key: planned.key, day, notified: notified.length } });
  return {
    notified: notified.length,
    audit: { action: `duty_task.${planned.step}`, objectType: 'duty_task', objectId: task.id, level: task.level, detail: { key: planned.key, day, notifiedUserIds: notified } },
  };
}

/** A step to take, with whom it tells (looked up before its transaction, which then holds only writes). */
interface Due {
  task: DutyTask;
  planned: PlannedStep;
  recipients: string[];
}

/**
 * Takes the steps of `due` in one transaction (one commit, one sync of the disk, for up to
 * STEPS_A_COMMIT steps). Should it fail, each step is tried in a transaction of its own, so one step
 * that cannot be taken does not hold back the others; the first error is answered, not thrown.
 */
async function takeSteps(ctx: Context, due: readonly Due[], day: string, run: SupervisionRun): Promise<unknown> {
  const together = async (batch: readonly Due[]) =>
    writeAudited(ctx, schedulerActor(), async (trx) => {
      const taken: { step: Step; notified: number }[] = [];
      const audit: AuditEntry[] = [];
      for (const { task, planned, recipients } of batch) {
        const done = await takeStep(ctx, trx, task, planned, recipients, day);
        if (!done) continue;
        taken.push({ step: planned.step, notified: done.notified });
        audit.push(done.audit);
      }
      return { result: taken, audit };
    });
  const count = (taken: { step: Step; notified: number }[]) => {
    for (const { step, notified } of taken) {
      run.steps[step]++;
      run.notifications += notified;
    }
  };
  try {
    count(await together(due));
    return undefined;
  } catch (error) {
    if (due.length === 1) return error;
    let first: unknown;
    for (const one of due) {
      try {
        count(await together([one]));
      } catch (stepError) {
        first ??= stepError;
      }
    }
    return first;
  }
}

/** Tasks read, and steps committed, this many at a time. */
const TASKS_A_PAGE = 500;
const STEPS_A_COMMIT = 100;

/**
 * One supervision run as of `at` (the clock is injectable for tests); only the holder of the lease
 * runs. The active tasks are read a page at a time in deadline order; steps already taken (nearly
 * all of them, every run after the first) are found for a page in one query rather than tried one
 * by one; the rest are taken a batch at a time, and the run lets requests in between pages and
 * renews its lease as it goes. A deployment can hold hundreds of thousands of active tasks: one
 * transaction a step made a run over them hold the database for minutes.
 */
export async function runSupervisionOnce(ctx: Context, at: Date = new Date(), runner: string = defaultRunner, options: { now?: boolean } = {}): Promise<SupervisionRun> {
  const day = chinaDay(at);
  const run: SupervisionRun = { ran: false, day, steps: { due_soon: 0, overdue: 0, escalated: 0, report_due: 0, report_overdue: 0 }, notifications: 0 };
  if (!(await acquireLease(ctx.database.db, SUPERVISION_JOB, runner, at, undefined, options.now))) return run;
  let finished = false;
  const started = Date.now();
  let failed: unknown;
  try {
    const db = ctx.database.db;
    const calendar = await workingCalendar(db);
    let after: { deadline: string; id: string } | undefined;
    for (;;) {
      let page = db.selectFrom('duty_tasks').selectAll().where('state', 'in', ACTIVE_STATES);
      if (after) {
        const { deadline, id } = after;
        page = page.where((eb) => eb.or([eb('deadline', '>', deadline), eb.and([eb('deadline', '=', deadline), eb('id', '>', id)])]));
      }
      const tasks = await page.orderBy('deadline').orderBy('id').limit(TASKS_A_PAGE).execute();
      if (tasks.length === 0) break;
      after = tasks.at(-1)!;
      const lights = await lightsOf(ctx.database, tasks, day, lightSettings(ctx), { calendar });
      const taken = new Set(
        (await db.selectFrom('supervision_steps').select(['task_id', 'step', 'step_key']).where(isIn(ctx.database.dialect, 'task_id', tasks.map((t) => t.id))).execute()).map(
          (s) => `${s.task_id}\u0000${s.step}\u0000${s.step_key}`,
        ),
      );
      const due: Due[] = [];
      for (const task of tasks) {
        for (const planned of plan(ctx, task, lights.get(task.id)!, day)) {
          if (!taken.has(`${task.id}\u0000${planned.step}\u0000${planned.key}`)) due.push({ task, planned, recipients: await planned.recipients() });
        }
      }
      for (let i = 0; i < due.length; i += STEPS_A_COMMIT) {
        const error = await takeSteps(ctx, due.slice(i, i + STEPS_A_COMMIT), day, run);
        failed ??= error;
      }
      // Another process may take the lease once it runs out; a run that lost it stops here.
      if (!(await renewLease(db, SUPERVISION_JOB, runner, new Date(at.getTime() + (Date.now() - started) + DEFAULT_LEASE_MS)))) return run;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A step that could not be taken is tried again next run; the others went on without it.
    if (failed !== undefined) throw failed;
    run.ran = true;
    finished = true;
    return run;
  } finally {
    await releaseLease(ctx.database.db, SUPERVISION_JOB, runner, finished ? at : null);
  }
}

/** Every process runs the timer; the lease lets one of them do each tick. `clock` gives the time of a tick (tests move it). */
export function startSupervisionScheduler(ctx: Context, options: { intervalMs?: number; firstDelayMs?: number; clock?: () => Date; log?: (error: unknown) => void } = {}): JobTimer {
  const clock = options.clock ?? (() => new Date());
  return startJobTimer(() => runSupervisionOnce(ctx, clock()), { intervalMs: options.intervalMs ?? DEFAULT_SUPERVISION_INTERVAL_MS, firstDelayMs: options.firstDelayMs ?? 10_000, log: options.log });
}
