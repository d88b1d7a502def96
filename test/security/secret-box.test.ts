import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, seal, unseal } from '../../src/security/secret-box.ts';

describe('sealed secrets', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'remit-key-'));
    dirs.push(dir);
    return join(dir, 'data');
  };

  it('creates a key file only its owner can read, on first need, and keeps using it', () => {
    const dir = dataDir();
    const settings = { secretKey: undefined, dataDir: dir };
    const sealed = seal(settings, 'JBSWY3DPEHPK3PXP', 'totp:u1');
    const path = join(dir, KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const key = readFileSync(path, 'utf8');
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(unseal(settings, sealed, 'totp:u1')).toBe('JBSWY3DPEHPK3PXP');
    expect(readFileSync(path, 'utf8')).toBe(key);
  });

  it('opens only with the same key and the same owner', () => {
    const fromEnv = { secretKey: 'an operator chosen key of some length', dataDir: dataDir() };
    const sealed = seal(fromEnv, 'JBSWY3DPEHPK3PXP', 'totp:u1');
    expect(unseal(fromEnv, sealed, 'totp:u1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => unseal(fromEnv, sealed, 'totp:u2')).toThrow(/same REMIT_SECRET_KEY/);
    expect(() => unseal({ ...fromEnv, secretKey: 'a different key of at least that length' }, sealed, 'totp:u1')).toThrow(/does not open/);
    // Two seals of one secret differ (fresh nonce), so equal secrets do not show as equal rows.
    expect(seal(fromEnv, 'JBSWY3DPEHPK3PXP', 'totp:u1')).not.toBe(sealed);
  });
});
