import type { FastifyInstance } from 'fastify';
import { loadSettings, type Settings } from './config.ts';
import type { Context } from './context.ts';
import { migrate, openDatabase } from './db/database.ts';
import { startSupervisionScheduler } from './duties/scheduler.ts';
import { buildServer, type ServerOptions } from './http/server.ts';
import { startWebhookSender } from './media/webhooks.ts';
import { startMailer } from './notify/outbox.ts';
import { startPublishScheduler } from './media/scheduler.ts';
import { isEmpty, loadDemo } from './org/demo.ts';
import { backfillFingerprints } from './secrecy/review/backfill.ts';
import { startSecrecyScheduler } from './secrecy/scheduler.ts';

export interface OpenedContext {
  ctx: Context;
  /** The demo admin's password when this start loaded the demo data, else null. */
  adminPassword: string | null;
}

/** Opens the database named by the settings, brings its schema up to date, and seeds an empty one. */
export async function openContext(settings: Settings, options: { schema?: string | undefined } = {}): Promise<OpenedContext> {
  const database = await openDatabase({ url: settings.databaseUrl, sqlite: settings.dataDir, ...(options.schema ? { schema: options.schema } : {}) });
  try {
    await migrate(database);
    const ctx: Context = { database, settings };
    // Texts written before the review fingerprinted them are indexed once (src/secrecy/review/backfill.ts).
    await backfillFingerprints(ctx);
    const adminPassword = settings.demo && (await isEmpty(ctx)) ? await loadDemo(ctx) : null;
    return { ctx, adminPassword };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export interface RunningRemit {
  url: string;
  adminPassword: string | null;
  app: FastifyInstance;
  ctx: Context;
  close(): Promise<void>;
}

export interface StartOptions extends ServerOptions {
  /** Settings come from these variables layered over the process environment. */
  env?: Record<string, string | undefined>;
  /** PostgreSQL: the schema to work in (tests run several processes on one schema of the test database). */
  schema?: string | undefined;
  /** When the first supervision run of duties starts (default 10 s after start; the scale bench puts it after its measurements). */
  supervisionFirstDelayMs?: number;
}

export async function startRemit(options: StartOptions = {}): Promise<RunningRemit> {
  const settings = loadSettings({ ...process.env, ...options.env });
  const { ctx, adminPassword } = await openContext(settings, { schema: options.schema });
  const app = await buildServer(ctx, options);
  try {
    // Fastify's own line, Chinese first as Remit's other log lines are.
    await app.listen({ host: settings.host, port: settings.port, listenTextResolver: (address) => `服务已在 ${address} 监听 / Server listening at ${address}` });
  } catch (error) {
    await app.close();
    await ctx.database.close();
    throw error;
  }
  // Declassification jobs: every process runs the timer; a lease in the database lets one do each tick.
  const scheduler = startSecrecyScheduler(ctx, { log: (error) => app.log.error({ err: error }, '保密定时任务失败 / secrecy jobs failed') });
  // Notification e-mail from the outbox (each message claimed by one process); without SMTP, inbox only.
  // Supervision of duties (due soon, overdue, escalation, reports): the same lease pattern, each step once per task.
  const supervision = startSupervisionScheduler(ctx, {
    ...(options.supervisionFirstDelayMs === undefined ? {} : { firstDelayMs: options.supervisionFirstDelayMs }),
    log: (error) => app.log.error({ err: error }, '督办检查失败 / supervision checks failed'),
  });
  // Scheduled publication of news releases: the same lease pattern, each version published once.
  const publisher = startPublishScheduler(ctx, { log: (error) => app.log.error({ err: error }, '定时发布失败 / scheduled publication failed') });
  const mailer = startMailer(ctx, { info: (message) => app.log.info(message), log: (error) => app.log.error({ err: error }, '通知邮件发送失败 / sending notification e-mail failed') });
  // Webhooks of releases from their outbox (each delivery claimed by one process; REMIT_WEBHOOK_INTERVAL_SECONDS).
  const webhooks = startWebhookSender(ctx, { log: (error) => app.log.error({ err: error }, 'Webhook 发送失败 / sending webhooks failed') });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    adminPassword,
    app,
    ctx,
    close: async () => {
      await scheduler.stop();
      await supervision.stop();
      await publisher.stop();
      await mailer.stop();
      await webhooks.stop();
      await app.close();
      await ctx.database.close();
    },
  };
}
