import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadSettings, type Settings } from '../../src/config.ts';
import type { Context } from '../../src/context.ts';
import { migrate, openDatabase, type Database, type DialectName } from '../../src/db/database.ts';

/** PostgreSQL runs when TEST_DATABASE_URL is set (.ci/run sets it); SQLite always runs. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL;
export const DIALECTS: DialectName[] = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

// vitest.config.ts says once when the PostgreSQL runs are skipped.

export interface TestDatabase {
  database: Database;
  /** Environment naming this database, for a child process that opens it too. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database: a temporary SQLite file, or a schema of its own in the PostgreSQL test
 * database so test files run side by side.
 */
export async function freshDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'remit-test-'));
    const file = join(dir, 'remit.sqlite');
    const database = await openDatabase({ sqlite: file });
    await migrate(database);
    return {
      database,
      env: { TARGET_SQLITE: file },
      dispose: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ url: POSTGRES_URL, schema, poolSize: 5 });
  await migrate(database);
  return {
    database,
    env: { TARGET_URL: POSTGRES_URL!, TARGET_SCHEMA: schema },
    dispose: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

export function testSettings(overrides: Record<string, string> = {}): Settings {
  // A fixed key keeps TOTP secrets sealed without writing a key file into the checkout's data directory.
  return loadSettings({ REMIT_LOG_LEVEL: 'silent', REMIT_DEMO: 'false', REMIT_SECRET_KEY: 'remit-test-key-not-a-secret-0123456789', ...overrides });
}

export async function freshContext(
  dialect: DialectName,
  overrides: Record<string, string> = {},
): Promise<{ ctx: Context; dispose(): Promise<void>; env: Record<string, string> }> {
  const test = await freshDatabase(dialect);
  return { ctx: { database: test.database, settings: testSettings(overrides) }, dispose: test.dispose, env: test.env };
}
