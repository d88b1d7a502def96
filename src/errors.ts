/**
 * Errors a person can act on. Services throw these; the HTTP layer maps each to its status and the
 * one JSON error shape, and the CLI prints the message.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'invalid_input', message, details);
export const unauthorized = (message = 'Sign in first.', code = 'unauthenticated') => new AppError(401, code, message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string, id: string) =>
  new AppError(404, 'not_found', `No ${what} with id ${id} exists, or it is outside what you may see.`);
export const conflict = (message: string, details?: unknown) => new AppError(409, 'conflict', message, details);
export const unprocessable = (code: string, message: string, details?: unknown) => new AppError(422, code, message, details);
export const tooMany = (message: string) => new AppError(429, 'too_many_attempts', message);
