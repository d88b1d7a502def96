import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/database.ts';
import { newId, now } from '../../src/ids.ts';
import { listNotifications, notifyUsers } from '../../src/notify/notifications.ts';
import { CLAIM_MS, sendDueMail, smtpTransport, startMailer } from '../../src/notify/outbox.ts';
import type { Actor } from '../../src/security/actor.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { plantPerson, plantTask } from './fixtures.ts';

describe.each(DIALECTS)('notifications and their e-mail (%s)', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let alice: Client;
  let bob: Client;
  let alicePerson: string;
  let bobPerson: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await testServer(dialect, { REMIT_SMTP_URL: smtp.url, REMIT_PUBLIC_URL: 'https://remit.example.org/', REMIT_CEILING: 'jimi', REMIT_ORG_NAME: '市委督查室' });
    alice = await server.signIn({ username: 'alice', roles: ['clerk'] });
    bob = await server.signIn({ username: 'bob', roles: ['clerk'] });
    alicePerson = await plantPerson(server.ctx, '张晓燕', 'zhang@example.org');
    bobPerson = await plantPerson(server.ctx, 'Bob Lee', 'bob@example.org');
    const db = server.ctx.database.db;
    // Alice is cleared for 机密 by the clearance procedure (set here directly); Bob stays at internal.
    await db.updateTable('users').set({ person_id: alicePerson, clearance: 'jimi' }).where('id', '=', alice.userId).execute();
    await db.updateTable('users').set({ person_id: bobPerson, locale: 'en' }).where('id', '=', bob.userId).execute();
  });
  afterAll(async () => {
    await server.dispose();
    await smtp.close();
  });

  const notify = (input: Parameters<typeof notifyUsers>[2]) => transact(server.ctx.database, (trx) => notifyUsers(server.ctx, trx, input));

  it('puts a notification in each inbox with the title, and mails it in each reader’s language with a link', async () => {
    const task = await plantTask(server.ctx, { title: '落实保密工作责任制' });
    const notified = await notify({ recipientUserIds: [alice.userId, bob.userId], kind: 'task_reminder', objectType: 'duty_task', objectId: task.id, actorName: '督查室' });
    expect(notified.sort()).toEqual([alice.userId, bob.userId].sort());

    const inbox = (await alice.get('/api/notifications')).json();
    expect(inbox.total).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'task_reminder', record: { type: 'duty_task', id: task.id, path: `/duties/tasks/${task.id}`, title: '落实保密工作责任制', withheld: false }, readAt: null });
    expect((await alice.get('/api/notifications/unread-count')).json()).toEqual({ count: 1 });

    const run = await sendDueMail(server.ctx, await smtpTransport(smtp.url));
    expect(run).toEqual({ sent: 2, failed: 0, abandoned: 0 });
    const mails = await smtp.waitFor(2);
    const zh = mails.find((m) => m.to && 'text' in m.to && m.to.text.includes('zhang@example.org'))!;
    const en = mails.find((m) => m.to && 'text' in m.to && m.to.text.includes('bob@example.org'))!;
    expect(zh.subject).toBe('【市委督查室】督查室催办：落实保密工作责任制');
    expect(zh.text).toContain('alice，您好');
    expect(zh.text).toContain(`https://remit.example.org/duties/tasks/${task.id}`);
    expect(en.subject).toBe('[市委督查室] The supervision office sent a reminder: 落实保密工作责任制');
    expect(en.text).toContain(`Open it in Remit: https://remit.example.org/duties/tasks/${task.id}`);
    // Sent once: a second run finds nothing due.
    expect(await sendDueMail(server.ctx, await smtpTransport(smtp.url))).toEqual({ sent: 0, failed: 0, abandoned: 0 });
  });

  it('never carries text above internal: a 机密 task is named by its code, and only to someone who may read it', async () => {
    const secret = await plantTask(server.ctx, { title: '绝不外传的机密事项标题', level: 'jimi', knownTo: [alicePerson] });
    const before = smtp.received.length;
    // Bob's clearance is internal: he is not notified of a record he may not know.
    const notified = await notify({ recipientUserIds: [alice.userId, bob.userId], kind: 'task_overdue', objectType: 'duty_task', objectId: secret.id });
    expect(notified).toEqual([alice.userId]);
    const cleared: Actor = { kind: 'user', id: alice.userId, name: 'alice', roles: ['clerk'], clearance: 'jimi', personId: alicePerson, via: 'session', requestId: null };
    const page = await listNotifications(server.ctx, cleared, { page: 1, pageSize: 10 }, {});
    const shown = page.items.find((n) => n.object_id === secret.id)!;
    expect(shown.title).toBe(secret.code);
    expect(shown.path).toBe(`/duties/tasks/${secret.id}`);

    await sendDueMail(server.ctx, await smtpTransport(smtp.url));
    const mails = await smtp.waitFor(before + 1);
    const mail = mails[before]!;
    expect(mail.subject).toContain(secret.code);
    expect(`${mail.subject} ${mail.text}`).not.toContain('机密事项标题');
  });

  it('shows a reader who may not read the record only what happened, not what it was about', async () => {
    const secret = await plantTask(server.ctx, { title: '另一条机密事项标题', level: 'jimi', knownTo: [alicePerson] });
    // A notification from before Bob's access ended (here: written directly, as if the scope had named him).
    await server.ctx.database.db
      .insertInto('notifications')
      .values({ id: newId(), recipient_user_id: bob.userId, kind: 'task_overdue', object_type: 'duty_task', object_id: secret.id, dedupe_key: null, actor_name: null, level: 'internal', created_at: now(), read_at: null })
      .execute();
    const response = await bob.get('/api/notifications');
    expect(response.body).not.toContain('另一条机密事项标题');
    expect(response.body).not.toContain(secret.id);
    const item = response.json().items.find((n: { kind: string; record: { withheld: boolean } }) => n.kind === 'task_overdue');
    expect(item.record).toEqual({ type: 'duty_task', id: null, path: null, title: null, withheld: true });
  });

  it('lists unread first, marks one or all read (audited), and answers someone else’s notification as not found', async () => {
    const task = await plantTask(server.ctx, { title: '春节前安全检查' });
    await notify({ recipientUserIds: [alice.userId], kind: 'task_due_soon', objectType: 'duty_task', objectId: task.id });
    await notify({ recipientUserIds: [alice.userId], kind: 'task_overdue', objectType: 'duty_task', objectId: task.id });
    const items = (await alice.get('/api/notifications')).json().items as { id: string; kind: string; readAt: string | null }[];
    const oldest = items[items.length - 1]!;
    expect((await alice.post(`/api/notifications/${oldest.id}/read`)).statusCode).toBe(204);
    const after = (await alice.get('/api/notifications')).json().items as { id: string; readAt: string | null }[];
    expect(after[after.length - 1]!.id).toBe(oldest.id);
    expect(after.slice(0, -1).every((n) => n.readAt === null)).toBe(true);
    expect((await bob.post(`/api/notifications/${items[0]!.id}/read`)).statusCode).toBe(404);
    expect((await alice.get('/api/notifications?unread=true')).json().total).toBe(items.length - 1);

    const marked = (await alice.post('/api/notifications/read-all')).json().marked;
    expect(marked).toBe(items.length - 1);
    expect((await alice.get('/api/notifications/unread-count')).json()).toEqual({ count: 0 });
    const actions = (await server.ctx.database.db.selectFrom('audit_events').select('action').where('actor_id', '=', alice.userId).execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['notification.read', 'notification.read_all', 'notification.list']));
  });

  it('notifies once per key', async () => {
    const task = await plantTask(server.ctx, { title: '逾期一次' });
    const key = `overdue:${task.id}:2030-12-31`;
    expect(await notify({ recipientUserIds: [alice.userId], kind: 'task_overdue', objectType: 'duty_task', objectId: task.id, dedupeKey: key })).toEqual([alice.userId]);
    expect(await notify({ recipientUserIds: [alice.userId], kind: 'task_overdue', objectType: 'duty_task', objectId: task.id, dedupeKey: key })).toEqual([]);
  });

  it('tries a refused e-mail again later, and sends one whose sender died mid-way once its claim runs out', async () => {
    await sendDueMail(server.ctx, await smtpTransport(smtp.url));
    const task = await plantTask(server.ctx, { title: '重试的邮件' });
    const before = smtp.received.length;
    smtp.refuseNext(1);
    await notify({ recipientUserIds: [alice.userId], kind: 'task_instruction', objectType: 'duty_task', objectId: task.id });
    const start = new Date();
    expect(await sendDueMail(server.ctx, await smtpTransport(smtp.url), { at: start })).toEqual({ sent: 0, failed: 1, abandoned: 0 });
    // Not due again at once; due after the first retry delay.
    expect(await sendDueMail(server.ctx, await smtpTransport(smtp.url), { at: start })).toEqual({ sent: 0, failed: 0, abandoned: 0 });
    expect(await sendDueMail(server.ctx, await smtpTransport(smtp.url), { at: new Date(start.getTime() + 61_000) })).toEqual({ sent: 1, failed: 0, abandoned: 0 });
    expect((await smtp.waitFor(before + 1))[before]!.subject).toContain('重试的邮件');
    const row = await server.ctx.database.db.selectFrom('mail_outbox').selectAll().where('subject', 'like', '%重试的邮件%').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 2, last_error: null });
    expect(row.sent_at).not.toBeNull();

    // Another process claimed this one and died before marking it sent.
    await notify({ recipientUserIds: [alice.userId], kind: 'task_instruction', objectType: 'duty_task', objectId: (await plantTask(server.ctx, { title: '中断的邮件' })).id });
    const claimedAt = new Date();
    await server.ctx.database.db.updateTable('mail_outbox').set({ claimed_by: 'dead-process', claimed_until: new Date(claimedAt.getTime() + CLAIM_MS).toISOString() }).where('sent_at', 'is', null).execute();
    expect((await sendDueMail(server.ctx, await smtpTransport(smtp.url), { at: claimedAt })).sent).toBe(0);
    expect((await sendDueMail(server.ctx, await smtpTransport(smtp.url), { at: new Date(claimedAt.getTime() + CLAIM_MS + 1) })).sent).toBe(1);
    expect((await smtp.waitFor(before + 2))[before + 1]!.subject).toContain('中断的邮件');
  });

  it('keeps notifications in the inbox only when no SMTP server is set, and says so once', async () => {
    const plain = await testServer(dialect);
    try {
      const carol = await plain.signIn({ username: 'carol', roles: ['clerk'] });
      const person = await plantPerson(plain.ctx, 'Carol', 'carol@example.org');
      await plain.ctx.database.db.updateTable('users').set({ person_id: person }).where('id', '=', carol.userId).execute();
      const task = await plantTask(plain.ctx, { title: '无邮件' });
      await transact(plain.ctx.database, (trx) => notifyUsers(plain.ctx, trx, { recipientUserIds: [carol.userId], kind: 'task_due_soon', objectType: 'duty_task', objectId: task.id }));
      expect((await carol.get('/api/notifications/unread-count')).json()).toEqual({ count: 1 });
      expect(await plain.ctx.database.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
      const said: string[] = [];
      const mailer = startMailer(plain.ctx, { info: (m) => said.push(m) });
      await mailer.stop();
      expect(said).toEqual(['未设置 REMIT_SMTP_URL：通知只留在站内收件箱，不发送电子邮件。 / REMIT_SMTP_URL is not set: notifications stay in the in-app inbox and no e-mail is sent.']);
    } finally {
      await plain.dispose();
    }
  });
});
