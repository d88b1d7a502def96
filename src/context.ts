import type { Settings } from './config.ts';
import type { Database } from './db/database.ts';

/** What every service needs: the database and the settings. One per process. */
export interface Context {
  database: Database;
  settings: Settings;
}
