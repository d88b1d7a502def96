import { z } from 'zod';
import type { Context } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import type { App } from '../http/types.ts';
import { decideMember, pendingMembers, SCOPE_OBJECT_TYPES } from './knowable.ts';

/** Membership of units named in knowable scopes: the secrecy officer's approvals of who a unit brings in. */
export function knowableMemberRoutes(app: App, ctx: Context): void {
  app.get(
    '/api/knowable/pending',
    { schema: { tags: ['secrecy'], summary: 'People a unit in a knowable scope would bring in, waiting for the secrecy officer to approve them' } },
    async (request) => ({ items: await pendingMembers(ctx, requireActor(request)) }),
  );
  app.post(
    '/api/knowable/:objectType/:objectId/members/:positionId/decide',
    {
      schema: {
        tags: ['secrecy'],
        summary: 'Approve or refuse a pending member: the holder of a position in a unit the record\'s knowable scope names',
        params: z.object({
          objectType: z.enum(SCOPE_OBJECT_TYPES as [string, ...string[]]),
          objectId: z.string().min(1).max(100),
          positionId: z.string().min(1).max(100),
        }),
        body: z.object({ approve: z.boolean(), note: z.string().trim().max(1000).nullish() }),
      },
    },
    async (request, reply) => {
      const { objectType, objectId, positionId } = request.params;
      await decideMember(ctx, requireActor(request), objectType, objectId, positionId, request.body.approve, request.body.note ?? null);
      return reply.status(204).send();
    },
  );
}
