import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { renderMessage, type Lang, type MessageParams } from '../i18n/render.ts';
import { issueMessage } from '../i18n/validation.ts';
import { readerLanguage } from './coded-values.ts';

export interface ErrorBody {
  error: { code: string; message: string; params?: MessageParams; details?: unknown };
}

const body = (code: string, message: string, details?: unknown, params?: MessageParams): ErrorBody => ({
  error: { code, message, ...(params === undefined ? {} : { params }), ...(details === undefined ? {} : { details }) },
});

/** A catalogue message as the one error shape, in the reader's language, with its parameters for clients that word it themselves. */
const said = (lang: Lang, code: string, key: MessageKey, params: MessageParams = {}, details?: unknown): ErrorBody =>
  body(code, renderMessage(key, params, lang), details, params);

/** The language of the answer to a request (`?lang=`, else Accept-Language, else Chinese). */
export function requestLanguage(request: FastifyRequest): Lang {
  return readerLanguage(request.query, request.headers['accept-language']);
}

/** Constraint violations that a concurrent change can still cause after the service's own checks. */
function constraintConflict(error: { code?: unknown; message?: unknown }): MessageKey | null {
  const code = String(error.code ?? '');
  const message = String(error.message ?? '');
  if (code === '23503' || /FOREIGN KEY constraint failed/.test(message)) return 'conflict_reference';
  if (code === '23505' || /UNIQUE constraint failed/.test(message)) return 'conflict_unique';
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
const FASTIFY_ERRORS: Record<string, { status: number; code: string; key: MessageKey; params?: MessageParams }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', key: 'unsupported_media_type', params: { header: 'Content-Type: application/json' } },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', key: 'invalid_json_empty', params: { header: 'Content-Type' } },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', key: 'invalid_json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', key: 'body_too_large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length', key: 'invalid_content_length', params: { header: 'Content-Length' } },
};

/**
 * Errors Fastify raises before a route is chosen (its `frameworkErrors` option), in the one shape.
 * The address is not echoed: it may be 10,000 characters long, or carry whatever broke it.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // The query is not parsed yet when the address itself is broken: the language comes from the header alone.
  const lang = readerLanguage(undefined, request.headers['accept-language']);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.status(414).send(said(lang, 'uri_too_long', 'uri_too_long', { max: MAX_PARAM_LENGTH }));
  if (error.code === 'FST_ERR_BAD_URL') return reply.status(400).send(said(lang, 'bad_url', 'bad_url'));
  return reply.status(400).send(said(lang, 'bad_request', 'bad_request'));
}

/** One JSON error shape for every 4xx and 5xx: { error: { code, message, params, details } }, the message in the request's language. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = requestLanguage(request);
    if (error instanceof AppError) {
      return reply.status(error.status).send(body(error.code, error.messageIn(lang), error.details, error.params));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => {
        const path = `${error.validationContext ?? ''}${v.instancePath.replace(/\//g, '.')}`;
        return { path, code: v.keyword, message: issueMessage(v, path, lang) };
      });
      const summary = issues.map((i) => i.message).join(lang === 'zh' ? '；' : '; ');
      return reply.status(400).send(said(lang, 'invalid_input', 'invalid_input', { summary }, { issues }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, '应答与其模式不符 / response did not match its schema');
      return reply.status(500).send(said(lang, 'internal', 'internal_answer', { requestId: request.id }));
    }
    const conflictKey = constraintConflict(error);
    if (conflictKey) return reply.status(409).send(said(lang, 'conflict', conflictKey));
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (known) return reply.status(known.status).send(said(lang, known.code, known.key, known.params));
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.status(429).send(said(lang, 'too_many_requests', 'too_many_requests'));
    if (status >= 400 && status < 500) {
      // Another 4xx from Fastify or a plugin: its code, and its own words only in English.
      const code = (error.code ?? 'bad_request').toLowerCase();
      return reply.status(status).send(lang === 'en' ? body(code, error.message) : said(lang, code, 'request_refused', { status }));
    }
    request.log.error({ err: error }, '未处理的错误 / unhandled error');
    return reply.status(500).send(said(lang, 'internal', 'internal', { requestId: request.id }));
  });
}

/** A catalogue message as the error body of a request, for answers made outside a thrown error. */
export function errorBody(request: FastifyRequest, code: string, key: MessageKey, params: MessageParams = {}): ErrorBody {
  return said(requestLanguage(request), code, key, params);
}
