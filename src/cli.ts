import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openContext } from './app.ts';
import { ConfigError, loadSettings } from './config.ts';
import type { Context } from './context.ts';
import { backupSqlite } from './db/backup.ts';
import { AppError } from './errors.ts';
import { zhThenEn } from './i18n/render.ts';
import { createUser, resetPassword, updateUser } from './org/accounts.ts';
import { IMPORT_KINDS, importCsv, type ImportError, type ImportKind } from './org/import.ts';
import { systemActor } from './security/actor.ts';
import { verifyAudit } from './security/audit.ts';
import { LEVELS, type Level } from './security/levels.ts';
import { ROLES, type Role } from './security/roles.ts';

interface Command {
  /** Chinese, then English. */
  summary: readonly [string, string];
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

/** Admin commands run with the demo loader off: they act on the database as it is. */
async function withContext<T>(work: (ctx: Context) => Promise<T>): Promise<T> {
  const settings = loadSettings({ ...process.env, REMIT_DEMO: 'false' });
  const { ctx } = await openContext(settings);
  try {
    return await work(ctx);
  } finally {
    await ctx.database.close();
  }
}

async function ask(question: string, hidden = false): Promise<string> {
  if (!process.stdin.isTTY) throw new AppError(400, 'missing_option', { question: question.replace(/:\s*$/, '') });
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    // Keep typed passwords off the screen.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write.call(rl, s);
    };
  }
  const answer = await rl.question(question);
  rl.close();
  if (hidden) process.stdout.write('\n');
  return answer.trim();
}

function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length) throw new AppError(400, 'unknown_roles', { bad, roles: ROLES });
  return roles as Role[];
}

function parseLevel(text: string): Level {
  if (!(LEVELS as readonly string[]).includes(text)) throw new AppError(400, 'unknown_clearance', { text, levels: LEVELS });
  return text as Level;
}

async function addUser(values: Record<string, string | boolean | undefined>, defaults: { roles: string }): Promise<number> {
  const username = (values.username as string | undefined) ?? (await ask('用户名 User name: '));
  const displayName = (values.name as string | undefined) ?? (await ask('显示名称 Display name: '));
  const password = (values.password as string | undefined) ?? (values.generate ? undefined : await ask('密码（留空则生成） Password (blank to generate one): ', true)) ?? undefined;
  const roles = parseRoles((values.roles as string | undefined) ?? defaults.roles);
  const clearance = parseLevel((values.clearance as string | undefined) ?? 'internal');
  const result = await withContext((ctx) =>
    createUser(ctx, systemActor('cli', 'cli'), { username: username.toLowerCase(), displayName, password: password || undefined, roles, clearance, personId: null }),
  );
  const { username: name, roles: given, clearance: level } = result.user;
  console.log(zhThenEn(`已创建用户 ${name}（${given.join(', ')}；密级许可 ${level}）。`, `Created user ${name} (${given.join(', ')}; clearance ${level}).`));
  if (result.password) console.log(zhThenEn(`密码（只显示这一次）：${result.password}`, `Password (shown once): ${result.password}`));
  return 0;
}

/** One problem of an import, Chinese first. */
function rowProblem(e: ImportError): string {
  return `  第 ${e.row} 行${e.column ? `［${e.column}］` : ''}：${e.messageZh}\n  row ${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message}`;
}

/** The account named by --username, for the commands that change one. */
async function userIdOf(ctx: Context, values: Record<string, string | boolean | undefined>): Promise<{ id: string; username: string }> {
  const username = ((values.username as string | undefined) ?? (await ask('用户名 User name: '))).trim().toLowerCase();
  const user = await ctx.database.db.selectFrom('users').select(['id', 'username']).where('username', '=', username).executeTakeFirst();
  if (!user) throw new AppError(404, 'no_user_named', { username });
  return user;
}

