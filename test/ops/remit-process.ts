// Run as its own process by the ops tests: one Remit server (the real startRemit, with its scheduler)
// on the database named in the environment, on a free loopback port. Prints {"url": …} once it
// listens and stops cleanly on SIGTERM.
import { startRemit } from '../../src/app.ts';

const { TARGET_URL, TARGET_SQLITE, TARGET_SCHEMA } = process.env;
const remit = await startRemit({
  schema: TARGET_SCHEMA,
  env: {
    DATABASE_URL: TARGET_URL,
    REMIT_DATA_DIR: TARGET_SQLITE ?? process.env.REMIT_DATA_DIR,
    REMIT_HOST: '127.0.0.1',
    REMIT_PORT: '0',
    REMIT_DEMO: 'false',
    REMIT_LOG_LEVEL: process.env.REMIT_LOG_LEVEL ?? 'silent',
  },
  webDir: '/nonexistent',
});
process.stdout.write(`${JSON.stringify({ url: remit.url, pid: process.pid })}\n`);
process.once('SIGTERM', () => {
  remit.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
