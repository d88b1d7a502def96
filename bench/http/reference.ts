/**
 * The reference server of `npm run bench:http`: the work of GET /api/people?pageSize=50 written by
 * hand with Fastify and node:sqlite only, as a yardstick for what Remit's layers cost:
 *   - one prepared lookup of the session, its account and roles (by the SHA-256 of the cookie);
 *   - the same 50-row page of people (with the count of all, since the page is full);
 *   - one hash-chained audit event naming the people read, appended through group commit (the
 *     events of one moment in one transaction) with synchronous=FULL, answered after the commit.
 * Run as its own process: `node bench/http/reference.ts DB_FILE PORT`; prints `listening` when ready.
 */
import Fastify from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';

const [file, portText] = process.argv.slice(2);
if (!file || !portText) throw new Error('usage: node bench/http/reference.ts DB_FILE PORT');

const db = new DatabaseSync(file, { timeout: 5000 });
db.exec('PRAGMA journal_mode = WAL');
db.exec('PRAGMA synchronous = FULL');

const sessionQuery = db.prepare(`
  select users.id, users.username, users.clearance, users.disabled, sessions.expires_at,
         (select group_concat(role) from user_roles where user_roles.user_id = users.id) as roles
  from sessions join users on users.id = sessions.user_id
  where sessions.id = ?`);
const pageQuery = db.prepare(`
  select id, name, name_en, email, phone, note, level, created_at, updated_at
  from people where level in (?, ?) order by name asc, id asc limit ? offset ?`);
const countQuery = db.prepare('select count(*) as n from people where level in (?, ?)');
const lastEvent = db.prepare('select seq, hash from audit_events order by seq desc limit 1');
const insertEvent = db.prepare(`
  insert into audit_events (seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail, prev_hash, hash)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

interface Pending {
  fields: [string, string, string, string, string, string | null, string, string, string];
  done(error?: unknown): void;
}

// Group commit: the events queued during one turn of the event loop go in one transaction.
let queue: Pending[] = [];
let scheduled = false;
function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  try {
    db.exec('BEGIN IMMEDIATE');
    const last = lastEvent.get() as { seq: number; hash: string } | undefined;
    let seq = last ? Number(last.seq) : 0;
    let prev = last?.hash ?? '0'.repeat(64);
    for (const p of batch) {
      seq++;
      const [at, actorId, actorName, action, objectType, objectId, level, requestId, detail] = p.fields;
      const hash = createHash('sha256')
        .update(prev)
        .update(JSON.stringify([seq, at, actorId, actorName, action, objectType, objectId, level, requestId, detail]))
        .digest('hex');
      insertEvent.run(seq, at, actorId, actorName, action, objectType, objectId, level, requestId, detail, prev, hash);
      prev = hash;
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    for (const p of batch) p.done(error);
    return;
  }
  for (const p of batch) p.done();
}
function audit(fields: Pending['fields']): Promise<void> {
  return new Promise((resolve, reject) => {
    queue.push({ fields, done: (error) => (error ? reject(error) : resolve()) });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

const MARKS: Record<string, string | null> = { public: null, internal: null };

const app = Fastify({ logger: false });
app.get('/api/people', async (request, reply) => {
  const cookie = request.headers.cookie ?? '';
  const token = /(?:^|;\s*)remit_session=([^;]+)/.exec(cookie)?.[1];
  if (!token) return reply.code(401).send({ error: { code: 'unauthorized', message: 'Sign in.' } });
  const user = sessionQuery.get(createHash('sha256').update(token).digest('hex')) as
    | { id: string; username: string; clearance: string; disabled: number; expires_at: string; roles: string | null }
    | undefined;
  if (!user || user.disabled || user.expires_at <= new Date().toISOString()) {
    return reply.code(401).send({ error: { code: 'session_expired', message: 'Sign in again.' } });
  }
  const query = request.query as { pageSize?: string; page?: string };
  const pageSize = Math.min(500, Number(query.pageSize ?? 50));
  const page = Math.max(1, Number(query.page ?? 1));
  const rows = pageQuery.all('public', 'internal', pageSize, (page - 1) * pageSize) as Record<string, string | null>[];
  const total = rows.length < pageSize ? (page - 1) * pageSize + rows.length : Number((countQuery.get('public', 'internal') as { n: number }).n);
  const items = rows.map((p) => ({
    id: p.id,
    name: p.name,
    nameEn: p.name_en,
    email: p.email,
    phone: p.phone,
    note: p.note,
    level: p.level,
    mark: MARKS[p.level ?? ''] ?? null,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  }));
  const above = rows.filter((p) => p.level !== 'public').map((p) => p.id);
  if (above.length) {
    await audit([new Date().toISOString(), user.id, user.username, 'person.list', 'person', null, 'internal', randomUUID(), JSON.stringify({ ids: above })]);
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify({ items, total, page, pageSize }));
});

await app.listen({ host: '127.0.0.1', port: Number(portText) });
console.log('listening');