const userOptions = {
  username: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  generate: { type: 'boolean' },
  roles: { type: 'string' },
  clearance: { type: 'string' },
} as const;

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: ['启动 Remit 服务（npm start 所运行的）', 'Serve Remit (what npm start runs)'],
    usage: 'remit serve',
    options: {},
    run: async () => {
      const { serve } = await import('./main.ts');
      await serve();
      return -1;
    },
  },
  init: {
    summary: ['创建数据库和第一个系统管理员', 'Create the database and the first administrator'],
    usage: 'remit init [--username admin] [--name "Office Admin"] [--password P | --generate]',
    options: userOptions,
    run: async (values) => {
      const hasUsers = await withContext(async (ctx) => Boolean(await ctx.database.db.selectFrom('users').select('id').limit(1).executeTakeFirst()));
      if (hasUsers) {
        console.error(zhThenEn('此数据库已有用户；请用 `remit user add` 添加。', 'This database already has users; add more with `remit user add`.'));
        return 1;
      }
      return addUser({ ...values, roles: 'admin' }, { roles: 'admin' });
    },
  },
  'user add': {
    summary: ['添加用户账号', 'Add a user account'],
    usage: 'remit user add --username NAME --name "Display Name" --roles clerk,leader [--clearance internal] [--password P | --generate]',
    options: userOptions,
    run: (values) => addUser(values, { roles: 'viewer' }),
  },
  'user roles': {
    summary: ['设置账号的角色（授予或收回安全保密管理员、安全审计员角色的唯一途径）', 'Set the roles of an account (the only way to give or take security_admin and auditor)'],
    usage: 'remit user roles --username NAME --roles security_admin',
    options: { username: { type: 'string' }, roles: { type: 'string' } },
    run: async (values) => {
      const roles = parseRoles((values.roles as string | undefined) ?? (await ask('角色（逗号分隔） Roles (comma-separated): ')));
      const user = await withContext(async (ctx) => updateUser(ctx, systemActor('cli', 'cli'), (await userIdOf(ctx, values)).id, { roles }));
      console.log(zhThenEn(`用户 ${user.username} 现在的角色：${user.roles.join(', ')}。`, `User ${user.username} now has the roles ${user.roles.join(', ')}.`));
      return 0;
    },
  },
  'user reset-password': {
    summary: ['生成新密码（结束该账号的会话和接口令牌）', 'Set a new generated password (ends the account\'s sessions and API tokens)'],
    usage: 'remit user reset-password --username NAME',
    options: { username: { type: 'string' } },
    run: async (values) => {
      const { username, password } = await withContext(async (ctx) => {
        const user = await userIdOf(ctx, values);
        return { username: user.username, password: await resetPassword(ctx, systemActor('cli', 'cli'), user.id) };
      });
      console.log(zhThenEn(`${username} 的新密码（只显示这一次）：${password}`, `New password for ${username} (shown once): ${password}`));
      return 0;
    },
  },
  import: {
    summary: ['从 CSV 文件导入单位、人员或职务（全部导入或全不导入）', 'Import units, people or positions from a CSV file (all rows or none)'],
    usage: `remit import <${IMPORT_KINDS.join('|')}> FILE.csv [--dry-run]`,
    options: { 'dry-run': { type: 'boolean' } },
    run: async (values, [kind, file]) => {
      if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind) || !file) {
        console.error(`用法 Usage: ${COMMANDS.import!.usage}`);
        return 2;
      }
      const csv = readFileSync(file, 'utf8');
      try {
        const report = await withContext((ctx) => importCsv(ctx, systemActor('cli', 'cli'), kind as ImportKind, csv, Boolean(values['dry-run'])));
        if (report.dryRun) {
          console.log(zhThenEn(`已检查 ${report.rows.length} 行，发现 ${report.errors.length} 个问题。`, `${report.rows.length} row(s) checked, ${report.errors.length} problem(s).`));
          for (const e of report.errors) console.log(rowProblem(e));
          return report.errors.length ? 1 : 0;
        }
        console.log(zhThenEn(`已导入 ${report.created} 条（${kind}）。`, `Imported ${report.created} ${kind}.`));
        return 0;
      } catch (error) {
        if (error instanceof AppError && error.code === 'import_rejected') {
          console.error(`${error.messageIn('zh')}\n${error.message}`);
          for (const e of (error.details as { errors: ImportError[] }).errors) console.error(rowProblem(e));
          return 1;
        }
        throw error;
      }
    },
  },
  'audit verify': {
    summary: ['重新计算审计日志的哈希链，指出第一个断开之处', 'Recompute the audit hash chain and name the first broken link'],
    usage: 'remit audit verify',
    options: {},
    run: async () => {
      const { result, seconds } = await withContext(async (ctx) => {
        const started = performance.now();
        return { result: await verifyAudit(ctx.database), seconds: (performance.now() - started) / 1000 };
      });
      if (result.ok) {
        const rate = Math.round(result.checked / seconds);
        console.log(
          zhThenEn(
            `审计链完整：已核验 ${result.checked} 条事件，用时 ${seconds.toFixed(1)} 秒（每秒 ${rate} 条）。`,
            `Audit chain intact: ${result.checked} event(s) verified in ${seconds.toFixed(1)} s (${rate} events/s).`,
          ),
        );
        return 0;
      }
      console.error(
        `审计链在第 ${result.brokenAt} 条事件处断开；其前 ${result.checked} 条已核验。\nAudit chain BROKEN at event ${result.brokenAt}: ${result.reason}. ${result.checked} event(s) before it verified.`,
      );
      return 1;
    },
  },
  backup: {
    summary: ['在 Remit 运行时写出 SQLite 数据库的一致副本', 'Write a consistent copy of the SQLite database while Remit runs'],
    usage: 'remit backup FILE.sqlite',
    options: {},
    run: async (_values, [target]) => {
      const settings = loadSettings(process.env);
      if (settings.databaseUrl) {
        console.error(
          zhThenEn('此部署使用 PostgreSQL：请用 pg_dump 备份', 'This deployment uses PostgreSQL: back it up with pg_dump') + ' (`pg_dump -Fc -f remit.dump "$DATABASE_URL"`).',
        );
        return 1;
      }
      if (!target) {
        console.error(`用法 Usage: ${COMMANDS.backup!.usage}`);
        return 2;
      }
      const pages = await withContext((ctx) => backupSqlite(ctx.database, target));
      console.log(zhThenEn(`备份已写入 ${target}（${pages} 页）。`, `Backup written to ${target} (${pages} pages).`));
      return 0;
    },
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    '用法 Usage: remit <command> [options]   （remit <command> --help 查看选项 / for its options）',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${zhThenEn(...c.summary)}`),
    '',
    zhThenEn('设置来自环境变量（REMIT_DATA_DIR、DATABASE_URL 等），见 README。', 'Settings come from the environment (REMIT_DATA_DIR, DATABASE_URL, …); see the README.'),
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const name = COMMANDS[two] ? two : argv[0];
  const rest = argv.slice(name === two ? 2 : 1);
  if (!name || name === '--help' || name === 'help' || name === '-h') {
    console.log(help());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`${zhThenEn(`未知命令“${argv.join(' ')}”。`, `Unknown command "${argv.join(' ')}".`)}\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${zhThenEn(...command.summary)}\n\n用法 Usage: ${command.usage}`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run(values as Record<string, string | boolean | undefined>, positionals);
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`${error.messageIn('zh')}\n${error.message}`);
      return 1;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${error.message}\n用法 Usage: ${command.usage}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) {
  const code = await runCli(process.argv.slice(2));
  if (code >= 0) process.exit(code);
}
