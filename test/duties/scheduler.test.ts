import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Context } from '../../src/context.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { runSupervisionOnce, startSupervisionScheduler, type SupervisionRun } from '../../src/duties/scheduler.ts';
import { sendDueMail, smtpTransport } from '../../src/notify/outbox.ts';
import { createUser } from '../../src/org/accounts.ts';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor } from '../../src/security/actor.ts';
import type { Role } from '../../src/security/roles.ts';
import { DIALECTS, freshContext, POSTGRES_URL, testSettings } from '../helpers/db.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { plantTask } from '../notify/fixtures.ts';

/** 9:00 in China on a day (the scheduler works by the day in China). */
const chinaMorning = (day: string) => new Date(`${day}T01:00:00Z`);

// The 2023 Spring Festival: 21–27 January off, Saturday 28 and Sunday 29 January worked (调休).
const SPRING_FESTIVAL_2023 = [
  ...['21', '22', '23', '24', '25', '26', '27'].map((d) => ({ day: `2023-01-${d}`, kind: 'holiday', name: '春节' })),
  { day: '2023-01-28', kind: 'workday', name: '春节调休' },
  { day: '2023-01-29', kind: 'workday', name: '春节调休' },
];

describe.each(DIALECTS)('supervision scheduler (%s)', (dialect) => {
  let smtp: TestSmtp;
  let ctx: Context;
  let other: Context;
  let otherDb: Database;
  let dispose: () => Promise<void>;
  const users: Record<string, string> = {};
  let task: { id: string; code: string };
  let reporting: { id: string; code: string };

  const inbox = async (who: string) =>
    (await ctx.database.db.selectFrom('notifications').select(['kind', 'object_id']).where('recipient_user_id', '=', users[who]!).orderBy('created_at').execute()).map((n) => `${n.kind}:${n.object_id === task.id ? 'task' : 'reporting'}`);
  const stepsOf = (run: SupervisionRun) => Object.entries(run.steps).filter(([, n]) => n > 0).map(([step, n]) => `${step}×${n}`);

  beforeAll(async () => {
    smtp = await startSmtp();
    const fresh = await freshContext(dialect, { REMIT_SMTP_URL: smtp.url, REMIT_DUTIES_YELLOW_DAYS: '3', REMIT_DUTIES_ESCALATE_DAYS: '5' });
    ctx = fresh.ctx;
    dispose = fresh.dispose;
    // A second process on the same database.
    otherDb = fresh.env.TARGET_SQLITE ? await openDatabase({ sqlite: fresh.env.TARGET_SQLITE }) : await openDatabase({ url: POSTGRES_URL, schema: fresh.env.TARGET_SCHEMA!, poolSize: 3 });
    other = { database: otherDb, settings: testSettings({ REMIT_SMTP_URL: smtp.url, REMIT_DUTIES_YELLOW_DAYS: '3', REMIT_DUTIES_ESCALATE_DAYS: '5' }) };

    const admin = systemActor('test');
    await ctx.database.db.insertInto('duty_holidays').values(SPRING_FESTIVAL_2023).execute();
    const unit = await createUnit(ctx, admin, { name: '市委保密办', kind: 'department' });
    const person = async (name: string, email: string) => (await createPerson(ctx, admin, { name, email })).id;
    const head = await person('王振华', 'head@example.org');
    const clerk = await person('李文静', 'clerk@example.org');
    const leader = await person('陈立明', 'leader@example.org');
    const office = await person('赵督查', 'office@example.org');
    await createPosition(ctx, admin, { personId: head, unitId: unit.id, title: '主任', sortOrder: 0 });
    await createPosition(ctx, admin, { personId: clerk, unitId: unit.id, title: '干事', sortOrder: 1 });
    const account = async (username: string, personId: string, roles: Role[]) => {
      const { user } = await createUser(ctx, admin, { username, displayName: username, password: 'correct horse battery', roles, clearance: 'internal', personId });
      users[username] = user.id;
    };
    await account('clerk', clerk, ['clerk']);
    await account('head', head, ['clerk']);
    await account('leader', leader, ['leader']);
    await account('office', office, ['supervisor']);

    task = await plantTask(ctx, { title: '春节前保密检查', deadline: '2023-01-30', responsiblePersonId: clerk, leadUnitId: unit.id, leadLeaderPersonId: leader });
    reporting = await plantTask(ctx, { title: '保密工作责任制落实情况', deadline: '2023-03-31', responsiblePersonId: clerk, leadUnitId: unit.id, leadLeaderPersonId: leader });
    await ctx.database.db.updateTable('duty_tasks').set({ report_frequency: 'dates', report_dates: JSON.stringify(['2023-02-10']), accepted_at: '2023-01-10T02:00:00.000Z', assigned_at: '2023-01-09T02:00:00.000Z' }).where('id', '=', reporting.id).execute();
    await ctx.database.db.updateTable('duty_tasks').set({ accepted_at: '2023-01-10T02:00:00.000Z', assigned_at: '2023-01-09T02:00:00.000Z' }).where('id', '=', task.id).execute();
  });
  afterAll(async () => {
    await otherDb.close();
    await dispose();
    await smtp.close();
  });

  it('turns yellow and reminds the responsible person on the working day the holiday brings the deadline within 3 working days, once', async () => {
    // Thursday 19 January: 20, 28, 29 and 30 January are the working days left: 4.
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-01-19')))).toEqual([]);
    // Friday 20 January, the last day before the holiday: 28, 29, 30 left: due soon (without the calendar it would be 6).
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-01-20')))).toEqual(['due_soon×1']);
    for (const day of ['2023-01-20', '2023-01-23', '2023-01-28', '2023-01-30']) expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning(day), 'test', { now: true }))).toEqual([]);
    expect(await inbox('clerk')).toEqual(['task_due_soon:task']);
    expect(await inbox('head')).toEqual([]);
  });

  it('tells the lead unit’s head the day after the deadline, and the lead leader and the office after 5 working days overdue', async () => {
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-01-31')))).toEqual(['overdue×1']);
    expect(await inbox('head')).toEqual(['task_overdue:task']);
    // Overdue 31 Jan, 1, 2, 3 Feb: 4 working days; the weekend adds none.
    for (const day of ['2023-02-01', '2023-02-03', '2023-02-05']) expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning(day)))).toEqual([]);
    expect(await inbox('leader')).toEqual([]);
    // Monday 6 February: the fifth working day overdue.
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-02-06')))).toEqual(['escalated×1']);
    expect(await inbox('leader')).toEqual(['task_escalated:task']);
    expect(await inbox('office')).toEqual(['task_escalated:task']);
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-02-07'), 'test', { now: true }))).not.toContain('escalated×1');
    // Every step is on the task's timeline and in the audit log.
    const events = await ctx.database.db.selectFrom('duty_events').select('kind').where('task_id', '=', task.id).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(['due_soon', 'overdue', 'escalated']);
    const audit = await ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', task.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['duty_task.due_soon', 'duty_task.overdue', 'duty_task.escalated']);
  });

  it('reminds of a report falling due, and a report not given is itself overdue', async () => {
    // The report of 10 February: 3 working days away on Tuesday 7 February (it fired with the run above).
    expect(await inbox('clerk')).toContain('task_report_due:reporting');
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-02-10')))).toEqual([]);
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-02-11')))).toEqual(['report_overdue×1']);
    expect(await inbox('head')).toEqual(['task_overdue:task', 'task_report_overdue:reporting']);
    expect(stepsOf(await runSupervisionOnce(ctx, chinaMorning('2023-02-13')))).toEqual([]);
  });

  it('takes a step once across two processes sharing the database', async () => {
    // A deadline extended to 28 February: a new deadline is a new step.
    await ctx.database.db.updateTable('duty_tasks').set({ deadline: '2023-02-28' }).where('id', '=', task.id).execute();
    const at = chinaMorning('2023-02-24');
    const [a, b] = await Promise.all([runSupervisionOnce(ctx, at, 'process-a'), runSupervisionOnce(other, at, 'process-b')]);
    expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
    // Even when both run (one after the other, each asked to run now), the step is taken once.
    const again = await runSupervisionOnce(other, at, 'process-b', { now: true });
    expect(again.ran).toBe(true);
    expect(stepsOf(again)).toEqual([]);
    expect([...stepsOf(a), ...stepsOf(b)]).toEqual(['due_soon×1']);
    expect((await inbox('clerk')).filter((n) => n === 'task_due_soon:task')).toHaveLength(2);
    const steps = await ctx.database.db.selectFrom('supervision_steps').select(['step', 'step_key']).where('task_id', '=', task.id).orderBy('created_at').execute();
    expect(steps.map((s) => `${s.step}@${s.step_key}`)).toEqual(['due_soon@2023-01-30', 'overdue@2023-01-30', 'escalated@2023-01-30', 'due_soon@2023-02-28']);
  });

  it('mails each notification once to the local SMTP server', async () => {
    const run = await sendDueMail(ctx, await smtpTransport(smtp.url));
    expect(run.sent).toBe(8);
    const mails = await smtp.waitFor(8);
    const to = (address: string) => mails.filter((m) => m.to && 'text' in m.to && m.to.text === address).map((m) => m.subject);
    expect(to('leader@example.org')).toEqual([`【Remit】督办事项逾期未办结，提请督办：春节前保密检查`]);
    expect(to('office@example.org')).toEqual([`【Remit】督办事项逾期未办结，提请督办：春节前保密检查`]);
    expect(to('head@example.org').sort()).toEqual(['【Remit】督办事项已逾期：春节前保密检查', '【Remit】进展情况逾期未报送：保密工作责任制落实情况'].sort());
    expect(to('clerk@example.org')).toHaveLength(4);
    expect((await sendDueMail(ctx, await smtpTransport(smtp.url))).sent).toBe(0);
  });

  it('runs on its timer with the clock it is given, and stops', async () => {
    await ctx.database.db.updateTable('duty_tasks').set({ deadline: '2023-03-03' }).where('id', '=', task.id).execute();
    const timer = startSupervisionScheduler(ctx, { firstDelayMs: 0, intervalMs: 60_000, clock: () => chinaMorning('2023-03-01') });
    for (;;) {
      const step = await ctx.database.db.selectFrom('supervision_steps').select('id').where('step_key', '=', '2023-03-03').executeTakeFirst();
      if (step) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await timer.stop();
  });
});

