import { z } from 'zod';
import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../http/auth.ts';
import type { App } from '../http/types.ts';
import { idParams } from '../http/types.ts';
import { getUser, updateUser, type UserWithRoles } from '../org/accounts.ts';
import { presentUser } from '../org/presenters.ts';
import { browseAuditLog, verifyAudit } from './audit.ts';
import { liftLocks, listLocks } from './lockout.ts';
import { decideScopeRequest, knowersRegister, requestScope, SCOPE_OBJECT_TYPES, scopeRegister } from './knowable.ts';
import { authorize, permissionsOf } from './policy.ts';
import {
  actorOf,
  beginTotpEnrolment,
  changePassword,
  createApiToken,
  disableTotp,
  enableTotp,
  listApiTokens,
  login,
  logout,
  revokeApiToken,
} from './sessions.ts';

function me(user: UserWithRoles) {
  const actor = actorOf(user, 'session', null);
  return { ...presentUser(user), permissions: permissionsOf(actor) };
}

function presentToken(row: Awaited<ReturnType<typeof listApiTokens>>[number]) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    // Minted with the second factor: carries the account's clearance; otherwise at most internal.
    secondFactor: row.second_factor === 1,
  };
}

export function securityRoutes(app: App, ctx: Context): void {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name, password and, when enrolled, a TOTP code',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200), totp: z.string().max(10).optional() }),
      },
    },
    async (request, reply) => {
      const session = await login(ctx, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      setSessionCookie(reply, ctx, session.token, session.expiresAt);
      return { user: me(session.user), csrfToken: session.csrfToken };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    const actor = requireActor(request);
    if (request.sessionId) await logout(ctx, actor, request.sessionId);
    clearSessionCookie(reply, ctx);
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user, their permissions and the page token' } }, async (request) => {
    const actor = requireActor(request);
    // The clearance this request carries: a token minted without the second factor carries less than the account.
    return { user: me({ ...(await getUser(ctx.database.db, actor.id ?? '')), clearance: actor.clearance }), csrfToken: request.csrfToken };
  });

  app.patch(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'Change own preferences', body: z.object({ locale: z.enum(['zh-CN', 'en']).nullable() }) } },
    async (request) => {
      const actor = requireActor(request);
      return { user: me(await updateUser(ctx, actor, actor.id ?? '', { locale: request.body.locale })) };
    },
  );

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], summary: 'Change own password', body: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1) }) } },
    async (request, reply) => {
      await changePassword(ctx, requireActor(request), request.body, request.sessionId);
      return reply.status(204).send();
    },
  );

  app.post('/api/auth/totp/setup', { schema: { tags: ['auth'], summary: 'Start TOTP enrolment: a new secret and its otpauth URI' } }, async (request) =>
    beginTotpEnrolment(ctx, requireActor(request)),
  );

  app.post(
    '/api/auth/totp/enable',
    { schema: { tags: ['auth'], summary: 'Finish TOTP enrolment with a code from the app', body: z.object({ code: z.string().min(1).max(10) }) } },
    async (request, reply) => {
      await enableTotp(ctx, requireActor(request), request.body.code);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/totp/disable',
    { schema: { tags: ['auth'], summary: 'Turn the second factor off (password required)', body: z.object({ password: z.string().min(1) }) } },
    async (request, reply) => {
      await disableTotp(ctx, requireActor(request), request.body.password);
      return reply.status(204).send();
    },
  );

  app.get('/api/tokens', { schema: { tags: ['auth'], summary: 'Own API tokens' } }, async (request) => {
    const actor = requireActor(request);
    authorize(actor, 'tokens.own');
    return { items: (await listApiTokens(ctx.database.db, actor)).map(presentToken) };
  });

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (shown once); needs the password, and the TOTP code when enrolled',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
          password: z.string().min(1, 'Enter your password to create a token.').max(200),
          totp: z.string().trim().max(10).optional(),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      authorize(actor, 'tokens.own');
      const { token, id } = await createApiToken(ctx, actor, request.body);
      const item = (await listApiTokens(ctx.database.db, actor)).find((t) => t.id === id)!;
      return reply.status(201).send({ token, item: presentToken(item) });
    },
  );

  app.delete('/api/tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke an API token', params: idParams } }, async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'tokens.own');
    await revokeApiToken(ctx, actor, request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first; events the reader may not read are shown without object and detail; each page read is audited',
        querystring: listQuerySchema.extend({
          action: z.string().max(100).optional(),
          objectType: z.string().max(100).optional(),
          objectId: z.string().max(100).optional(),
          actorId: z.string().max(100).optional(),
          from: z.string().max(40).optional(),
          to: z.string().max(40).optional(),
        }),
      },
    },
    async (request) => {
      const { action, objectType, objectId, actorId, from, to, ...params } = request.query;
      return browseAuditLog(ctx, requireActor(request), params, { action, objectType, objectId, actorId, from, to });
    },
  );

  app.get('/api/knowable', { schema: { tags: ['secrecy'], summary: 'Register of who knows each record at 机密 and above that you may read' } }, async (request) => ({
    items: await knowersRegister(ctx, requireActor(request)),
  }));
  const scopeParams = z.object({ objectType: z.enum(SCOPE_OBJECT_TYPES as [string, ...string[]]), objectId: z.string().min(1).max(100) });
  app.get('/api/knowable/:objectType/:objectId', { schema: { tags: ['secrecy'], summary: 'Who may know a record above internal (知悉范围), and the requests to add to it', params: scopeParams } }, async (request) =>
    scopeRegister(ctx, requireActor(request), request.params.objectType, request.params.objectId),
  );
  app.post(
    '/api/knowable/requests',
    {
      schema: {
        tags: ['secrecy'],
        summary: 'Ask to add a person or unit to a record\'s knowable scope',
        body: z.object({
          objectType: z.enum(SCOPE_OBJECT_TYPES as [string, ...string[]]),
          objectId: z.string().min(1).max(100),
          subjectType: z.enum(['person', 'unit']),
          subjectId: z.string().min(1).max(100),
          reason: z.string().trim().min(1, 'Say why they need to know.').max(1000),
        }),
      },
    },
    async (request, reply) => reply.status(201).send({ id: await requestScope(ctx, requireActor(request), request.body) }),
  );
  app.post(
    '/api/knowable/requests/:id/decide',
    { schema: { tags: ['secrecy'], summary: 'Approve or reject a scope request', params: idParams, body: z.object({ approve: z.boolean(), note: z.string().trim().max(1000).nullish() }) } },
    async (request, reply) => {
      await decideScopeRequest(ctx, requireActor(request), request.params.id, request.body.approve, request.body.note ?? null);
      return reply.status(204).send();
    },
  );

  app.get('/api/auth/locks', { schema: { tags: ['auth'], summary: 'Sign-in locks and failures, per account and address (secrecy office)' } }, async (request) => ({
    items: await listLocks(ctx, requireActor(request)),
  }));
  app.post(
    '/api/auth/locks/lift',
    {
      schema: {
        tags: ['auth'],
        summary: 'Lift the sign-in locks of an account, from one address or all',
        body: z.object({ userId: z.string().min(1).max(100), address: z.string().min(1).max(100).optional() }),
      },
    },
    async (request) => ({ lifted: await liftLocks(ctx, requireActor(request), request.body.userId, request.body.address) }),
  );

  app.get('/api/audit/verify', { schema: { tags: ['audit'], summary: 'Recompute the hash chain' } }, async (request) => {
    const actor = requireActor(request);
    authorize(actor, 'audit.verify');
    return verifyAudit(ctx.database);
  });

}
