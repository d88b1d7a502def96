import { hostname } from 'node:os';
import type { Transporter } from 'nodemailer';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { startJobTimer } from '../db/jobs.ts';
import { writeAudited } from '../db/write.ts';
import { newId, now } from '../ids.ts';
import type { UserWithRoles } from '../org/accounts.ts';
import { systemActor } from '../security/actor.ts';
import { languageOf, NOTIFICATION_KIND_LABELS, type NotificationKind } from './kinds.ts';
import type { SafeLink } from './links.ts';

/**
 * E-mail of notifications, through an outbox table. The message is queued in the transaction that
 * makes the notification, so a crash loses neither; a sender then claims due messages one at a time
 * (a conditional UPDATE, so two processes never hold the same one), sends, and marks it sent. A
 * process that dies between sending and marking leaves a claim that runs out and the message is sent
 * again: at least once, never lost. A refused send is tried again later, up to MAX_ATTEMPTS.
 *
 * An e-mail leaves the accredited system, so its text is only the kind of event, the record's safe
 * title (src/notify/links.ts: nothing above internal) and a link; it is written in the recipient's
 * language when queued.
 */
export const MAX_ATTEMPTS = 8;
export const CLAIM_MS = 2 * 60 * 1000;
/** Waits before the next try after the nth failure: a minute, then longer, at most half a day. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 60 * 60_000, 6 * 60 * 60_000, 12 * 60 * 60_000];
export const DEFAULT_MAIL_INTERVAL_MS = 30_000;

const defaultRunner = `${hostname()}:${process.pid}`;

export function publicBaseUrl(ctx: Context): string {
  if (ctx.settings.publicUrl) return ctx.settings.publicUrl;
  const host = ctx.settings.host === '0.0.0.0' ? '127.0.0.1' : ctx.settings.host.includes(':') ? `[${ctx.settings.host}]` : ctx.settings.host;
  return `http://${host}:${ctx.settings.port}`;
}

async function emailOf(db: Executor, user: UserWithRoles): Promise<string | null> {
  if (!user.person_id) return null;
  const person = await db.selectFrom('people').select('email').where('id', '=', user.person_id).executeTakeFirst();
  const address = person?.email?.trim();
  return address && /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

export function composeMail(input: { kind: NotificationKind; title: string; url: string; name: string; actorName: string | null; locale: string | null; orgName: string }) {
  const label = NOTIFICATION_KIND_LABELS[input.kind];
  if (languageOf(input.locale) === 'en') {
    return {
      subject: `[${input.orgName}] ${label.en}: ${input.title}`,
      text:
        `Dear ${input.name},\n\n${label.en}: ${input.title}` +
        (input.actorName ? ` (from ${input.actorName})` : '') +
        `.\n\nOpen it in Remit: ${input.url}\n\n` +
        'This message was sent by Remit. It carries no content above internal; read the record itself in Remit.\n',
    };
  }
  return {
    subject: `【${input.orgName}】${label.zh}：${input.title}`,
    text:
      `${input.name}，您好：\n\n${label.zh}：${input.title}` +
      (input.actorName ? `（${input.actorName}）` : '') +
      `。\n\n请登录系统查看：${input.url}\n\n` +
      '本邮件由系统自动发送，不含内部以上信息，具体内容请在系统中查阅。\n',
  };
}

/** Queues the e-mail of one notification inside the transaction that makes it; nothing when the user has no address. */
export async function queueMail(
  ctx: Context,
  trx: Executor,
  input: { notificationId: string; user: UserWithRoles; kind: NotificationKind; link: SafeLink; actorName: string | null },
): Promise<boolean> {
  const to = await emailOf(trx, input.user);
  if (!to || input.link.title === null) return false;
  const { subject, text } = composeMail({
    kind: input.kind,
    title: input.link.title,
    url: `${publicBaseUrl(ctx)}${input.link.path}`,
    name: input.user.display_name,
    actorName: input.actorName,
    locale: input.user.locale,
    orgName: ctx.settings.orgName,
  });
  const stamp = now();
  await trx
    .insertInto('mail_outbox')
    .values({ id: newId(), notification_id: input.notificationId, to_address: to, subject, body_text: text, next_attempt_at: stamp, claimed_by: null, claimed_until: null, sent_at: null, failed_at: null, last_error: null, created_at: stamp })
    .execute();
  return true;
}

