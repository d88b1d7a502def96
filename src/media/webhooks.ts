import type { Executor } from '../db/database.ts';
import { newId } from '../ids.ts';

/**
 * Webhooks of published releases: other channels (the portal's CMS, a WeChat official-account
 * bridge) subscribe with a URL and a secret, and each publish, update and retraction is POSTed to
 * them, signed, through an outbox (docs/webhooks.md).
 *
 * An event is queued inside the publishing transaction (`queueReleaseEvent`), one delivery per
 * active subscription of its kind, so the deliveries commit or roll back with the publish.
 */
export const WEBHOOK_EVENT_KINDS = ['publish', 'update', 'retract'] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

/** Retries stop a day after the event: the delivery is given up then. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

export interface ReleaseEvent {
  kind: WebhookEventKind;
  releaseId: string;
  version: number;
  /**
   * Public data of the published release only (it leaves the system): `title`, `publishedAt`,
   * `retractedAt`, `path` (the release's page under /public/), `language`, `summary`/`body` … A
   * `level` other than public is refused.
   */
  payload: Record<string, unknown>;
}

function eventsOf(stored: string): WebhookEventKind[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((kind): kind is WebhookEventKind => (WEBHOOK_EVENT_KINDS as readonly unknown[]).includes(kind)) : [];
  } catch {
    return [];
  }
}

/**
 * Queues one event of a release and a delivery of it to every active subscription of its kind. Call
 * it with the publishing transaction, so the deliveries commit or roll back with the publish.
 */
export async function queueReleaseEvent(db: Executor, event: ReleaseEvent): Promise<void> {
  if (!(WEBHOOK_EVENT_KINDS as readonly string[]).includes(event.kind)) throw new Error(`webhook: unknown event kind ${String(event.kind)}`);
  if ('level' in event.payload && event.payload.level !== 'public') throw new Error('webhook: only public release data may be sent');
  const at = new Date();
  const stamp = at.toISOString();
  const eventId = newId();
  await db
    .insertInto('webhook_events')
    .values({ id: eventId, kind: event.kind, release_id: event.releaseId, version: event.version, payload: JSON.stringify(event.payload), created_at: stamp })
    .execute();
  const subscriptions = await db.selectFrom('webhook_subscriptions').select(['id', 'events']).where('active', '=', 1).execute();
  const giveUpAt = new Date(at.getTime() + GIVE_UP_AFTER_MS).toISOString();
  for (const subscription of subscriptions) {
    if (!eventsOf(subscription.events).includes(event.kind)) continue;
    await db
      .insertInto('webhook_deliveries')
      .values({
        id: newId(),
        subscription_id: subscription.id,
        event_id: eventId,
        next_attempt_at: stamp,
        give_up_at: giveUpAt,
        claimed_by: null,
        claimed_until: null,
        delivered_at: null,
        failed_at: null,
        last_status: null,
        last_error: null,
        created_at: stamp,
      })
      .execute();
  }
}
