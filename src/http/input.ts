import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Text that cannot be stored is refused at the door, alike on both databases: PostgreSQL text cannot
 * hold NUL (U+0000) and fails the whole statement, and an unpaired UTF-16 surrogate is not text at
 * all (PostgreSQL would receive U+FFFD in its place, SQLite the broken unit). Every string of the
 * address, the query and the body is checked, keys included, before the route's schema runs.
 */
export function installInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problem = badText(request.params, 'params') ?? badText(request.query, 'querystring') ?? badText(request.body, 'body');
    if (!problem) return;
    const params = { path: problem.path, what: problem.what };
    throw new AppError(400, 'text_not_storable', params, { code: 'invalid_input', details: { issues: [{ path: problem.path, key: 'text_not_storable', params }] } });
  });
}

/** What a text holds that cannot be stored: a word of the `badText` vocabulary (src/i18n/terms.ts). */
function what(text: string): 'nul' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  if (!text.isWellFormed()) return 'surrogate';
  return null;
}

/** The first string (or key) in a parsed value that cannot be stored, with its path; walked without recursion (bodies may nest deep). */
function badText(root: unknown, rootPath: string): { path: string; what: 'nul' | 'surrogate' } | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const problem = what(value);
      if (problem) return { path, what: problem };
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const keyProblem = what(key);
        if (keyProblem) return { path: `${path} (a field name)`, what: keyProblem };
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return null;
}
