import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { LEVEL_LABELS, atMost, type Level } from './levels.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route takes state-secret marks as data about things kept elsewhere (the carriers
     * register, the review of a draft), not as content; its service checks them itself.
     */
    carriesMarks?: boolean;
  }
}

// A level word and the star, allowing spaces a hand-typed or pasted mark may carry between them.
const MARK = /(?:秘\s*密|机\s*密|绝\s*密)\s*[★☆]/u;

/** The first state-secret mark anywhere in a request body (strings at any depth), or null. */
export function findStateSecretMark(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return MARK.exec(value)?.[0] ?? null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const found = findStateSecretMark(item, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * 涉密不上网: on a deployment not accredited for state secrets, text carrying a state-secret mark
 * (typed, pasted, imported from CSV or a release) is refused wherever it would be stored, before any
 * service sees it.
 */
export function installCeilingGuard(app: FastifyInstance, ceiling: Level): void {
  if (atMost('mimi', ceiling)) return;
  app.addHook('preValidation', async (request) => {
    if (request.method === 'GET' || !request.url.startsWith('/api/') || request.routeOptions.config?.carriesMarks) return;
    const mark = findStateSecretMark(request.body);
    if (!mark) return;
    throw new AppError(
      422,
      'above_ceiling',
      `The text carries the state-secret mark "${mark}", and this system is accredited only up to ${LEVEL_LABELS[ceiling].en} (${LEVEL_LABELS[ceiling].zh}). ` +
        'State secrets are kept on an accredited system (涉密不上网); record the carrier in the carriers register instead.',
      { mark, ceiling },
    );
  });
}
