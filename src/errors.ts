import type { MessageKey } from './i18n/messages.ts';
import { renderMessage, type Lang, type MessageParams } from './i18n/render.ts';

/**
 * Errors a person can act on. Services throw these with a message code of the catalogue
 * (src/i18n/messages.ts) and its parameters; the HTTP layer maps each to its status and the one
 * JSON error shape with the message in the reader's language, and the CLI prints it in its own.
 * `code` is what clients see; it is the message's key unless several messages share an older code
 * (session_expired, account_disabled, totp_required…), which clients keep relying on.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly details: unknown;
  constructor(status: number, key: MessageKey, params: MessageParams = {}, options: { code?: string; details?: unknown } = {}) {
    super(renderMessage(key, params, 'en'));
    this.status = status;
    this.key = key;
    this.code = options.code ?? key;
    this.params = params;
    this.details = options.details;
  }

  /** The message in a reader's language. */
  messageIn(lang: Lang): string {
    return renderMessage(this.key, this.params, lang);
  }
}

export const badRequest = (key: MessageKey, params?: MessageParams, details?: unknown) => new AppError(400, key, params, { details });
export const unauthorized = (key: MessageKey = 'unauthenticated', params?: MessageParams, code?: string) => new AppError(401, key, params, { code });
export const forbidden = (key: MessageKey, params?: MessageParams, details?: unknown) => new AppError(403, key, params, { details });
/** A record that does not exist or that the reader may not know; `thing` is a word of the `thing` vocabulary (src/i18n/terms.ts). */
export const notFound = (thing: string, id: string) => new AppError(404, 'not_found', { thing, id });
export const conflict = (key: MessageKey, params?: MessageParams, details?: unknown) => new AppError(409, key, params, { details });
export const unprocessable = (key: MessageKey, params?: MessageParams, details?: unknown) => new AppError(422, key, params, { details });
export const tooMany = (key: MessageKey, params?: MessageParams, details?: unknown) => new AppError(429, key, params, { details });
