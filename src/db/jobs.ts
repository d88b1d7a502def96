import type { Executor } from './database.ts';

/**
 * Leases of scheduled jobs, so each tick runs in one process of any number sharing the database.
 * The rows live in `secrecy_jobs` (the first jobs were the declassification ones; the table holds
 * every job's lease now).
 */
export const DEFAULT_LEASE_MS = 5 * 60 * 1000;

/**
 * Takes the named lease when it has run out (a scheduled tick), or, for a run asked for now, when no
 * run is in progress; true for exactly one of any number of racing callers.
 */
export async function acquireLease(db: Executor, name: string, runner: string, at: Date, leaseMs = DEFAULT_LEASE_MS, now = false): Promise<boolean> {
  await db.insertInto('secrecy_jobs').values({ name, leased_until: null, leased_by: null, last_run_at: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const nowIso = at.toISOString();
  const result = await db
    .updateTable('secrecy_jobs')
    .set({ leased_until: new Date(at.getTime() + leaseMs).toISOString(), leased_by: runner })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', nowIso), ...(now ? [eb('leased_by', 'is', null)] : [])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Keeps a lease held by `runner` until `until` (a long run renews it as it goes); false when another holds it now. */
export async function renewLease(db: Executor, name: string, runner: string, until: Date): Promise<boolean> {
  const result = await db.updateTable('secrecy_jobs').set({ leased_until: until.toISOString() }).where('name', '=', name).where('leased_by', '=', runner).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a run: records when it ran (when it did) and lets go of the holder, so a run asked for now may start. */
export async function releaseLease(db: Executor, name: string, runner: string, ranAt: Date | null): Promise<void> {
  await db
    .updateTable('secrecy_jobs')
    .set({ leased_by: null, ...(ranAt && { last_run_at: ranAt.toISOString() }) })
    .where('name', '=', name)
    .where('leased_by', '=', runner)
    .execute();
}

export interface JobTimer {
  /** Stops the timer and waits for a tick in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `tick` soon after start and then every interval, never two at once. A tick's error is logged
 * and the next tick tries again. Timers do not keep the process alive.
 */
export function startJobTimer(tick: () => Promise<unknown>, options: { intervalMs: number; firstDelayMs?: number; log?: ((error: unknown) => void) | undefined }): JobTimer {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const run = () => {
    if (stopped || running) return;
    running = tick()
      .catch((error: unknown) => options.log?.(error))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, options.firstDelayMs ?? 5_000);
  const timer = setInterval(run, options.intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      if (running) await running;
    },
  };
}
