import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Context } from '../context.ts';
import { acquireLease, releaseLease, startJobTimer, type JobTimer } from '../db/jobs.ts';
import { systemActor } from '../security/actor.ts';
import { publishScheduled } from './releases.ts';

/**
 * Scheduled publication: each tick publishes the versions whose time has come. Every process runs
 * the timer; the lease lets one of them do each tick, and each version is published by a
 * conditional update (scheduled → published) in the transaction that publishes it, so a version is
 * published once even when a lease runs out mid-tick.
 */
export const PUBLISH_JOB = 'media.publish';
const defaultRunner = `${hostname()}:${process.pid}`;

export interface PublishRun {
  ran: boolean;
  published: string[];
}

/** One run as of `at` (tests pass their own clock). */
export async function runScheduledPublishOnce(ctx: Context, at: Date = new Date(), runner: string = defaultRunner, options: { leaseMs?: number } = {}): Promise<PublishRun> {
  const run: PublishRun = { ran: false, published: [] };
  // Held while a run is in progress (and released at its end, so the next tick anywhere may run); a
  // run that dies leaves the lease to run out.
  if (!(await acquireLease(ctx.database.db, PUBLISH_JOB, runner, at, options.leaseMs ?? 60_000, true))) return run;
  let finished = false;
  try {
    const due = await ctx.database.db
      .selectFrom('media_release_versions')
      .select(['id', 'release_id'])
      .where('state', '=', 'scheduled')
      .where('scheduled_at', '<=', at.toISOString())
      .orderBy('scheduled_at')
      .execute();
    for (const version of due) {
      if (await publishScheduled(ctx, version.id, systemActor(`media-scheduler@${runner}`), at)) run.published.push(version.release_id);
    }
    run.ran = true;
    finished = true;
    return run;
  } finally {
    await releaseLease(ctx.database.db, PUBLISH_JOB, runner, finished ? at : null);
  }
}

/**
 * The time in a clock file (REMIT_JOB_CLOCK_FILE): what a test or drill sets for every process at
 * once. A file that cannot be read or holds no instant is an error of the tick, not the system time:
 * a drill must not publish by the real clock by mistake.
 */
export function fileClock(file: string): () => Date {
  return () => {
    const text = readFileSync(file, 'utf8').trim();
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw new Error(`REMIT_JOB_CLOCK_FILE ${file} holds no ISO instant: ${JSON.stringify(text.slice(0, 40))}`);
    return at;
  };
}

export function startPublishScheduler(ctx: Context, options: { intervalMs?: number; clock?: () => Date; log?: (error: unknown) => void } = {}): JobTimer {
  const file = ctx.settings.jobClockFile;
  const clock = options.clock ?? (file ? fileClock(file) : () => new Date());
  const intervalMs = options.intervalMs ?? ctx.settings.mediaPublishIntervalSeconds * 1000;
  return startJobTimer(async () => runScheduledPublishOnce(ctx, clock(), defaultRunner, { leaseMs: Math.max(intervalMs * 2, 60_000) }), { intervalMs, firstDelayMs: Math.min(intervalMs, 5_000), log: options.log });
}
