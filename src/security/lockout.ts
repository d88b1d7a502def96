import { sql } from 'kysely';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import type { User } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, notFound } from '../errors.ts';
import { now } from '../ids.ts';
import type { Actor } from './actor.ts';
import { verifyPassword } from './passwords.ts';
import { authorize } from './policy.ts';
import { consumeTotp } from './totp.ts';

/**
 * The one place a password is checked, whatever asks: sign-in, password change, turning the second
 * factor off, minting an API token, signing a responsibility letter. All of them share one counter
 * and one limit, kept per account AND address, so an attacker's address can lock only itself out
 * of that account, never the owner at their own desk.
 *
 * The counter is taken before the password is verified, in one atomic upsert: of any number of
 * attempts sent at once, only MAX_FAILURES are verified and the rest are refused, so parallel
 * guesses buy nothing. A success clears it; the MAX_FAILURES-th failure locks that account from
 * that address for a time that doubles with each lock (back-off), and the secrecy office sees and
 * lifts locks.
 */
export const MAX_FAILURES = 5;
const FIRST_LOCK_MINUTES = 5;
const LONGEST_LOCK_MINUTES = 24 * 60;

export type CredentialPurpose = 'login' | 'password_change' | 'totp_disable' | 'token' | 'letter_sign';
export type CredentialResult = 'ok' | 'wrong_password' | 'totp_missing' | 'wrong_totp';

export interface CredentialCheck {
  user: Pick<User, 'id' | 'username' | 'password_hash' | 'totp_enabled' | 'totp_secret' | 'totp_last_step'>;
  password: string;
  totp?: string | null | undefined;
  /** Check the second factor too when the account has one enrolled. */
  secondFactor: boolean;
  address: string | null;
  purpose: CredentialPurpose;
  /** Who the failure events are written as (the signed-in user, or the account named at sign-in). */
  actor: Actor;
}

export function lockMinutes(lockouts: number): number {
  return Math.min(FIRST_LOCK_MINUTES * 2 ** Math.min(lockouts, 20), LONGEST_LOCK_MINUTES);
}

const addressOf = (address: string | null) => address ?? 'unknown';

function lockedError(until: string | null): AppError {
  return new AppError(429, until ? 'too_many_attempts' : 'too_many_attempts_briefly', { until: until?.slice(11, 16) }, { code: 'too_many_attempts', details: until ? { lockedUntil: until } : undefined });
}

/**
 * Checks the password (and, when asked and enrolled, the TOTP code). Answers how it went; throws
 * 429 only when this account is locked from this address or too many checks are already under way.
 */
export async function checkCredentials(ctx: Context, check: CredentialCheck): Promise<CredentialResult> {
  const { db } = ctx.database;
  const key = { user_id: check.user.id, address: addressOf(check.address) };
  const stamp = now();
  const claim = await db
    .insertInto('sign_in_failures')
    .values({ ...key, failures: 1, lockouts: 0, locked_until: null, last_failure_at: null, updated_at: stamp })
    .onConflict((oc) =>
      oc.columns(['user_id', 'address']).doUpdateSet({
        // While locked, attempts are refused without counting, so the lock does not outlive itself.
        failures: sql<number>`case when sign_in_failures.locked_until > ${stamp} then sign_in_failures.failures else sign_in_failures.failures + 1 end`,
        updated_at: stamp,
      }),
    )
    .returning(['failures', 'lockouts', 'locked_until'])
    .executeTakeFirstOrThrow();
  if (claim.locked_until && claim.locked_until > stamp) throw lockedError(claim.locked_until);
  const attempt = Number(claim.failures);
  if (attempt > MAX_FAILURES) throw lockedError(null);

  if (!(await verifyPassword(check.user.password_hash, check.password))) {
    await recordFailure(ctx, check, attempt, 'password');
    return 'wrong_password';
  }
  if (check.secondFactor && check.user.totp_enabled === 1) {
    if (!check.totp) {
      // The right password with the code still to come: hand the attempt back, uncounted.
      await db
        .updateTable('sign_in_failures')
        .set({ failures: sql<number>`failures - 1` })
        .where('user_id', '=', key.user_id)
        .where('address', '=', key.address)
        .where('failures', '>', 0)
        .execute();
      return 'totp_missing';
    }
    if (!(await consumeTotp(ctx, check.user, check.totp))) {
      await recordFailure(ctx, check, attempt, 'totp');
      return 'wrong_totp';
    }
  }
  await db.deleteFrom('sign_in_failures').where('user_id', '=', key.user_id).where('address', '=', key.address).execute();
  return 'ok';
}

