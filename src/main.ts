import { ConfigError } from './config.ts';
import { startRemit } from './app.ts';
import { ensureWebBuild } from './http/web-build.ts';
import { DEMO_USERNAMES } from './org/demo.ts';

export { startRemit } from './app.ts';

/** `npm start`: build the web app if its sources changed, then serve until told to stop. */
export async function serve(): Promise<void> {
  const started = Date.now();
  try {
    await ensureWebBuild((m) => console.log(m));
    const remit = await startRemit();
    console.log(`Remit is serving at ${remit.url} (database: ${remit.ctx.database.dialect}, ready in ${Date.now() - started} ms)`);
    console.log(`API documentation: ${remit.url}/api/docs`);
    if (remit.adminPassword) {
      console.log('\nDemo data loaded. Sign in as the administrator with:');
      console.log(`  user name: admin\n  password:  ${remit.adminPassword}`);
      console.log(`The demo accounts ${DEMO_USERNAMES.filter((u) => u !== 'admin').join(', ')} (one per role) share this password.`);
      console.log('This password is shown only this once. Change it on the Account page.\n');
    }
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping…`);
      remit.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

if (import.meta.main) await serve();
