import { backup } from 'node:sqlite';
import { existsSync } from 'node:fs';
import { AppError } from '../errors.ts';
import type { Database } from './database.ts';

/** SQLite's online backup copies a consistent snapshot page by page while other connections keep writing. */
export async function backupSqlite(database: Database, target: string): Promise<number> {
  if (!database.sqlite) throw new AppError(400, 'not_sqlite', { tool: 'pg_dump' });
  if (existsSync(target)) throw new AppError(409, 'exists', { target });
  return backup(database.sqlite, target);
}