async function recordFailure(ctx: Context, check: CredentialCheck, attempt: number, reason: 'password' | 'totp'): Promise<void> {
  const address = addressOf(check.address);
  await writeAudited(ctx, check.actor, async (trx) => {
    const stamp = now();
    const row = await trx
      .selectFrom('sign_in_failures')
      .select('lockouts')
      .where('user_id', '=', check.user.id)
      .where('address', '=', address)
      .executeTakeFirst();
    const lock = attempt >= MAX_FAILURES;
    const lockouts = Number(row?.lockouts ?? 0);
    const until = lock ? new Date(Date.now() + lockMinutes(lockouts) * 60_000).toISOString() : null;
    await trx
      .updateTable('sign_in_failures')
      .set({
        last_failure_at: stamp,
        updated_at: stamp,
        ...(lock ? { locked_until: until, lockouts: lockouts + 1, failures: 0 } : {}),
      })
      .where('user_id', '=', check.user.id)
      .where('address', '=', address)
      .execute();
    return {
      result: undefined,
      audit: {
        action: lock ? 'auth.locked' : 'auth.credentials_failed',
        objectType: 'user',
        objectId: check.user.id,
        level: 'internal',
        detail: { purpose: check.purpose, reason, address, attempt, ...(lock ? { lockedUntil: until, lockouts: lockouts + 1 } : {}) },
      },
    };
  });
}

export interface LockRow {
  userId: string;
  username: string;
  displayName: string;
  address: string;
  failures: number;
  lockouts: number;
  lockedUntil: string | null;
  lastFailureAt: string | null;
}

/** Accounts locked from an address now, and addresses with failures counting towards a lock. */
export async function listLocks(ctx: Context, actor: Actor): Promise<LockRow[]> {
  authorize(actor, 'locks.manage');
  const stamp = now();
  const rows = await ctx.database.db
    .selectFrom('sign_in_failures')
    .innerJoin('users', 'users.id', 'sign_in_failures.user_id')
    .select([
      'sign_in_failures.user_id',
      'users.username',
      'users.display_name',
      'sign_in_failures.address',
      'sign_in_failures.failures',
      'sign_in_failures.lockouts',
      'sign_in_failures.locked_until',
      'sign_in_failures.last_failure_at',
    ])
    .where((eb) => eb.or([eb('sign_in_failures.locked_until', '>', stamp), eb('sign_in_failures.last_failure_at', 'is not', null)]))
    .orderBy('sign_in_failures.locked_until', 'desc')
    .orderBy('sign_in_failures.last_failure_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    address: r.address,
    failures: Number(r.failures),
    lockouts: Number(r.lockouts),
    lockedUntil: r.locked_until && r.locked_until > stamp ? r.locked_until : null,
    lastFailureAt: r.last_failure_at,
  }));
}

/** Lifts the locks of an account, from one address or from all; the back-off starts over. */
export async function liftLocks(ctx: Context, actor: Actor, userId: string, address?: string | undefined): Promise<number> {
  authorize(actor, 'locks.manage');
  return writeAudited(ctx, actor, async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user', userId);
    let query = trx.deleteFrom('sign_in_failures').where('user_id', '=', userId);
    if (address !== undefined) query = query.where('address', '=', address);
    const removed = Number((await query.executeTakeFirst()).numDeletedRows);
    return { result: removed, audit: { action: 'auth.unlock', objectType: 'user', objectId: userId, level: 'internal', detail: { address: address ?? null, removed } } };
  });
}

/** A new password starts the count over: locks kept the old one from being guessed. */
export async function clearFailures(trx: Executor, userId: string): Promise<void> {
  await trx.deleteFrom('sign_in_failures').where('user_id', '=', userId).execute();
}
