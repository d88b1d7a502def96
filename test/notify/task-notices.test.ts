import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueMail, smtpTransport } from '../../src/notify/outbox.ts';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor } from '../../src/security/actor.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

describe.each(DIALECTS)('everyone on a task hears of its reminders and instructions (%s)', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let office: Client;
  let leader: Client;
  let head: Client;
  let clerk: Client;
  let outsider: Client;
  let taskId: string;

  const kinds = async (who: Client) => ((await who.get('/api/notifications')).json().items as { kind: string; record: { title: string } }[]).map((n) => `${n.kind}:${n.record.title}`).sort();

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await testServer(dialect, { REMIT_SMTP_URL: smtp.url });
    const admin = systemActor('test');
    const unit = await createUnit(server.ctx, admin, { name: '市委保密办', kind: 'department', level: 'public' });
    const person = async (name: string, email: string) => (await createPerson(server.ctx, admin, { name, email, level: 'public' })).id;
    const people = { head: await person('王振华', 'head@example.org'), clerk: await person('李文静', 'clerk@example.org'), leader: await person('陈立明', 'leader@example.org'), office: await person('赵督查', 'office@example.org') };
    await createPosition(server.ctx, admin, { personId: people.head, unitId: unit.id, title: '主任', sortOrder: 0, level: 'public' });
    await createPosition(server.ctx, admin, { personId: people.clerk, unitId: unit.id, title: '干事', sortOrder: 1, level: 'public' });
    office = await server.signIn({ username: 'office', roles: ['supervisor'] });
    leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    head = await server.signIn({ username: 'head', roles: ['clerk'] });
    clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    outsider = await server.signIn({ username: 'outsider', roles: ['clerk'] });
    const db = server.ctx.database.db;
    for (const [client, personId] of [[office, people.office], [leader, people.leader], [head, people.head], [clerk, people.clerk]] as const) {
      await db.updateTable('users').set({ person_id: personId }).where('id', '=', client.userId).execute();
    }
    const created = await office.post('/api/duties/tasks', { title: '落实保密工作责任制', content: '签订责任书', level: 'internal', deadline: '2099-06-30', reportFrequency: 'once', leadLeaderPersonId: people.leader, leadUnitId: unit.id, responsiblePersonId: people.clerk });
    expect(created.statusCode).toBe(201);
    taskId = created.json().id;
  });
  afterAll(async () => {
    await server.dispose();
    await smtp.close();
  });

  it('tells the lead leader, the unit head and the responsible person of the assignment, a reminder and an instruction, never the one who did it', async () => {
    expect((await office.post(`/api/duties/tasks/${taskId}/assign`, {})).statusCode).toBe(200);
    expect((await office.post(`/api/duties/tasks/${taskId}/reminders`, { note: '请抓紧办理' })).statusCode).toBe(201);
    expect((await leader.post(`/api/duties/tasks/${taskId}/instructions`, { text: '务必按期完成', date: '2099-01-05' })).statusCode).toBe(201);
    const title = '落实保密工作责任制';
    expect(await kinds(clerk)).toEqual([`task_assigned:${title}`, `task_instruction:${title}`, `task_reminder:${title}`]);
    expect(await kinds(head)).toEqual([`task_assigned:${title}`, `task_instruction:${title}`, `task_reminder:${title}`]);
    // The leader hears of the office's steps, not of their own instruction; the office of none it took.
    expect(await kinds(leader)).toEqual([`task_assigned:${title}`, `task_reminder:${title}`]);
    expect(await kinds(office)).toEqual([]);
    expect(await kinds(outsider)).toEqual([]);
    // The instruction's text stays on the task: the notification carries none of it.
    expect((await clerk.get('/api/notifications')).body).not.toContain('务必按期完成');

    expect((await sendDueMail(server.ctx, await smtpTransport(smtp.url))).sent).toBe(8);
    const mails = await smtp.waitFor(8);
    expect(mails.filter((m) => m.subject === `【Remit】督查室催办：${title}`)).toHaveLength(3);
    expect(mails.every((m) => !`${m.subject} ${m.text}`.includes('务必按期完成') && !`${m.text}`.includes('请抓紧办理'))).toBe(true);
  });
});
