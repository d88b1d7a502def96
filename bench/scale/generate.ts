/**
 * `npm run generate -- --people N --sessions N --tasks N --audit N`: fills the database named by the
 * environment (REMIT_DATA_DIR or DATABASE_URL, as for `npm start`) with invented data for scale
 * tests, writing directly in batches (no per-record service calls) and building the audit chain as
 * Remit would (seq, prev_hash and hash in order, after whatever the log already holds).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openContext } from '../../src/app.ts';
import { loadSettings } from '../../src/config.ts';
import { lockChain, type Database } from '../../src/db/database.ts';
import type { TaskState } from '../../src/duties/vocabulary.ts';
import type { Level } from '../../src/security/levels.ts';
import { newId } from '../../src/ids.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { chainAfter, CHAIN_LOCK, type UnchainedEvent } from '../../src/security/audit-chain.ts';

export interface Sizes {
  people: number;
  sessions: number;
  /** Duties tasks (src/duties), in every state, some with a generated person responsible. */
  tasks: number;
  audit: number;
}

// 12 columns a row at most: 400 rows stay under both dialects' limits on bound parameters.
const ROWS_PER_INSERT = 400;
const ROWS_PER_TRANSACTION = 20_000;
const GENERATED_USERS = 20;
export const GENERATED_PASSWORD = 'generated data only 1';

// Invented names (not the seed's people): a surname and a given name from short lists.
const SURNAMES = ['林', '周', '吴', '郑', '孙', '钱', '冯', '陈', '褚', '卫', '蒋', '沈', '韩', '杨', '朱', '秦', '尤', '许', '何', '吕'];
const GIVEN = ['晓东', '雨桐', '子墨', '思远', '嘉宁', '若溪', '明轩', '欣怡', '浩然', '婉清', '一鸣', '诗涵', '俊杰', '梦瑶', '天佑', '静怡'];
// Invented task wording: what a committee's office typically assigns, with a number to tell them apart.
const TASK_VERBS = ['落实', '推进', '完善', '开展', '督促', '整改', '总结', '部署'];
const TASK_TOPICS = ['基层理论宣讲', '调查研究成果转化', '学习贯彻会议精神', '保密自查问题整改', '意识形态工作责任制', '专题学习研讨', '年度重点任务', '党员教育培训'];
const TASK_STATE_CYCLE: readonly TaskState[] = ['in_progress', 'in_progress', 'accepted', 'assigned', 'registered', 'completion_reported', 'verified', 'closed', 'closed', 'cancelled', 'returned'];

const PINYIN = ['Lin', 'Zhou', 'Wu', 'Zheng', 'Sun', 'Qian', 'Feng', 'Chen', 'Chu', 'Wei', 'Jiang', 'Shen', 'Han', 'Yang', 'Zhu', 'Qin', 'You', 'Xu', 'He', 'Lyu'];

