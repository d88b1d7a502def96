import { z } from 'zod';
import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { requireActor } from '../http/auth.ts';
import { idParams, type App } from '../http/types.ts';
import { listNotifications, markAllRead, markRead, unreadCount, type ShownNotification } from './notifications.ts';

const tags = ['notifications'];
const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();

/** A notification as its reader sees it: what happened and a link; the record's title only where the reader may see it. */
function presentNotification(n: ShownNotification) {
  return {
    id: n.id,
    kind: n.kind,
    record: { type: n.object_type, id: n.title === null ? null : n.object_id, path: n.path, title: n.title, withheld: n.title === null },
    actorName: n.actor_name,
    createdAt: n.created_at,
    readAt: n.read_at,
  };
}

export function notificationRoutes(app: App, ctx: Context): void {
  app.get(
    '/api/notifications',
    { schema: { tags, summary: 'My notifications, unread first, newest first', querystring: listQuerySchema.pick({ page: true, pageSize: true }).extend({ unread: flag }) } },
    async (request) => {
      const { unread, ...params } = request.query;
      const page = await listNotifications(ctx, requireActor(request), params, { unread });
      return { ...page, items: page.items.map(presentNotification) };
    },
  );
  app.get('/api/notifications/unread-count', { schema: { tags, summary: 'How many of my notifications are unread (the header badge)' } }, async (request) => ({
    count: await unreadCount(ctx, requireActor(request)),
  }));
  app.post('/api/notifications/read-all', { schema: { tags, summary: 'Mark all my notifications read' } }, async (request) => ({
    marked: await markAllRead(ctx, requireActor(request)),
  }));
  app.post('/api/notifications/:id/read', { schema: { tags, summary: 'Mark one of my notifications read', params: idParams } }, async (request, reply) => {
    await markRead(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
}
