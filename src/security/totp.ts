import { generateSecret, generateURI, verify } from 'otplib';
import type { Context } from '../context.ts';
import { isSealed, seal, unseal } from './secret-box.ts';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, account: string, issuer: string): string {
  return generateURI({ issuer, label: account, secret });
}

/** The form a TOTP secret is stored in: sealed with the server's key, bound to its user. */
export function sealTotpSecret(ctx: Context, userId: string, secret: string): string {
  return seal(ctx.settings, secret, `totp:${userId}`);
}

/**
 * The secret to check codes with. A secret stored before secrets were sealed is sealed now, on its
 * first use, so old databases stop holding plain seeds without a migration that needs the key.
 */
async function openTotpSecret(ctx: Context, user: { id: string; totp_secret: string | null }): Promise<string | null> {
  const stored = user.totp_secret;
  if (!stored) return null;
  if (isSealed(stored)) return unseal(ctx.settings, stored, `totp:${user.id}`);
  await ctx.database.db
    .updateTable('users')
    .set({ totp_secret: sealTotpSecret(ctx, user.id, stored) })
    .where('id', '=', user.id)
    .where('totp_secret', '=', stored)
    .execute();
  return stored;
}

/**
 * Checks a code and uses it up: the time step it belongs to is recorded for the user, and a code
 * of that step or an earlier one is refused afterwards, so a code seen over a shoulder or in a log
 * cannot be replayed within its window. The record is a conditional update, so two requests racing
 * with the same code cannot both succeed.
 */
export async function consumeTotp(ctx: Context, user: { id: string; totp_secret: string | null; totp_last_step: number | null }, code: string): Promise<boolean> {
  const token = code.trim();
  const secret = await openTotpSecret(ctx, user);
  if (!secret || !/^\d{6}$/.test(token)) return false;
  // One step either side absorbs clock drift between the phone and the server.
  const result = await verify({
    secret,
    token,
    epochTolerance: 30,
    ...(user.totp_last_step === null ? {} : { afterTimeStep: Number(user.totp_last_step) }),
  });
  if (!result.valid || !('timeStep' in result)) return false;
  const step = result.timeStep;
  const recorded = await ctx.database.db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(recorded.numUpdatedRows) === 1;
}
