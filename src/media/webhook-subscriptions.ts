import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from '../db/webhook-tables.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { authorize } from '../security/policy.ts';
import { auditListRead, guardRead } from '../security/reads.ts';
import { seal } from '../security/secret-box.ts';
import { eventsOf, GIVE_UP_AFTER_MS, secretContext, WEBHOOK_EVENT_KINDS, type WebhookEventKind } from './webhooks.ts';

/**
 * Webhook subscriptions and their delivery logs (docs/webhooks.md). A subscription names an
 * outside channel (its address, the events it wants, a shared secret): internal records, read by
 * the propaganda desk, the system administrator and the audit reviewer, changed by the first two
 * (src/security/policy.ts: webhooks.*). The secret is shown once, when it is made, and kept sealed;
 * no answer and no audit event holds it afterwards.
 */
const LEVEL: Level = 'internal';
export const SECRET_MIN = 16;
const URL_SCHEMES = 'http://、https://';
const URL_SCHEMES_EN = 'http:// or https://';

export const subscriptionInput = z.object({
  name: z.string().trim().min(1).max(200),
  url: z.string().trim().min(1).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENT_KINDS)).min(1).max(3).default(['publish', 'update', 'retract']),
  /** A secret agreed with the receiver; left out, Remit makes one. */
  secret: z.string().max(500).optional(),
  active: z.boolean().default(true),
});
export type SubscriptionInput = z.input<typeof subscriptionInput>;

export const subscriptionPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  url: z.string().trim().min(1).max(2000).optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_KINDS)).min(1).max(3).optional(),
  active: z.boolean().optional(),
});
export type SubscriptionPatch = z.input<typeof subscriptionPatch>;

export const secretInput = z.object({ secret: z.string().max(500).optional() });

export const DELIVERY_STATES = ['pending', 'sending', 'retrying', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** An address a webhook may go to: http or https, a host, no user name or password. */
export function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('webhook_url_invalid', { url: raw.slice(0, 200), schemes: URL_SCHEMES }, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('webhook_url_scheme', { scheme: url.protocol.replace(/:$/, ''), schemes: URL_SCHEMES }, { field: 'url' });
  if (!url.hostname) throw badRequest('webhook_url_invalid', { url: raw.slice(0, 200), schemes: URL_SCHEMES_EN }, { field: 'url' });
  if (url.username || url.password) throw badRequest('webhook_url_credentials', {}, { field: 'url' });
  return url.toString();
}

function secretOf(given: string | undefined): string {
  if (given === undefined || given === '') return `whsec_${randomBytes(32).toString('base64url')}`;
  if (given.length < SECRET_MIN) throw badRequest('webhook_secret_short', { min: SECRET_MIN }, { field: 'secret' });
  return given;
}

type Stats = { pending: number; delivered: number; failed: number; lastDeliveredAt: string | null };

export function presentSubscription(row: WebhookSubscription, stats: Stats = { pending: 0, delivered: 0, failed: 0, lastDeliveredAt: null }) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: eventsOf(row.events),
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveries: stats,
  };
}
export type PresentedSubscription = ReturnType<typeof presentSubscription>;

async function statsOf(db: Executor, ids: readonly string[]): Promise<Map<string, Stats>> {
  const stats = new Map<string, Stats>();
  if (ids.length === 0) return stats;
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => [
      'subscription_id',
      eb.fn.count<number>('delivered_at').as('delivered'),
      eb.fn.count<number>('failed_at').as('failed'),
      eb.fn.countAll<number>().as('all'),
      eb.fn.max('delivered_at').as('last'),
    ])
    .where('subscription_id', 'in', ids)
    .groupBy('subscription_id')
    .execute();
  for (const r of rows) {
    const delivered = Number(r.delivered);
    const failed = Number(r.failed);
    stats.set(r.subscription_id, { pending: Number(r.all) - delivered - failed, delivered, failed, lastDeliveredAt: (r.last as string | null) ?? null });
  }
  return stats;
}

const withLevel = <T extends { id: string }>(row: T) => ({ ...row, level: LEVEL });

export async function listSubscriptions(ctx: Context, actor: Actor) {
  authorize(actor, 'webhooks.read');
  const rows = await ctx.database.db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute();
  await auditListRead(ctx, actor, 'webhook_subscription', 'list', rows.map(withLevel));
  const stats = await statsOf(ctx.database.db, rows.map((r) => r.id));
  return rows.map((r) => presentSubscription(r, stats.get(r.id)));
}

