import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../src/config.ts';

describe('settings from the environment', () => {
  it('has defaults that run the embedded database at the internal ceiling', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({ host: '127.0.0.1', port: 3000, dataDir: './data', databaseUrl: undefined, ceiling: 'internal', demo: true });
  });

  it('names the variable that is wrong and what it should be', () => {
    expect(() => loadSettings({ REMIT_PORT: 'eighty', REMIT_CEILING: 'topsecret' })).toThrow(ConfigError);
    try {
      loadSettings({ REMIT_PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('REMIT_PORT="eighty"');
      expect(message).toContain('DATABASE_URL="mysql://x": must be a postgres:// URL');
    }
  });

  it('reads flags and a PostgreSQL URL', () => {
    const s = loadSettings({ REMIT_DEMO: 'no', REMIT_SECURE_COOKIES: 'true', DATABASE_URL: 'postgres://u@h/db', REMIT_CEILING: 'jimi' });
    expect(s).toMatchObject({ demo: false, secureCookies: true, databaseUrl: 'postgres://u@h/db', ceiling: 'jimi' });
  });
});
