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

/** Security headers on every answer; HSTS only where the deployment says it is served over HTTPS (secure cookies). */
export function installSecurityHeaders(app: FastifyInstance, settings: Pick<Settings, 'secureCookies'>): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    if (settings.secureCookies) reply.header('strict-transport-security', 'max-age=31536000');
  });
}