async function loadSubscription(db: Executor, id: string): Promise<WebhookSubscription | undefined> {
  return db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getSubscription(ctx: Context, actor: Actor, id: string) {
  authorize(actor, 'webhooks.read');
  const row = await loadSubscription(ctx.database.db, id);
  await guardRead(ctx, actor, 'webhook_subscription', id, row && withLevel(row));
  const stats = await statsOf(ctx.database.db, [id]);
  return presentSubscription(row!, stats.get(id));
}

/** Makes a subscription; the answer holds its secret, this once. */
export async function createSubscription(ctx: Context, actor: Actor, raw: SubscriptionInput): Promise<{ subscription: PresentedSubscription; secret: string }> {
  authorize(actor, 'webhooks.manage');
  const input = subscriptionInput.parse(raw);
  const url = checkUrl(input.url);
  const secret = secretOf(input.secret);
  const id = newId();
  const events = [...new Set(input.events)];
  await writeAudited(ctx, actor, async (trx) => {
    const stamp = now();
    await trx
      .insertInto('webhook_subscriptions')
      .values({ id, name: input.name, url, secret: seal(ctx.settings, secret, secretContext(id)), events: JSON.stringify(events), active: input.active ? 1 : 0, created_by: actor.id, created_at: stamp, updated_at: stamp })
      .execute();
    // The secret is never in the log: only whether it was given or made.
    return { result: undefined, audit: { action: 'webhook_subscription.create', objectType: 'webhook_subscription', objectId: id, level: LEVEL, detail: { name: input.name, url, events, active: input.active, secret: input.secret ? 'given' : 'generated' } } };
  });
  const row = await loadSubscription(ctx.database.db, id);
  return { subscription: presentSubscription(row!), secret };
}

export async function updateSubscription(ctx: Context, actor: Actor, id: string, raw: SubscriptionPatch): Promise<PresentedSubscription> {
  authorize(actor, 'webhooks.manage');
  const patch = subscriptionPatch.parse(raw);
  const url = patch.url === undefined ? undefined : checkUrl(patch.url);
  const events = patch.events && [...new Set(patch.events)];
  await writeAudited(ctx, actor, async (trx) => {
    const row = await loadSubscription(trx, id);
    if (!row) throw notFound('webhook_subscription', id);
    await trx
      .updateTable('webhook_subscriptions')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(url !== undefined && { url }),
        ...(events !== undefined && { events: JSON.stringify(events) }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    const turned = patch.active === undefined || patch.active === (row.active === 1) ? null : patch.active;
    return {
      result: undefined,
      audit: {
        action: turned === false ? 'webhook_subscription.deactivate' : turned === true ? 'webhook_subscription.activate' : 'webhook_subscription.update',
        objectType: 'webhook_subscription', objectId: id, level: LEVEL, detail: { ...(patch.name !== undefined && { name: patch.name }), ...(url !== undefined && { url }), ...(events && { events }), ...(patch.active !== undefined && { active: patch.active }) },
      },
    };
  });
  return getSubscription(ctx, actor, id);
}

/** A new secret (given, or made): the old one stops at once. The answer holds the new one, this once. */
export async function rotateSecret(ctx: Context, actor: Actor, id: string, raw: z.input<typeof secretInput>): Promise<{ subscription: PresentedSubscription; secret: string }> {
  authorize(actor, 'webhooks.manage');
  const input = secretInput.parse(raw);
  const secret = secretOf(input.secret);
  await writeAudited(ctx, actor, async (trx) => {
    const row = await loadSubscription(trx, id);
    if (!row) throw notFound('webhook_subscription', id);
    await trx.updateTable('webhook_subscriptions').set({ secret: seal(ctx.settings, secret, secretContext(id)), updated_at: now() }).where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'webhook_subscription.rotate_secret', objectType: 'webhook_subscription', objectId: id, level: LEVEL, detail: { secret: input.secret ? 'given' : 'generated' } } };
  });
  return { subscription: await getSubscription(ctx, actor, id), secret };
}

type DeliveryRow = WebhookDelivery & { kind: string; release_id: string; version: number; payload: string };

export function deliveryState(row: Pick<WebhookDelivery, 'delivered_at' | 'failed_at' | 'claimed_until' | 'attempts'>, at = new Date()): DeliveryState {
  if (row.delivered_at) return 'delivered';
  if (row.failed_at) return 'failed';
  if (row.claimed_until && row.claimed_until > at.toISOString()) return 'sending';
  return row.attempts > 0 ? 'retrying' : 'pending';
}

