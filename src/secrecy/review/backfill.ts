import { hostname } from 'node:os';
import type { Context } from '../../context.ts';
import { transact } from '../../db/database.ts';
import { acquireLease } from '../../db/jobs.ts';
import { refreshFingerprints } from './fingerprints.ts';
import { everyOwner } from './text-sources.ts';

/**
 * Indexing of texts written before they were fingerprinted (before migration 0009 only minutes
 * were). It runs once per database, at start, with the code that reads the texts today; a lease in
 * secrecy_jobs lets one of several processes starting together do it, and a change to what is
 * fingerprinted gets a new job name so that it runs again. Each owner's texts are indexed in a
 * transaction of their own, so a large database is indexed in steps and a crash resumes cleanly
 * (unchanged texts are skipped by their SHA-256).
 */
export const BACKFILL_JOB = 'review.fingerprints.v2';
const LEASE_MS = 30 * 60 * 1000;

export async function backfillFingerprints(ctx: Context, runner = `${hostname()}:${process.pid}`): Promise<{ ran: boolean; owners: number }> {
  const { db } = ctx.database;
  const done = await db.selectFrom('secrecy_jobs').select('last_run_at').where('name', '=', BACKFILL_JOB).executeTakeFirst();
  if (done?.last_run_at) return { ran: false, owners: 0 };
  if (!(await acquireLease(db, BACKFILL_JOB, runner, new Date(), LEASE_MS))) return { ran: false, owners: 0 };
  const owners = await everyOwner(db);
  for (const owner of owners) await transact(ctx.database, (trx) => refreshFingerprints(trx, owner));
  await db.updateTable('secrecy_jobs').set({ last_run_at: new Date().toISOString(), leased_by: null }).where('name', '=', BACKFILL_JOB).execute();
  return { ran: true, owners: owners.length };
}
