import { hash, randomBytes } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { now } from '../ids.ts';

export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Session ids and API tokens are stored only as this digest, so a copy of the database opens no session. */
export function digestToken(token: string): string {
  // The one-shot digest: every request with a cookie asks this, and it builds no hash object.
  return hash('sha256', token, 'hex');
}

/** Every live API token of an account stops working (its password changed); answers how many did. */
export async function revokeAllApiTokens(trx: Executor, userId: string): Promise<number> {
  const result = await trx.updateTable('api_tokens').set({ revoked_at: now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
