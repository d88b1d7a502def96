import { hostname } from 'node:os';
import type { Context } from '../context.ts';
import { acquireLease, DEFAULT_LEASE_MS, startJobTimer } from '../db/jobs.ts';
import { writeAudited } from '../db/write.ts';
import { newId } from '../ids.ts';
import { systemActor } from '../security/actor.ts';
import type { AuditEntry } from '../security/audit.ts';
import { LEVEL_LABELS } from '../security/levels.ts';
import { DECLASSIFIED_MARK } from './carriers.ts';
import { MARK_LEVELS } from './marks.ts';
import { RECORD_LEVEL, addDays, localDay } from './records-common.ts';

/**
 * Declassification jobs. Every Remit process sharing a database runs a timer; each tick first takes
 * the job's lease with one conditional UPDATE (only the process whose UPDATE changed the row goes
 * on), and the work itself is idempotent, so a tick that runs twice (a lease that ran out mid-way)
 * changes nothing the second time.
 *
 * Each tick, on the calendar day in China:
 * - alerts the custodian of a held carrier once when its period ends within ALERT_DAYS days;
 * - declassifies a carrier whose period has ended (level internal, mark 解密, audited);
 * - opens this year's review of every classified carrier still held (one per carrier per year).
 */
export const SECRECY_JOB = 'secrecy.declassification';
export const ALERT_DAYS = 30;
export const LEASE_MS = DEFAULT_LEASE_MS;
export const DEFAULT_INTERVAL_MS = 60 * 60 * 1000;

const defaultRunner = `${hostname()}:${process.pid}`;
const schedulerActor = () => systemActor('secrecy-scheduler');

export interface JobRun {
  ran: boolean;
  alerts: number;
  declassified: number;
  reviewsOpened: number;
}

export async function runSecrecyJobsOnce(ctx: Context, at: Date = new Date(), runner: string = defaultRunner, options: { now?: boolean } = {}): Promise<JobRun> {
  const none: JobRun = { ran: false, alerts: 0, declassified: 0, reviewsOpened: 0 };
  if (!(await acquireLease(ctx.database.db, SECRECY_JOB, runner, at, LEASE_MS, options.now))) return none;
  const today = localDay(at);
  try {
    const run: JobRun = {
      ran: true,
      alerts: await sendAlerts(ctx, today),
      declassified: await declassifyEnded(ctx, today),
      reviewsOpened: await openYearlyReviews(ctx, today),
    };
    await ctx.database.db.updateTable('secrecy_jobs').set({ last_run_at: at.toISOString() }).where('name', '=', SECRECY_JOB).where('leased_by', '=', runner).execute();
    return run;
  } finally {
    // The lease's time keeps other processes' ticks from repeating this one; its holder is cleared
    // when the run ends (or fails), which tells a request to run now that nothing is running.
    await ctx.database.db.updateTable('secrecy_jobs').set({ leased_by: null }).where('name', '=', SECRECY_JOB).where('leased_by', '=', runner).execute();
  }
}

async function sendAlerts(ctx: Context, today: string): Promise<number> {
  const horizon = addDays(today, ALERT_DAYS);
  const due = await ctx.database.db
    .selectFrom('carriers')
    .select(['id', 'title', 'number', 'mark', 'period_end', 'custodian_person_id'])
    .where('state', '=', 'held')
    .where('carrier_level', 'in', MARK_LEVELS)
    .where('period_end', '>', today)
    .where('period_end', '<=', horizon)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('secrecy_alerts')
            .select('secrecy_alerts.id')
            .whereRef('secrecy_alerts.carrier_id', '=', 'carriers.id')
            .whereRef('secrecy_alerts.due_on', '=', 'carriers.period_end')
            .where('secrecy_alerts.kind', '=', 'period_ending'),
        ),
      ),
    )
    .execute();
  let sent = 0;
  for (const carrier of due) {
    const created = await writeAudited(ctx, schedulerActor(), async (trx) => {
      const id = newId();
      const message =
        `The secrecy period of "${carrier.title}"${carrier.number ? ` (${carrier.number})` : ''}, marked ${carrier.mark}, ends on ${carrier.period_end}. ` +
        'Decide in its review before then whether to extend it; otherwise it is declassified that day.';
      const inserted = await trx
        .insertInto('secrecy_alerts')
        .values({
          id,
          kind: 'period_ending',
          carrier_id: carrier.id,
          person_id: carrier.custodian_person_id,
          due_on: carrier.period_end!,
          message,
          read_at: null,
          level: RECORD_LEVEL,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.columns(['kind', 'carrier_id', 'due_on']).doNothing())
        .executeTakeFirst();
      const done = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      const audit: AuditEntry[] = done
        ? [{ action: 'carrier.alert', objectType: 'carrier', objectId: carrier.id, level: RECORD_LEVEL, detail: { alertId: id, dueOn: carrier.period_end, personId: carrier.custodian_person_id } }]
        : [];
      return { result: done, audit };
    });
    if (created) sent++;
  }
  return sent;
}

