import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { requireActor } from '../http/auth.ts';
import { idParams, type App } from '../http/types.ts';
import { authorize } from '../security/policy.ts';
import { createUser, getUser, listUsers, newUserSchema, resetPassword, unlockUser, updateUser, userPatchSchema } from './accounts.ts';
import { presentUser } from './presenters.ts';

export function accountRoutes(app: App, ctx: Context): void {
  app.get('/api/users', { schema: { tags: ['accounts'], summary: 'List user accounts', querystring: listQuerySchema } }, async (request) => {
    const actor = requireActor(request);
    authorize(actor, 'users.read');
    const page = await listUsers(ctx.database.db, request.query);
    return { ...page, items: page.items.map(presentUser) };
  });

  app.get('/api/users/:id', { schema: { tags: ['accounts'], summary: 'One user account', params: idParams } }, async (request) => {
    authorize(requireActor(request), 'users.read');
    return presentUser(await getUser(ctx.database.db, request.params.id));
  });

  app.post('/api/users', { schema: { tags: ['accounts'], summary: 'Create a user account; a password is generated when none is given', body: newUserSchema } }, async (request, reply) => {
    const { user, password } = await createUser(ctx, requireActor(request), request.body);
    return reply.status(201).send({ user: presentUser(user), ...(password ? { password } : {}) });
  });

  app.patch('/api/users/:id', { schema: { tags: ['accounts'], summary: 'Change roles, clearance, link or state of an account', params: idParams, body: userPatchSchema } }, async (request) =>
    presentUser(await updateUser(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.post('/api/users/:id/reset-password', { schema: { tags: ['accounts'], summary: 'Set a new generated password (shown once)', params: idParams } }, async (request) => ({
    password: await resetPassword(ctx, requireActor(request), request.params.id),
  }));

  app.post('/api/users/:id/unlock', { schema: { tags: ['accounts'], summary: 'Lift a sign-in lockout', params: idParams } }, async (request, reply) => {
    await unlockUser(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

}
