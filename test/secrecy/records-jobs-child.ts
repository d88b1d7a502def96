// Run as its own process by the scheduler tests: one more Remit process running the secrecy jobs
// on the database named in the environment, at the instant AT, and printing what it did.
import { openDatabase } from '../../src/db/database.ts';
import { runSecrecyJobsOnce } from '../../src/secrecy/scheduler.ts';
import { testSettings } from '../helpers/db.ts';

const { TARGET_URL, TARGET_SQLITE, TARGET_SCHEMA, AT, RUNNER } = process.env;
const database = await openDatabase({ url: TARGET_URL, sqlite: TARGET_SQLITE, schema: TARGET_SCHEMA, poolSize: 2 });
const result = await runSecrecyJobsOnce({ database, settings: testSettings() }, new Date(AT!), RUNNER);
await database.close();
process.stdout.write(JSON.stringify(result));