async function declassifyEnded(ctx: Context, today: string): Promise<number> {
  const ended = await ctx.database.db
    .selectFrom('carriers')
    .select(['id'])
    .where('carrier_level', 'in', MARK_LEVELS)
    .where('period_end', '<=', today)
    .execute();
  let count = 0;
  for (const { id } of ended) {
    const done = await writeAudited(ctx, schedulerActor(), async (trx) => {
      // The condition is repeated in the UPDATE itself, so a second runner changes nothing and writes no event.
      const before = await trx.selectFrom('carriers').select(['mark', 'carrier_level', 'period_end']).where('id', '=', id).executeTakeFirst();
      const result = await trx
        .updateTable('carriers')
        .set({ carrier_level: 'internal', mark: DECLASSIFIED_MARK, declassified_on: today, updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .where('carrier_level', 'in', MARK_LEVELS)
        .where('period_end', '<=', today)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1 || !before) return { result: false, audit: [] };
      await trx
        .updateTable('carrier_reviews')
        .set({ status: 'closed', note: 'Declassified when its period ended.', updated_at: new Date().toISOString() })
        .where('carrier_id', '=', id)
        .where('status', '=', 'open')
        .execute();
      return {
        result: true,
        audit: {
          action: 'carrier.declassify',
          objectType: 'carrier',
          objectId: id,
          level: RECORD_LEVEL,
          detail: { reason: 'period_ended', periodEnd: before.period_end, from: before.mark, fromLevel: LEVEL_LABELS[before.carrier_level].zh, on: today },
        },
      };
    });
    if (done) count++;
  }
  return count;
}

async function openYearlyReviews(ctx: Context, today: string): Promise<number> {
  const year = Number(today.slice(0, 4));
  const pending = await ctx.database.db
    .selectFrom('carriers')
    .select(['id', 'mark'])
    .where('state', '=', 'held')
    .where('carrier_level', 'in', MARK_LEVELS)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('carrier_reviews').select('carrier_reviews.id').whereRef('carrier_reviews.carrier_id', '=', 'carriers.id').where('carrier_reviews.year', '=', year),
        ),
      ),
    )
    .execute();
  let opened = 0;
  for (const carrier of pending) {
    const done = await writeAudited(ctx, schedulerActor(), async (trx) => {
      const id = newId();
      const stamp = new Date().toISOString();
      const inserted = await trx
        .insertInto('carrier_reviews')
        .values({ id, carrier_id: carrier.id, year, status: 'open', decision: null, new_mark: null, note: null, decided_by: null, decided_by_name: null, decided_at: null, level: RECORD_LEVEL, created_at: stamp, updated_at: stamp })
        .onConflict((oc) => oc.columns(['carrier_id', 'year']).doNothing())
        .executeTakeFirst();
      const ok = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      const audit: AuditEntry[] = ok ? [{ action: 'carrier_review.open', objectType: 'carrier_review', objectId: id, level: RECORD_LEVEL, detail: { carrierId: carrier.id, year, mark: carrier.mark } }] : [];
      return { result: ok, audit };
    });
    if (done) opened++;
  }
  return opened;
}

export interface SecrecyScheduler {
  stop(): Promise<void>;
}

/** Starts the timer: a first tick soon after start, then one every interval (src/db/jobs.ts). */
export function startSecrecyScheduler(
  ctx: Context,
  options: { intervalMs?: number; firstDelayMs?: number; log?: (error: unknown) => void } = {},
): SecrecyScheduler {
  return startJobTimer(() => runSecrecyJobsOnce(ctx), { intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS, firstDelayMs: options.firstDelayMs ?? 5_000, log: options.log });
}
