import type { Context } from '../context.ts';
import type { Actor } from '../security/actor.ts';
import { appendAudit, type AuditEntry } from '../security/audit.ts';
import type { Trx } from './database.ts';

/**
 * The one way to write: the change and its audit event commit together in one transaction, or
 * neither does.
 */
export async function writeAudited<T>(
  ctx: Context,
  actor: Actor,
  work: (trx: Trx) => Promise<{ result: T; audit: AuditEntry | AuditEntry[] }>,
): Promise<T> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const { result, audit } = await work(trx);
    for (const entry of Array.isArray(audit) ? audit : [audit]) await appendAudit(trx, ctx.database, actor, entry);
    return result;
  });
}
