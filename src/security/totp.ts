import { generateSecret, generateURI, verify } from 'otplib';
import type { Executor } from '../db/database.ts';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, account: string, issuer: string): string {
  return generateURI({ issuer, label: account, secret });
}

/**
 * Checks a code and uses it up: the time step it belongs to is recorded for the user, and a code
 * of that step or an earlier one is refused afterwards, so a code seen over a shoulder or in a log
 * cannot be replayed within its window. The record is a conditional update, so two requests racing
 * with the same code cannot both succeed.
 */
export async function consumeTotp(db: Executor, user: { id: string; totp_secret: string | null; totp_last_step: number | null }, code: string): Promise<boolean> {
  const token = code.trim();
  if (!user.totp_secret || !/^\d{6}$/.test(token)) return false;
  // One step either side absorbs clock drift between the phone and the server.
  const result = await verify({
    secret: user.totp_secret,
    token,
    epochTolerance: 30,
    ...(user.totp_last_step === null ? {} : { afterTimeStep: Number(user.totp_last_step) }),
  });
  if (!result.valid || !('timeStep' in result)) return false;
  const step = result.timeStep;
  const recorded = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(recorded.numUpdatedRows) === 1;
}
