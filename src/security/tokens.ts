import { createHash, randomBytes } from 'node:crypto';

export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Session ids and API tokens are stored only as this digest, so a copy of the database opens no session. */
export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
