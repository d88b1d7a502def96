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
  REMIT_SECURE_COOKIES: booleanFlag.default(false),
  REMIT_DEMO: booleanFlag.default(true),
  REMIT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REMIT_ORG_NAME: z.string().min(1).default('Remit'),
});

export type Settings = {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  ceiling: Level;
  sessionHours: number;
  secureCookies: boolean;
  demo: boolean;
  logLevel: string;
  orgName: string;
};

export class ConfigError extends Error {}

/** Reads the environment once at start; a wrong value stops the process with the variable's name. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
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
    secureCookies: s.REMIT_SECURE_COOKIES,
    demo: s.REMIT_DEMO,
    logLevel: s.REMIT_LOG_LEVEL,
    orgName: s.REMIT_ORG_NAME,
  };
}
