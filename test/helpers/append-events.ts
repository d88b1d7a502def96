// Run as its own process by the audit tests: appends COUNT audited writes to the database named in
// the environment, standing for a second Remit process sharing that database.
import { openDatabase } from '../../src/db/database.ts';
import { writeAudited } from '../../src/db/write.ts';
import { systemActor } from '../../src/security/actor.ts';
import { testSettings } from './db.ts';

const { TARGET_URL, TARGET_SQLITE, TARGET_SCHEMA, COUNT, TAG } = process.env;
const database = await openDatabase({ url: TARGET_URL, sqlite: TARGET_SQLITE, schema: TARGET_SCHEMA, poolSize: 2 });
const ctx = { database, settings: testSettings() };
for (let i = 0; i < Number(COUNT); i++) {
  await writeAudited(ctx, systemActor(`process-${TAG}`), async () => ({
    result: undefined,
    audit: { action: 'test.write', objectType: 'thing', objectId: `${TAG}-${i}`, level: 'internal' },
  }));
}
await database.close();
