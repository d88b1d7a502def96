import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { findStarMark } from '../secrecy/review/scanner.ts';
import { atMost, type Level } from './levels.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The body fields (top-level names) that hold state-secret marks as data about things kept
     * elsewhere: a carrier's mark in the carriers register, the draft under review. Only those
     * fields are exempt from the ceiling guard; every other field and the query string are checked,
     * so a note, title or location beside a mark field cannot carry a mark.
     */
    carriesMarks?: readonly string[];
  }
}

export interface FoundMark {
  /** The mark as written in the request. */
  mark: string;
  /** Where: `body.note`, `body.items.0.text`, `query.reason`. */
  field: string;
}

/**
 * The first state-secret mark in a request value (strings at any depth), read as the review's
 * scanner reads it: traditional characters, full-width forms, spaces and zero-width characters
 * between the characters, ☆ * ＊ for ★ (`機密★`, `机\u200b密★`, `机 密 ★`, `秘密*10年`).
 */
export function findStateSecretMark(value: unknown, path = '', depth = 0): FoundMark | null {
  if (typeof value === 'string') {
    const found = findStarMark(value);
    return found ? { mark: found.excerpt, field: path } : null;
  }
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findStateSecretMark(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The body without the fields the route declares as marks data. */
function checkedBody(body: unknown, marksData: readonly string[]): unknown {
  if (marksData.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !marksData.includes(key)));
}

/**
 * 涉密不上网: on a deployment not accredited for state secrets, text carrying a state-secret mark
 * (typed, pasted, imported from CSV or a release, sent in a query string such as ?reason=) is
 * refused wherever it would be stored, before any service sees it.
 */
export function installCeilingGuard(app: FastifyInstance, ceiling: Level): void {
  if (atMost('mimi', ceiling)) return;
  app.addHook('preValidation', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !request.url.startsWith('/api/')) return;
    const marksData = request.routeOptions.config?.carriesMarks ?? [];
    const found =
      findStateSecretMark(request.query, 'query') ?? findStateSecretMark(checkedBody(request.body, marksData), 'body');
    if (!found) return;
    throw new AppError(422, 'above_ceiling_mark', { field: found.field, mark: found.mark, ceiling }, { code: 'above_ceiling', details: { mark: found.mark, field: found.field, ceiling } });
  });
}
