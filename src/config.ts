import { z } from 'zod';
import { LEVELS, type Level } from './security/levels.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const settingsSchema = z.object({
  REMIT_HOST: z.string().min(1).default('127.0.0.1'),
  REMIT_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  REMIT_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL, or unset to use the embedded SQLite database')
    .optional(),
  REMIT_CEILING: z.enum(LEVELS).default('internal'),
  REMIT_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  // However active, a session ends this long after sign-in: a day, so a stolen cookie or an
  // unattended screen is good until the next morning at most.
  REMIT_SESSION_MAX_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  REMIT_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  REMIT_SECRET_KEY: z.string().min(32, 'must have at least 32 characters (for example `openssl rand -base64 32`)').optional(),
  REMIT_SECURE_COOKIES: booleanFlag.default(false),
  // Behind a reverse proxy: the proxies whose X-Forwarded-For / -Proto to believe (addresses, CIDRs, or loopback).
  REMIT_TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/]+(\s*,\s*[\w.:/]+)*$/, 'must be a comma-separated list of proxy addresses or CIDR ranges, e.g. 127.0.0.1 or 10.0.0.0/8')
    .optional(),
  REMIT_DEMO: booleanFlag.default(true),
  REMIT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REMIT_ORG_NAME: z.string().min(1).default('Remit'),
  // Duties: working days a lead unit has to accept a task, and the window in which a deadline or report turns the light yellow.
  REMIT_DUTIES_ACCEPT_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  REMIT_DUTIES_YELLOW_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  // Overdue by this many working days, a task is escalated to its lead leader and the supervision office.
  REMIT_DUTIES_ESCALATE_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  // E-mail of notifications: smtp://user:pass@host:587 or smtps://…; unset, notifications stay in the in-app inbox.
  REMIT_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587').optional(),
  REMIT_MAIL_FROM: z.string().min(3).default('Remit <remit@localhost>'),
  // Webhooks of releases (docs/webhooks.md): how often due deliveries are sent, and how long a receiver has to answer (seconds).
  REMIT_WEBHOOK_INTERVAL_SECONDS: z.coerce.number().min(0.05).max(3600).default(15),
  REMIT_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.05).max(120).default(10),
  // How often the scheduled publication of news releases looks for releases due (seconds).
  REMIT_MEDIA_PUBLISH_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(86_400).default(60),
  // For tests and drills: scheduled publication reads the time from this file (an ISO instant) instead of the system clock.
  REMIT_JOB_CLOCK_FILE: z.string().min(1).optional(),
  // The address people open Remit at, for the links in e-mails; unset: this process's own address.
  REMIT_PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// address, e.g. https://remit.example.org').optional(),
});

export type Settings = {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  ceiling: Level;
  sessionHours: number;
  sessionMaxHours: number;
  tokenMaxDays: number;
  /** Key material for secrets kept in the database (TOTP); unset: a key file in the data directory. */
  secretKey: string | undefined;
  secureCookies: boolean;
  /** Proxies whose forwarded client address and protocol are believed; unset: none (the socket's address). */
  trustProxy: string | undefined;
  demo: boolean;
  logLevel: string;
  orgName: string;
  /** Working days to accept an assigned task before it is late (docs/duties-api.md). */
  dutiesAcceptDays: number;
  /** Working days before a deadline or report within which a task's light is yellow. */
  dutiesYellowDays: number;
  /** Working days overdue after which the scheduler escalates to the lead leader and the office. */
  dutiesEscalateDays: number;
  /** SMTP server for notification e-mail; undefined: inbox only. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Seconds between the webhook sender's looks for due deliveries. */
  webhookIntervalSeconds: number;
  /** Seconds a webhook receiver has to answer before the attempt counts as timed out. */
  webhookTimeoutSeconds: number;
  /** Base of the links in e-mails; undefined: http://host:port of this process. */
  publicUrl: string | undefined;
  /** Seconds between the scheduled publication's looks for releases due. */
  mediaPublishIntervalSeconds: number;
  /** A file holding the time scheduled publication goes by (tests, drills); undefined: the system clock. */
  jobClockFile: string | undefined;
};

export class ConfigError extends Error {}

/** Reads the environment once at start; a wrong value stops the process with the variable's name. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      // A key is not echoed into logs, even a wrong one.
      const shown = name === 'REMIT_SECRET_KEY' || name === 'REMIT_SMTP_URL' ? '(hidden)' : JSON.stringify(env[name] ?? '');
      return `  ${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const s = parsed.data;
  return {
    host: s.REMIT_HOST,
    port: s.REMIT_PORT,
    dataDir: s.REMIT_DATA_DIR,
    databaseUrl: s.DATABASE_URL,
    ceiling: s.REMIT_CEILING,
    sessionHours: s.REMIT_SESSION_HOURS,
    sessionMaxHours: s.REMIT_SESSION_MAX_HOURS,
    tokenMaxDays: s.REMIT_TOKEN_MAX_DAYS,
    secretKey: s.REMIT_SECRET_KEY,
    secureCookies: s.REMIT_SECURE_COOKIES,
    trustProxy: s.REMIT_TRUST_PROXY,
    demo: s.REMIT_DEMO,
    logLevel: s.REMIT_LOG_LEVEL,
    orgName: s.REMIT_ORG_NAME,
    dutiesAcceptDays: s.REMIT_DUTIES_ACCEPT_DAYS,
    dutiesYellowDays: s.REMIT_DUTIES_YELLOW_DAYS,
    dutiesEscalateDays: s.REMIT_DUTIES_ESCALATE_DAYS,
    smtpUrl: s.REMIT_SMTP_URL,
    mailFrom: s.REMIT_MAIL_FROM,
    webhookIntervalSeconds: s.REMIT_WEBHOOK_INTERVAL_SECONDS,
    webhookTimeoutSeconds: s.REMIT_WEBHOOK_TIMEOUT_SECONDS,
    publicUrl: s.REMIT_PUBLIC_URL?.replace(/\/+$/, ''),
    mediaPublishIntervalSeconds: s.REMIT_MEDIA_PUBLISH_INTERVAL_SECONDS,
    jobClockFile: s.REMIT_JOB_CLOCK_FILE,
  };
}
