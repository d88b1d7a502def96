import type { Generated, Selectable } from 'kysely';

/** The webhook tables (migration 0020_webhooks); timestamps ISO text, flags 0/1. */
type Timestamp = string;

export interface WebhookSubscriptionTable {
  id: string;
  name: string;
  url: string;
  /** Sealed (src/security/secret-box.ts); never leaves the server after creation. */
  secret: string;
  /** JSON array of event kinds. */
  events: string;
  active: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookEventTable {
  id: string;
  kind: string;
  release_id: string;
  version: number;
  payload: string;
  created_at: Timestamp;
}

export interface WebhookDeliveryTable {
  id: string;
  subscription_id: string;
  event_id: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  give_up_at: Timestamp;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  delivered_at: Timestamp | null;
  failed_at: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
}

export interface WebhookAttemptTable {
  id: string;
  delivery_id: string;
  attempt: number;
  runner: string;
  started_at: Timestamp;
  duration_ms: number;
  status: number | null;
  error: string | null;
  ok: number;
}

export interface WebhookTables {
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_events: WebhookEventTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
}

export type WebhookSubscription = Selectable<WebhookSubscriptionTable>;
export type WebhookEvent = Selectable<WebhookEventTable>;
export type WebhookDelivery = Selectable<WebhookDeliveryTable>;
export type WebhookAttempt = Selectable<WebhookAttemptTable>;
