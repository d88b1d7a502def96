import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRemit } from '../src/app.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

describe('the remit command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'remit-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function remit(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(join(ROOT, 'bin', 'remit'), args, {
        env: { ...process.env, REMIT_DATA_DIR: dir, REMIT_LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('lists its commands and explains each', async () => {
    const help = await remit(['--help']);
    expect(help.stdout).toMatch(/init\s+创建数据库和第一个系统管理员 \/ Create the database and the first administrator/);
    expect(help.stdout).toMatch(/audit verify/);
    const sub = await remit(['user', 'add', '--help']);
    expect(sub.stdout).toContain('Usage: remit user add --username NAME');
    const unknown = await remit(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
  });

  it('creates the first administrator once, then adds users', async () => {
    const init = await remit(['init', '--username', 'Boss', '--name', 'Office Head', '--generate']);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/已创建用户 boss（admin；密级许可 internal）。 \/ Created user boss \(admin; clearance internal\)/);
    expect(init.stdout).toMatch(/Password \(shown once\): \S{16}/);
    const again = await remit(['init', '--username', 'other', '--name', 'Other', '--generate']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has users');
    const add = await remit(['user', 'add', '--username', 'clerk', '--name', 'Clerk', '--roles', 'clerk,leader', '--password', 'long enough password']);
    expect(add.stdout).toContain('Created user clerk (clerk, leader; clearance internal)');
    const badRole = await remit(['user', 'add', '--username', 'x2', '--name', 'X', '--roles', 'emperor', '--generate']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('Unknown role(s) emperor');
    const noTty = await remit(['user', 'add', '--roles', 'viewer']);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain('User name is required');
  });

  it('appoints the security administrator and the auditor, and resets a password', async () => {
    await remit(['init', '--username', 'admin', '--name', 'Admin', '--generate']);
    expect((await remit(['user', 'add', '--username', 'sec', '--name', 'Sec', '--roles', 'security_admin', '--generate'])).stdout).toContain('Created user sec (security_admin;');
    const both = await remit(['user', 'add', '--username', 'both', '--name', 'Both', '--roles', 'admin,auditor', '--generate']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('三员分立');
    await remit(['user', 'add', '--username', 'aud', '--name', 'Aud', '--roles', 'viewer', '--generate']);
    const appointed = await remit(['user', 'roles', '--username', 'aud', '--roles', 'auditor']);
    expect(appointed.stdout).toContain('User aud now has the roles auditor.');
    expect((await remit(['user', 'roles', '--username', 'nobody', '--roles', 'viewer'])).stderr).toContain('No user named nobody.');
    expect((await remit(['user', 'reset-password', '--username', 'aud'])).stdout).toMatch(/New password for aud \(shown once\): \S{16}/);
  });

  it('imports a CSV all or nothing and says which rows are wrong', async () => {
    const good = join(dir, 'people.csv');
    writeFileSync(good, 'name,name_en\n张三,Zhang San\n李四,Li Si\n');
    expect((await remit(['import', 'people', good])).stdout).toContain('Imported 2 people.');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'name,email\nWang,wang@example.org\n,nobody@example.org\n');
    const result = await remit(['import', 'people', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/第 3 行［name］：.+\n {2}row 3 \[name\]: A person needs a name\./);
    const db = new DatabaseSync(join(dir, 'remit.sqlite'));
    expect(db.prepare('select count(*) as n from people').get()).toEqual({ n: 2 });
    db.close();
  });

  it('verifies the audit chain and names the first broken link', async () => {
    await remit(['init', '--username', 'admin', '--name', 'Admin', '--generate']);
    await remit(['user', 'add', '--username', 'a1', '--name', 'A1', '--roles', 'viewer', '--generate']);
    await remit(['user', 'add', '--username', 'a2', '--name', 'A2', '--roles', 'viewer', '--generate']);
    const ok = await remit(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/审计链完整：已核验 3 条事件，用时 \d+\.\d 秒（每秒 \d+ 条）。/);
    expect(ok.stdout).toMatch(/Audit chain intact: 3 event\(s\) verified in \d+\.\d s \(\d+ events\/s\)\./);
    const db = new DatabaseSync(join(dir, 'remit.sqlite'));
    db.prepare("update audit_events set detail = '{\"username\":\"mallory\"}' where seq = 2").run();
    db.close();
    const broken = await remit(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('审计链在第 2 条事件处断开');
    expect(broken.stderr).toContain('Audit chain BROKEN at event 2: event 2 was changed after it was written.');
  });

  it('copies a running SQLite database consistently', async () => {
    const server = await startRemit({ env: { REMIT_DATA_DIR: dir, REMIT_PORT: '0', REMIT_LOG_LEVEL: 'silent', DATABASE_URL: '' } });
    try {
      // Keep writing while the backup runs.
      let writing = true;
      const writer = (async () => {
        let i = 0;
        while (writing && i < 200) {
          await server.app.inject({ method: 'GET', url: '/api/health' });
          await server.ctx.database.db.updateTable('units').set({ updated_at: new Date().toISOString() }).execute();
          i++;
        }
      })();
      const target = join(dir, 'copy.sqlite');
      const result = await remit(['backup', target]);
      writing = false;
      await writer;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Backup written to ${target}`);
      const copy = new DatabaseSync(target);
      expect(copy.prepare('pragma integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(copy.prepare('select count(*) as n from study_group_members').get()).toEqual({ n: 7 });
      copy.close();
      const exists = await remit(['backup', target]);
      expect(exists.code).toBe(1);
      expect(exists.stderr).toContain('already exists');
    } finally {
      await server.close();
    }
    const pg = await remit(['backup', join(dir, 'x.sqlite')], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain('pg_dump');
  });

  it('refuses a wrong setting with the variable named', async () => {
    const result = await remit(['audit', 'verify'], { REMIT_CEILING: 'cosmic' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REMIT_CEILING="cosmic"');
  });
});