async function insertBatches<T>(database: Database, table: 'people' | 'sessions' | 'duty_tasks', rows: (i: number) => T, count: number, log: (line: string) => void) {
  const started = performance.now();
  for (let done = 0; done < count; ) {
    const upTo = Math.min(count, done + ROWS_PER_TRANSACTION);
    await database.db.transaction().execute(async (trx) => {
      for (let i = done; i < upTo; i += ROWS_PER_INSERT) {
        const batch = Array.from({ length: Math.min(ROWS_PER_INSERT, upTo - i) }, (_, k) => rows(i + k));
        // The row shapes are built per table above; Kysely's insert is typed per table.
        await trx.insertInto(table).values(batch as never).execute();
      }
    });
    done = upTo;
  }
  log(`${table}: ${count} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function generate(database: Database, sizes: Sizes, log: (line: string) => void = console.log): Promise<void> {
  const stamp = new Date().toISOString();
  const levels: Level[] = ['public', 'internal', 'internal', 'internal', 'public'];
  // Tasks name some of these people as responsible (the list shows their names).
  const somePeople: string[] = [];
  await insertBatches(
    database,
    'people',
    (i) => ({
      id: i < 1000 ? (somePeople[i] = newId()) : newId(),
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${i}`,
      name_en: `${PINYIN[i % PINYIN.length]} ${i}`,
      email: `person${i}@example.org`,
      phone: null,
      note: 'generated',
      level: levels[i % levels.length]!,
      created_at: stamp,
      updated_at: stamp,
    }),
    sizes.people,
    log,
  );
  const ctx = { database, settings: loadSettings({ REMIT_DEMO: 'false', REMIT_LOG_LEVEL: 'silent' }) };
  const users: string[] = [];
  for (let u = 0; u < GENERATED_USERS; u++) {
    const username = `gen-${randomBytes(3).toString('hex')}-${u}`;
    const { user } = await createUser(ctx, systemActor('generate'), { username, displayName: username, password: GENERATED_PASSWORD, roles: ['admin'], clearance: 'internal', personId: null });
    users.push(user.id);
  }
  const expires = new Date(Date.now() + 3_600_000).toISOString();
  await insertBatches(
    database,
    'sessions',
    (i) => ({ id: randomBytes(32).toString('hex'), user_id: users[i % users.length]!, csrf_token: 'generated', created_at: stamp, expires_at: expires, last_seen_at: stamp, ip: null, user_agent: 'generate' }),
    sizes.sessions,
    log,
  );

  const year = Number(stamp.slice(0, 4));
  await insertBatches(
    database,
    'duty_tasks',
    (i) => {
      const state = TASK_STATE_CYCLE[i % TASK_STATE_CYCLE.length]!;
      // Deadlines spread over this year and the next, a different day for neighbouring tasks.
      const deadline = new Date(Date.UTC(year, 0, 1) + ((i * 7919) % 730) * 86_400_000).toISOString().slice(0, 10);
      return {
        id: newId(),
        // Not DB-…: the numbering of registered tasks (nextCode) stays the office's own.
        code: `GEN-${year}-${String(i + 1).padStart(7, '0')}`,
        title: `${TASK_VERBS[i % TASK_VERBS.length]}${TASK_TOPICS[Math.floor(i / TASK_VERBS.length) % TASK_TOPICS.length]}（第${i + 1}项）`,
        content: 'generated',
        level: levels[i % levels.length]!,
        state,
        area_id: null,
        source_kind: 'manual',
        source_conclusion_id: null,
        source_session_id: null,
        source_text: null,
        source_date: null,
        lead_leader_person_id: null,
        lead_unit_id: null,
        responsible_person_id: somePeople.length > 0 && i % 3 === 0 ? somePeople[i % somePeople.length]! : null,
        deadline,
        original_deadline: deadline,
        report_frequency: 'monthly',
        report_dates: null,
        progress: state === 'closed' || state === 'verified' ? 100 : (i * 37) % 100,
        sent_back: 0,
        assigned_at: state === 'registered' ? null : stamp,
        accepted_at: ['registered', 'assigned', 'returned'].includes(state) ? null : stamp,
        completed_at: ['completion_reported', 'verified', 'closed'].includes(state) ? stamp : null,
        verified_at: ['verified', 'closed'].includes(state) ? stamp : null,
        closed_at: state === 'closed' ? stamp : null,
        cancelled_at: state === 'cancelled' ? stamp : null,
        cancel_requested_by: null,
        cancel_requested_by_person: null,
        cancel_requested_at: null,
        cancel_reason: null,
        completion_reported_by: null,
        created_by: null,
        created_at: stamp,
        updated_at: stamp,
      };
    },
    sizes.tasks,
    log,
  );

  // The audit log: chained after the current tail, under the chain's lock, in transactions of many rows.
  const started = performance.now();
  const actions = ['person.read', 'person.list', 'person.update', 'study_session.read'];
  for (let done = 0; done < sizes.audit; ) {
    const upTo = Math.min(sizes.audit, done + ROWS_PER_TRANSACTION);
    await database.db.transaction().execute(async (trx) => {
      await lockChain(trx, database.dialect, CHAIN_LOCK);
      const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const events: UnchainedEvent[] = [];
      for (let i = done; i < upTo; i++) {
        events.push({
          at: stamp,
          actor_id: users[i % users.length]!,
          actor_name: 'generated',
          action: actions[i % actions.length]!,
          object_type: 'person',
          object_id: `generated-${i}`,
          level: 'internal',
          request_id: null,
          detail: '{}',
        });
      }
      const rows = chainAfter(last, events);
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await trx.insertInto('audit_events').values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
    });
    done = upTo;
    if (done % 1_000_000 === 0 || done === sizes.audit) log(`audit_events: ${done} of ${sizes.audit} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }

  // PostgreSQL plans from statistics that autovacuum gathers a minute or so after a bulk change;
  // until then it guesses a few hundred rows and sorts the whole table for each list page (seq scan
  // and top-N sort: 50 ms a page at 100k people, against 2 ms down the list index). The same
  // autovacuum (after inserts, PostgreSQL 13 and later) marks the pages all-visible, which lets the
  // list's index-only walks skip the table. A database that has been in use has both, so a freshly
  // generated one gets them now, and no autovacuum of the bulk load runs into the measurements.
  // SQLite plans without statistics (Remit never runs ANALYZE there), so it is left as a real
  // deployment has it.
  if (database.dialect === 'postgres') {
    await sql`vacuum analyze people, sessions, users, duty_tasks, audit_events`.execute(database.db);
    // The bulk load's pages are written out by a checkpoint spread over the minutes after it (of the
    // order of a gigabyte at the default sizes): taken now, so its writes do not run into the
    // measurements either. It needs a superuser or the pg_checkpoint role; without, it is said.
    try {
      await sql`checkpoint`.execute(database.db);
    } catch (error) {
      log(`checkpoint not taken (${error instanceof Error ? error.message : String(error)}): the bulk load's writes may run into the measurements`);
    }
  } else {
    // The same for SQLite: what the bulk load left in the WAL is copied into the database file now,
    // not by the checkpoint thread during the measurements. PASSIVE, in turns, as the thread does (it
    // may be copying at the same moment): a checkpoint that waits blocks every writer while it runs.
    let copied = false;
    for (let turn = 0; turn < 600 && !copied; turn++) {
      // "database is locked" while the checkpoint thread copies: the next turn tries again.
      const { rows } = await sql<{ log: number; checkpointed: number }>`pragma wal_checkpoint(passive)`.execute(database.db).catch(() => ({ rows: [] }));
      copied = rows[0] !== undefined && rows[0].log === rows[0].checkpointed;
      if (!copied) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!copied) log('WAL not yet copied into the database after 5 minutes: the checkpoint thread may still be copying during the measurements');
  }
}