describe.each(DIALECTS)('supervision over many tasks (%s)', (dialect) => {
  it('takes every step once over pages of tasks, and a later run finds them taken without writing; a step that fails holds back no other', async () => {
    const { ctx, dispose } = await freshContext(dialect);
    try {
      const admin = systemActor('test');
      const unit = await createUnit(ctx, admin, { name: '督查室', kind: 'department' });
      const head = (await createPerson(ctx, admin, { name: '孙主任' })).id;
      await createPosition(ctx, admin, { personId: head, unitId: unit.id, title: '主任', sortOrder: 0 });
      const { user } = await createUser(ctx, admin, { username: 'head', displayName: 'head', password: 'correct horse battery', roles: ['clerk'], clearance: 'internal', personId: head });
      // More than two pages of tasks, all overdue since 30 January 2023 (one working day on the 31st).
      const ids: string[] = [];
      await ctx.database.db.transaction().execute(async (trx) => {
        const inTrx = { ...ctx, database: { ...ctx.database, db: trx } };
        for (let i = 0; i < 1203; i++) ids.push((await plantTask(inTrx, { title: `督办事项${i}`, deadline: '2023-01-30', leadUnitId: unit.id })).id);
      });
      // One task's step cannot be written (a trigger refuses it): the others are taken all the same.
      const refused = ids[700]!;
      if (dialect === 'sqlite') {
        await sql`create trigger refuse_one before insert on supervision_steps when new.task_id = ${sql.lit(refused)} begin select raise(abort, 'refused for the test'); end`.execute(ctx.database.db);
      } else {
        await sql`create function refuse_one() returns trigger language plpgsql as $$ begin if new.task_id = ${sql.lit(refused)} then raise exception 'refused for the test'; end if; return new; end $$`.execute(ctx.database.db);
        await sql`create trigger refuse_one before insert on supervision_steps for each row execute function refuse_one()`.execute(ctx.database.db);
      }
      const at = chinaMorning('2023-01-31');
      await expect(runSupervisionOnce(ctx, at, 'runner')).rejects.toThrow(/refused for the test/);
      const taken = async () => (await ctx.database.db.selectFrom('supervision_steps').select('task_id').where('step', '=', 'overdue').execute()).map((s) => s.task_id);
      expect((await taken()).sort()).toEqual(ids.filter((id) => id !== refused).sort());
      const notifications = await ctx.database.db.selectFrom('notifications').select('object_id').where('recipient_user_id', '=', user.id).where('kind', '=', 'task_overdue').execute();
      expect(notifications).toHaveLength(1202);

      // Once the step may be written, the next run takes that one alone, and the run after it writes nothing.
      await sql`drop trigger refuse_one${sql.raw(dialect === 'sqlite' ? '' : ' on supervision_steps')}`.execute(ctx.database.db);
      const next = await runSupervisionOnce(ctx, at, 'runner', { now: true });
      expect(next).toMatchObject({ ran: true, steps: { overdue: 1, escalated: 0, due_soon: 0 }, notifications: 1 });
      expect(await taken()).toHaveLength(1203);
      const written = async () => ({
        audit: Number((await ctx.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
        events: Number((await ctx.database.db.selectFrom('duty_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      });
      const before = await written();
      expect(before.events).toBe(1203);
      const quiet = await runSupervisionOnce(ctx, at, 'runner', { now: true });
      expect(quiet).toMatchObject({ ran: true, notifications: 0 });
      expect(await written()).toEqual(before);
    } finally {
      await dispose();
    }
  });
});
