import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * The longest path parameter the router passes on to a route: the longest any route's schema
 * accepts (a calendar feed's file name, 200). Ids are at most 100, so their own schema answers
 * between the two; beyond this the router answers 414 through `frameworkError`.
 */
export const MAX_PARAM_LENGTH = 200;

/**
 * Fastify's own errors about the body (wrong content type, empty or broken JSON, too large), with
 * a code and a message a person can act on instead of Fastify's internal wording.
 */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the body as JSON, with the header Content-Type: application/json.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is empty but marked as JSON. Send a JSON object, or leave out the Content-Type header.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is not valid JSON. Check its quotes, commas and brackets.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'The body is larger than 2 MB. Send less at once.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length', message: 'The Content-Length header does not match the body. Send the request again.' },
};

/**
 * Errors Fastify raises before a route is chosen (its `frameworkErrors` option), in the one shape.
 * The address is not echoed: it may be 10,000 characters long, or carry whatever broke it.
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.status(414).send(body('uri_too_long', `A part of the address is longer than ${MAX_PARAM_LENGTH} characters, so it names nothing here. Check the address.`));
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return reply
      .status(400)
      .send(body('bad_url', 'The address is not valid percent-encoding: each % must be followed by two hexadecimal digits that together encode UTF-8 text. Check the address.'));
  }
  return reply.status(400).send(body('bad_request', 'The request could not be matched to an address. Check the address and try again.'));
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
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (known) return reply.status(known.status).send(body(known.code, known.message));
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
