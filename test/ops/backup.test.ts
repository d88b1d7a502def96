import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { freshContext, POSTGRES_URL } from '../helpers/db.ts';
import { call, signInOver, startRemitProcess } from './processes.ts';

const run = promisify(execFile);
const REMIT = join(import.meta.dirname, '..', '..', 'bin', 'remit');
const PASSWORD = 'correct horse battery';

async function remit(args: string[], dataDir: string) {
  return run(REMIT, args, { env: { ...process.env, REMIT_DATA_DIR: dataDir, REMIT_LOG_LEVEL: 'silent', DATABASE_URL: '' } });
}

describe('backup and restore drill (SQLite)', () => {
  it('backs up while writes go on, and the restored copy starts, verifies and holds what was acknowledged before', async () => {
    const env = await freshContext('sqlite');
    const restoreDir = mkdtempSync(join(tmpdir(), 'remit-restore-'));
    const backupFile = join(restoreDir, 'backup.sqlite');
    const source = env.env.TARGET_SQLITE!;
    try {
      await createUser(env.ctx, systemActor('test'), { username: 'clerk', displayName: 'Clerk', password: PASSWORD, roles: ['admin'], clearance: 'internal', personId: null });
      const server = await startRemitProcess(env.env);
      const session = await signInOver(server.url, 'clerk', PASSWORD);
      const acked: string[] = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const created = await call(server.url, session, 'POST', '/api/people', { name: `Backed ${i}`, level: 'internal' });
          expect(created.status).toBe(201);
          acked.push(`Backed ${i}`);
        }
      })();
      // The backup starts once writes are flowing, and they keep flowing while it runs.
      await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
      const before = [...acked];
      const backedUp = await remit(['backup', backupFile], source);
      expect(backedUp.stdout).toContain(`Backup written to ${backupFile}`);
      await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThan(before.length + 5);
      writing = false;
      await writer;
      await server.stop();

      // Restore: the copy becomes the database of a new data directory, and Remit starts on it.
      copyFileSync(backupFile, join(restoreDir, 'remit.sqlite'));
      const verified = await remit(['audit', 'verify'], restoreDir);
      expect(verified.stdout).toMatch(/Audit chain intact: \d+ event\(s\) verified/);
      const restored = await startRemitProcess({ TARGET_SQLITE: join(restoreDir, 'remit.sqlite') });
      const again = await signInOver(restored.url, 'clerk', PASSWORD);
      const listed = await call(restored.url, again, 'GET', '/api/people?pageSize=1');
      await restored.stop();

      const copy = await openDatabase({ sqlite: join(restoreDir, 'remit.sqlite') });
      try {
        const people = (await copy.db.selectFrom('people').select('name').execute()).map((p) => p.name);
        const events = await copy.db.selectFrom('audit_events').select('seq').where('action', '=', 'person.create').execute();
        const sourcePeople = await env.ctx.database.db.selectFrom('people').select('name').execute();
        console.log(
          `[backup drill] acknowledged before the backup: ${before.length}; in the backup: ${people.length} people, ${events.length} creation events; ` +
            `source at the end: ${sourcePeople.length} people (${acked.length} acknowledged)`,
        );
        expect(people).toEqual(expect.arrayContaining(before));
        expect(events).toHaveLength(people.length);
        expect(people.length).toBeLessThan(sourcePeople.length);
        expect((listed.body as { total: number }).total).toBe(people.length);
      } finally {
        await copy.close();
      }
    } finally {
      await env.dispose();
      rmSync(restoreDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The PostgreSQL procedure the README gives: pg_dump of the running database, restored elsewhere. */
describe.runIf(POSTGRES_URL)('backup and restore drill (PostgreSQL, pg_dump)', () => {
  it('dumps while writes go on, and the restored copy starts, verifies and holds what was acknowledged before', async () => {
    const env = await freshContext('postgres');
    const schema = env.env.TARGET_SCHEMA!;
    const dumpDir = mkdtempSync(join(tmpdir(), 'remit-pgdump-'));
    const dumpFile = join(dumpDir, 'remit.dump');
    const restoreDb = `remit_restore_${randomBytes(4).toString('hex')}`;
    const restoreUrl = new URL(POSTGRES_URL!);
    restoreUrl.pathname = `/${restoreDb}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      await createUser(env.ctx, systemActor('test'), { username: 'clerk', displayName: 'Clerk', password: PASSWORD, roles: ['admin'], clearance: 'internal', personId: null });
      const server = await startRemitProcess(env.env);
      const session = await signInOver(server.url, 'clerk', PASSWORD);
      const acked: string[] = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const created = await call(server.url, session, 'POST', '/api/people', { name: `Dumped ${i}`, level: 'internal' });
          expect(created.status).toBe(201);
          acked.push(`Dumped ${i}`);
        }
      })();
      await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
      const before = [...acked];
      // pg_dump reads one snapshot of the whole schema while the writes go on.
      await run('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dumpFile}`, POSTGRES_URL!]);
      await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThan(before.length + 5);
      writing = false;
      await writer;
      await server.stop();

      // Restore into a new database and start Remit on it.
      await admin.query(`create database ${restoreDb}`);
      await run('pg_restore', ['--no-owner', `--dbname=${restoreUrl.href}`, dumpFile]);
      const copy = await openDatabase({ url: restoreUrl.href, schema, poolSize: 2 });
      try {
        expect(await verifyAudit(copy.db)).toMatchObject({ ok: true });
        const restored = await startRemitProcess({ TARGET_URL: restoreUrl.href, TARGET_SCHEMA: schema });
        const again = await signInOver(restored.url, 'clerk', PASSWORD);
        const listed = await call(restored.url, again, 'GET', '/api/people?pageSize=1');
        const searched = await call(restored.url, again, 'GET', `/api/people?q=${encodeURIComponent(before[0]!)}`);
        await restored.stop();

        const people = (await copy.db.selectFrom('people').select('name').execute()).map((p) => p.name);
        const events = await copy.db.selectFrom('audit_events').select('seq').where('action', '=', 'person.create').execute();
        const sourcePeople = await env.ctx.database.db.selectFrom('people').select('name').execute();
        console.log(
          `[pg_dump drill] acknowledged before the dump: ${before.length}; in the dump: ${people.length} people, ${events.length} creation events; ` +
            `source at the end: ${sourcePeople.length} people (${acked.length} acknowledged)`,
        );
        expect(people).toEqual(expect.arrayContaining(before));
        expect(events).toHaveLength(people.length);
        expect(people.length).toBeLessThan(sourcePeople.length);
        expect((listed.body as { total: number }).total).toBe(people.length);
        // The name index came back with the data.
        expect((searched.body as { items: { name: string }[] }).items.map((p) => p.name)).toContain(before[0]);
      } finally {
        await copy.close();
      }
    } finally {
      await env.dispose();
      await admin.query(`drop database if exists ${restoreDb} with (force)`);
      await admin.end();
      rmSync(dumpDir, { recursive: true, force: true });
    }
  }, 180_000);
});
