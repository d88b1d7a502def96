import { z } from 'zod';
import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { requireActor } from '../http/auth.ts';
import { idParams, type App } from '../http/types.ts';
import {
  createSubscription,
  getDelivery,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  retryDelivery,
  rotateSecret,
  secretInput,
  subscriptionInput,
  subscriptionPatch,
  updateSubscription,
} from './webhook-subscriptions.ts';

const tags = ['media webhooks'];
const deliveryQuery = listQuerySchema.pick({ page: true, pageSize: true, sort: true, order: true }).extend({ state: z.enum(['open', 'delivered', 'failed']).optional() });

/** Webhooks of releases under /api/media/webhooks (docs/webhooks.md): subscriptions, their delivery logs, manual retry. */
export function webhookRoutes(app: App, ctx: Context): void {
  app.get('/api/media/webhooks', { schema: { tags, summary: 'Webhook subscriptions of release events, with counts of their deliveries (never their secrets)' } }, async (request) => ({
    items: await listSubscriptions(ctx, requireActor(request)),
  }));
  app.post(
    '/api/media/webhooks',
    { schema: { tags, summary: 'Subscribe an address (http or https) to release events; the answer shows the signing secret, this once', body: subscriptionInput } },
    async (request, reply) => reply.status(201).send(await createSubscription(ctx, requireActor(request), request.body)),
  );
  app.get('/api/media/webhooks/deliveries/:id', { schema: { tags, summary: 'One delivery with the log of its attempts (time, HTTP status or error, duration)', params: idParams } }, async (request) =>
    getDelivery(ctx, requireActor(request), request.params.id),
  );
  app.post('/api/media/webhooks/deliveries/:id/retry', { schema: { tags, summary: 'Send a delivery again (waiting or given up) with a fresh day of retries; the idempotency key stays', params: idParams } }, async (request) =>
    retryDelivery(ctx, requireActor(request), request.params.id),
  );
  app.get('/api/media/webhooks/:id', { schema: { tags, summary: 'One webhook subscription (never its secret)', params: idParams } }, async (request) => getSubscription(ctx, requireActor(request), request.params.id));
  app.patch('/api/media/webhooks/:id', { schema: { tags, summary: 'Change a subscription: name, address, events, or deactivate (active: false) and activate it', params: idParams, body: subscriptionPatch } }, async (request) =>
    updateSubscription(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/api/media/webhooks/:id/secret', { schema: { tags, summary: 'Replace the signing secret (given, or made by Remit); the answer shows it, this once', params: idParams, body: secretInput } }, async (request) =>
    rotateSecret(ctx, requireActor(request), request.params.id, request.body ?? {}),
  );
  app.get('/api/media/webhooks/:id/deliveries', { schema: { tags, summary: 'Deliveries of one subscription, newest first (state: open, delivered, failed)', params: idParams, querystring: deliveryQuery } }, async (request) => {
    const { state, ...params } = request.query;
    return listDeliveries(ctx, requireActor(request), request.params.id, { ...params, order: params.order }, { state });
  });
}
