import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config.ts';

/**
 * The content security policy of every answer (API, web app, API docs, static files). The built
 * web app loads only its own scripts (web/index.html and the Vite build have no inline script);
 * antd and ECharts write inline styles, hence 'unsafe-inline' for styles only; icons and charts
 * may use data: images. No page may be framed (clickjacking), and nothing is sent to other origins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The headers of every answer: the security headers (HSTS only where the deployment says it is served
 * over HTTPS, i.e. secure cookies) and the request's id, for matching an answer to its log lines.
 * One hook with a callback: it runs on every answer, and an async hook costs a promise each time.
 */
export function installResponseHeaders(app: FastifyInstance, settings: Pick<Settings, 'secureCookies'>): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    if (settings.secureCookies) reply.header('strict-transport-security', 'max-age=31536000');
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
}
