import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

/** Webhooks of releases (docs/webhooks.md): subscriptions and their delivery logs. */
export const WEBHOOK_EVENTS = ['publish', 'update', 'retract'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type DeliveryState = 'pending' | 'sending' | 'retrying' | 'delivered' | 'failed';

export interface WebhookSubscription {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  deliveries: { pending: number; delivered: number; failed: number; lastDeliveredAt: string | null };
}

/** A write that made or replaced a secret: the only answer that holds it. */
export interface WithSecret {
  subscription: WebhookSubscription;
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  event: WebhookEvent;
  release: { id: string; version: number; title: string | null };
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  giveUpAt: string;
  deliveredAt: string | null;
  failedAt: string | null;
  createdAt: string;
}

export interface WebhookAttempt {
  attempt: number;
  at: string;
  durationMs: number;
  status: number | null;
  error: string | null;
  ok: boolean;
}

export function useWebhooks() {
  return useQuery({ queryKey: ['webhooks'], queryFn: () => api<{ items: WebhookSubscription[] }>('/media/webhooks') });
}

export function useDeliveries(subscriptionId: string | null, query: { page: number; pageSize: number; state?: string | undefined }) {
  return useQuery({
    queryKey: ['webhooks', subscriptionId, 'deliveries', query],
    queryFn: () => api<{ items: WebhookDelivery[]; total: number; page: number; pageSize: number }>(`/media/webhooks/${subscriptionId}/deliveries`, { query }),
    enabled: !!subscriptionId,
    // While a delivery is still on its way, the log follows it.
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.state !== 'delivered' && d.state !== 'failed') ? 3_000 : false),
  });
}

export function useDeliveryLog(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['webhooks', 'delivery', id],
    queryFn: () => api<WebhookDelivery & { log: WebhookAttempt[] }>(`/media/webhooks/deliveries/${id}`),
    enabled,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== 'delivered' && q.state.data.state !== 'failed' ? 3_000 : false),
  });
}
