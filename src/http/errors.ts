import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: { code, message, ...(details === undefined ? {} : { details }) },
});

/** Constraint violations that a concurrent change can still cause after the service's own checks. */
function constraintConflict(error: { code?: unknown; message?: unknown }): string | null {
  const code = String(error.code ?? '');
  const message = String(error.message ?? '');
  if (code === '23503' || /FOREIGN KEY constraint failed/.test(message)) {
    return 'The record refers to, or is referred to by, a record that does not exist or still exists. Reload and try again.';
  }
  if (code === '23505' || /UNIQUE constraint failed/.test(message)) return 'A record with the same unique value already exists.';
  return null;
}

/** One JSON error shape for every 4xx and 5xx: { error: { code, message, details } }. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath.replace(/\//g, '.')}`,
        message: v.message ?? 'invalid',
      }));
      const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      return reply.status(400).send(body('invalid_input', `The request is not valid. ${summary}`, { issues }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return reply.status(500).send(body('internal', `The server could not form its answer (request ${request.id}).`));
    }
    const conflictMessage = constraintConflict(error);
    if (conflictMessage) return reply.status(409).send(body('conflict', conflictMessage));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 429 ? 'too_many_requests' : (error.code ?? 'bad_request').toLowerCase();
      return reply.status(status).send(body(code, error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(body('internal', `Something went wrong on the server. Nothing was saved. Quote request id ${request.id} when you report it.`));
  });
}

export { body as errorBody };
