import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { AppError, unauthorized } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { actorOf, resolveApiToken, resolveSession } from '../security/sessions.ts';

export const SESSION_COOKIE = 'remit_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
    /** Why the session cookie was not accepted, for protected routes to say. */
    sessionError: AppError | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Works out who is asking, once per request, from an API token or the session cookie. Routes then
 * ask `requireActor(request)`; what the actor may do is the policy module's question.
 */
export function installAuthentication(app: FastifyInstance, ctx: Context): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionError', null);
  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const user = await resolveApiToken(ctx, header.slice(7).trim());
      request.actor = actorOf(user, 'token', request.id, request.ip);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    try {
      const session = await resolveSession(ctx, token);
      request.actor = actorOf(session.user, 'session', request.id, request.ip);
      request.sessionId = session.sessionId;
      request.csrfToken = session.csrfToken;
    } catch (error) {
      // A stale cookie on a public route (login, health) must not block it; protected routes still say why.
      if (error instanceof AppError && error.status === 401) {
        request.log.debug({ code: error.code }, 'session cookie not accepted');
        request.sessionError = error;
        return;
      }
      throw error;
    }
    // Cookies ride along on cross-site requests; a write must also prove it came from our page.
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.csrfToken) {
      throw new AppError(403, 'csrf_failed', { header: 'x-csrf-token' });
    }
  });
}


export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) {
    if (request.sessionError) throw request.sessionError;
    const hadCookie = Boolean(request.cookies[SESSION_COOKIE]);
    throw hadCookie ? unauthorized('session_expired') : unauthorized();
  }
  return request.actor;
}

export function setSessionCookie(reply: FastifyReply, ctx: Context, token: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.settings.secureCookies,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: Context): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.settings.secureCookies });
}