export interface MailRun {
  sent: number;
  failed: number;
  /** Messages given up after MAX_ATTEMPTS. */
  abandoned: number;
}

export type MailTransport = Pick<Transporter, 'sendMail'>;

/** nodemailer is loaded when mail is configured, not at every start (it is a large part of idle memory). */
export async function smtpTransport(url: string): Promise<Transporter> {
  const { default: nodemailer } = await import('nodemailer');
  return nodemailer.createTransport(url);
}

/**
 * Sends the messages due at `at`, each claimed first. Safe to run in any number of processes at
 * once: a message is held by one claim at a time.
 */
export async function sendDueMail(ctx: Context, transport: MailTransport, options: { at?: Date; runner?: string; batch?: number } = {}): Promise<MailRun> {
  const at = options.at ?? new Date();
  const runner = options.runner ?? defaultRunner;
  const nowIso = at.toISOString();
  const db = ctx.database.db;
  const run: MailRun = { sent: 0, failed: 0, abandoned: 0 };
  const due = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowIso)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(options.batch ?? 100)
    .execute();
  for (const { id } of due) {
    const claimed = await db
      .updateTable('mail_outbox')
      .set({ claimed_by: runner, claimed_until: new Date(at.getTime() + CLAIM_MS).toISOString() })
      .where('id', '=', id)
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowIso)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const message = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    try {
      await transport.sendMail({ from: ctx.settings.mailFrom, to: message.to_address, subject: message.subject, text: message.body_text });
    } catch (error) {
      const attempts = message.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      await writeAudited(ctx, systemActor('mailer'), async (trx) => {
        await trx
          .updateTable('mail_outbox')
          .set({
            attempts,
            last_error: reason,
            next_attempt_at: new Date(at.getTime() + RETRY_DELAYS_MS[Math.min(attempts - 1, RETRY_DELAYS_MS.length - 1)]!).toISOString(),
            failed_at: giveUp ? nowIso : null,
            claimed_by: null,
            claimed_until: null,
          })
          .where('id', '=', id)
          .where('claimed_by', '=', runner)
          .execute();
        return { result: undefined, audit: giveUp ? { action: 'notification.mail_abandoned', objectType: 'mail', objectId: id, level: 'internal', detail: { attempts, error: reason } } : [] };
      });
      if (giveUp) run.abandoned++;
      else run.failed++;
      continue;
    }
    await writeAudited(ctx, systemActor('mailer'), async (trx) => {
      await trx.updateTable('mail_outbox').set({ sent_at: now(), attempts: message.attempts + 1, claimed_by: null, claimed_until: null, last_error: null }).where('id', '=', id).execute();
      return { result: undefined, audit: { action: 'notification.mailed', objectType: 'mail', objectId: id, level: 'internal', detail: { notificationId: message.notification_id, to: message.to_address, attempt: message.attempts + 1 } } };
    });
    run.sent++;
  }
  return run;
}

export interface Mailer {
  stop(): Promise<void>;
}

/**
 * Sends queued e-mail every interval. Without REMIT_SMTP_URL nothing is queued and nothing runs:
 * notifications stay in the in-app inbox, which is said once in the log.
 */
export function startMailer(ctx: Context, options: { intervalMs?: number; transport?: MailTransport; info?: (message: string) => void; log?: (error: unknown) => void } = {}): Mailer {
  if (!ctx.settings.smtpUrl && !options.transport) {
    options.info?.('未设置 REMIT_SMTP_URL：通知只留在站内收件箱，不发送电子邮件。 / REMIT_SMTP_URL is not set: notifications stay in the in-app inbox and no e-mail is sent.');
    return { stop: async () => {} };
  }
  let transport: MailTransport | undefined = options.transport;
  const smtpUrl = ctx.settings.smtpUrl!;
  const timer = startJobTimer(async () => sendDueMail(ctx, (transport ??= await smtpTransport(smtpUrl))), { intervalMs: options.intervalMs ?? DEFAULT_MAIL_INTERVAL_MS, firstDelayMs: 1_000, log: options.log });
  return {
    async stop() {
      await timer.stop();
      if (transport && 'close' in transport && typeof transport.close === 'function') transport.close();
    },
  };
}
