import type { Context } from '../context.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { SecrecyAlert } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { notFound } from '../errors.ts';
import { now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { authorize, can, canRead, readableLevels } from '../security/policy.ts';
import { auditListRead } from '../security/reads.ts';

export type AlertRow = SecrecyAlert & { carrier_title: string };

/** The actor's own alerts (as custodian); a secrecy officer may ask for everyone's with `all`. */
export async function listAlerts(ctx: Context, actor: Actor, params: ListParams, filters: { all?: boolean; unread?: boolean }) {
  if (filters.all) authorize(actor, 'secrecy.manage');
  let query = ctx.database.db
    .selectFrom('secrecy_alerts')
    .innerJoin('carriers', 'carriers.id', 'secrecy_alerts.carrier_id')
    .where('secrecy_alerts.level', 'in', readableLevels(actor));
  if (!filters.all) query = query.where('secrecy_alerts.person_id', '=', actor.personId ?? '');
  if (filters.unread) query = query.where('secrecy_alerts.read_at', 'is', null);
  const page = await paginate(query, (qb) => qb.selectAll('secrecy_alerts').select('carriers.title as carrier_title'), params, { dueOn: 'secrecy_alerts.due_on', createdAt: 'secrecy_alerts.created_at' }, {
    sort: 'dueOn',
    idColumn: 'secrecy_alerts.id',
  });
  const items = page.items as AlertRow[];
  await auditListRead(ctx, actor, 'secrecy_alert', 'list', items);
  return { ...page, items };
}

export async function markAlertRead(ctx: Context, actor: Actor, id: string): Promise<void> {
  await writeAudited(ctx, actor, async (trx) => {
    const alert = await trx.selectFrom('secrecy_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!alert || !canRead(actor, alert) || (alert.person_id !== actor.personId && !can(actor, 'secrecy.manage'))) throw notFound('alert', id);
    await trx.updateTable('secrecy_alerts').set({ read_at: now() }).where('id', '=', id).where('read_at', 'is', null).execute();
    return { result: undefined, audit: { action: 'secrecy_alert.read', objectType: 'secrecy_alert', objectId: id, level: alert.level } };
  });
}
