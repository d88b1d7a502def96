import type { Context } from '../context.ts';
import type { Actor } from '../security/actor.ts';
import { appendAudit, type AuditEntry } from '../security/audit.ts';
import { transact, type Trx } from './database.ts';

/**
 * The one way to write: the change and its audit event commit together in one transaction, or
 * neither does.
 */
export async function writeAudited<T>(
  ctx: Context,
  actor: Actor,
  work: (trx: Trx) => Promise<{ result: T; audit: AuditEntry | AuditEntry[] }>,
): Promise<T> {
  return transact(ctx.database, async (trx) => {
    const { result, audit } = await work(trx);
    for (const entry of Array.isArray(audit) ? audit : [audit]) await appendAudit(trx, ctx.database, actor, entry);
    return result;
  });
}

/**
 * Composes several service calls into one unit of work: inside `work`, the context's database is
 * the open transaction, so every read and write of every service called with it joins that
 * transaction, and a failure anywhere leaves nothing behind.
 */
export async function inOneTransaction<T>(ctx: Context, work: (ctx: Context) => Promise<T>): Promise<T> {
  return transact(ctx.database, (trx) => work({ ...ctx, database: { ...ctx.database, db: trx } }));
}
