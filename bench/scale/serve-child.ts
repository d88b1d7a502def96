/**
 * Remit as `npm run bench:scale` measures it: a process of its own, started on the database the bench
 * generated, as `npm start` runs it, so the measured heap is a server's and not that of the process
 * that made a million rows. Takes one argument of JSON (`env`, and `schema` on PostgreSQL), prints
 * `{"url": …}` on one line when it listens, and stops when its input closes or it is sent SIGTERM.
 */
import { startRemit } from '../../src/app.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as { env: Record<string, string | undefined>; schema?: string };
const remit = await startRemit({
  env: options.env,
  ...(options.schema ? { schema: options.schema } : {}),
  webDir: '/nonexistent',
  // Generated tasks have deadlines over two years, so hundreds of thousands of supervision steps
  // (due soon, overdue, escalated, reports) are due at once, which a live deployment takes as they
  // fall due: the first run would work through them during the measurements (for many minutes).
  supervisionFirstDelayMs: 24 * 60 * 60 * 1000,
});
process.stdout.write(`${JSON.stringify({ url: remit.url })}\n`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  remit.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
// The bench holds this process's input open: when the bench ends, however it ends, so does this.
process.stdin.on('end', stop).resume();