/** The sizes named on the command line (`--people` …, as strings), the defaults for those not named. */
export function sizesFrom(values: Partial<Record<keyof Sizes, string>>): Sizes {
  return { people: Number(values.people ?? 100_000), sessions: Number(values.sessions ?? 100_000), tasks: Number(values.tasks ?? 1_000_000), audit: Number(values.audit ?? 1_000_000) };
}

export const HELP = `Usage: npm run generate -- [--people N] [--sessions N] [--tasks N] [--audit N]

Fills the database that REMIT_DATA_DIR or DATABASE_URL names (as for npm start) with invented people,
sessions (of ${GENERATED_USERS} generated admin accounts, password "${GENERATED_PASSWORD}"), duties tasks
(codes GEN-year-n, every state) and audit events, chained after whatever the log holds.
Defaults: --people 100000 --sessions 100000 --tasks 1000000 --audit 1000000.`;

if (import.meta.main) {
  const { values } = parseArgs({
    options: { people: { type: 'string' }, sessions: { type: 'string' }, audit: { type: 'string' }, tasks: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const sizes = sizesFrom(values);
  if (!Object.values(sizes).every((n) => Number.isInteger(n) && n >= 0)) {
    console.error(`Sizes are whole numbers of rows.\n\n${HELP}`);
    process.exit(2);
  }
  const { ctx } = await openContext(loadSettings({ ...process.env, REMIT_DEMO: 'false' }));
  try {
    await generate(ctx.database, sizes);
  } finally {
    await ctx.database.close();
  }
}
