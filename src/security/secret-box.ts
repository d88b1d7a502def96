import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config.ts';
import { AppError } from '../errors.ts';

/**
 * Secrets the server must read back (TOTP seeds) are kept in the database sealed with AES-256-GCM,
 * so a copy of the database or a backup does not give away anyone's second factor. The key comes
 * from REMIT_SECRET_KEY or, when that is unset, from `secret.key` in the data directory, created
 * (mode 0600) the first time it is needed. Every process sharing one database needs the same key:
 * with several processes, set REMIT_SECRET_KEY.
 */
const PREFIX = 'enc:v1:';
export const KEY_FILE = 'secret.key';

const keys = new Map<string, Buffer>();

function keyFromFile(dataDir: string): string {
  const path = join(dataDir, KEY_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  // Written whole under a temporary name, then linked into place: a process starting at the same
  // moment either wins the link or reads the winner's complete key, never a half-written file.
  const temporary = join(dataDir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(path, 'utf8').trim();
}

/** The 32-byte key, derived from the configured material so any long passphrase will do. */
export function secretKey(settings: Pick<Settings, 'secretKey' | 'dataDir'>): Buffer {
  const cacheKey = settings.secretKey ? `env:${settings.secretKey}` : `file:${settings.dataDir}`;
  let key = keys.get(cacheKey);
  if (!key) {
    const material = settings.secretKey ?? keyFromFile(settings.dataDir);
    key = Buffer.from(hkdfSync('sha256', material, 'remit', 'remit secret box v1', 32));
    keys.set(cacheKey, key);
  }
  return key;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** `context` (the owner's id) is bound into the seal, so a sealed value copied to another row does not open. */
export function seal(settings: Pick<Settings, 'secretKey' | 'dataDir'>, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(settings), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unseal(settings: Pick<Settings, 'secretKey' | 'dataDir'>, stored: string, context: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', secretKey(settings), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError(503, 'secret_key_mismatch', { variable: 'REMIT_SECRET_KEY', file: 'secret.key' });
  }
}