function titleOf(payload: string): string | null {
  try {
    const title = (JSON.parse(payload) as { title?: unknown }).title;
    return typeof title === 'string' ? title : null;
  } catch {
    return null;
  }
}

export function presentDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    event: row.kind as WebhookEventKind,
    release: { id: row.release_id, version: row.version, title: titleOf(row.payload) },
    state: deliveryState(row),
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.delivered_at || row.failed_at ? null : row.next_attempt_at,
    giveUpAt: row.give_up_at,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
    createdAt: row.created_at,
  };
}

export function presentAttempt(row: WebhookAttempt) {
  return { attempt: row.attempt, at: row.started_at, durationMs: row.duration_ms, status: row.status, error: row.error, ok: row.ok === 1 };
}

const deliveries = (db: Executor) =>
  db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_events', 'webhook_events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select(['webhook_events.kind', 'webhook_events.release_id', 'webhook_events.version', 'webhook_events.payload']);

/** The deliveries of one subscription, newest first; `state` narrows to delivered, failed or still open. */
export async function listDeliveries(ctx: Context, actor: Actor, subscriptionId: string, params: ListParams, filters: { state?: 'open' | 'delivered' | 'failed' | undefined } = {}) {
  authorize(actor, 'webhooks.read');
  const row = await loadSubscription(ctx.database.db, subscriptionId);
  if (!row) throw notFound('webhook_subscription', subscriptionId);
  let query = ctx.database.db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_events', 'webhook_events.id', 'webhook_deliveries.event_id')
    .where('webhook_deliveries.subscription_id', '=', subscriptionId);
  if (filters.state === 'delivered') query = query.where('webhook_deliveries.delivered_at', 'is not', null);
  if (filters.state === 'failed') query = query.where('webhook_deliveries.failed_at', 'is not', null);
  if (filters.state === 'open') query = query.where('webhook_deliveries.delivered_at', 'is', null).where('webhook_deliveries.failed_at', 'is', null);
  const page = await paginate(
    query,
    (qb) => qb.selectAll('webhook_deliveries').select(['webhook_events.kind', 'webhook_events.release_id', 'webhook_events.version', 'webhook_events.payload']),
    { ...params, order: params.sort ? params.order : 'desc' },
    { createdAt: 'webhook_deliveries.created_at', nextAttemptAt: 'webhook_deliveries.next_attempt_at' },
    { sort: 'createdAt', idColumn: 'webhook_deliveries.id' },
  );
  const items = page.items as DeliveryRow[];
  await auditListRead(ctx, actor, 'webhook_delivery', 'list', items.map(withLevel));
  return { ...page, items: items.map(presentDelivery) };
}

/** One delivery with every attempt: when, the answer's status or what it failed on, how long it took. */
export async function getDelivery(ctx: Context, actor: Actor, id: string) {
  authorize(actor, 'webhooks.read');
  const row = await deliveries(ctx.database.db).where('webhook_deliveries.id', '=', id).executeTakeFirst();
  await guardRead(ctx, actor, 'webhook_delivery', id, row && withLevel(row));
  const attempts = await ctx.database.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', id).orderBy('attempt').orderBy('started_at').execute();
  return { ...presentDelivery(row!), log: attempts.map(presentAttempt) };
}

/**
 * Sends a delivery again as soon as the sender next runs, with a fresh day of retries: one given
 * up, or one waiting for its next try. The receiver sees the same Remit-Delivery key.
 */
export async function retryDelivery(ctx: Context, actor: Actor, id: string, at = new Date()) {
  authorize(actor, 'webhooks.manage');
  await writeAudited(ctx, actor, async (trx) => {
    const row = await trx.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('webhook_delivery', id);
    if (row.delivered_at) throw conflict('webhook_delivery_done', { at: row.delivered_at });
    if (deliveryState(row, at) === 'sending') throw conflict('webhook_delivery_sending');
    const subscription = await loadSubscription(trx, row.subscription_id);
    if (subscription && subscription.active !== 1) throw conflict('webhook_subscription_inactive', { name: subscription.name });
    const stamp = at.toISOString();
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: stamp, give_up_at: new Date(at.getTime() + GIVE_UP_AFTER_MS).toISOString(), failed_at: null })
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', stamp)]))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict('webhook_delivery_sending');
    return { result: undefined, audit: { action: 'webhook_delivery.retry', objectType: 'webhook_delivery', objectId: id, level: LEVEL, detail: { subscriptionId: row.subscription_id, eventId: row.event_id, attempts: row.attempts, wasGivenUp: row.failed_at !== null } } };
  });
  return getDelivery(ctx, actor, id);
}
