/**
 * The one fetch wrapper of the browser app: same-origin cookies, the CSRF header on writes, the
 * API's error shape turned into an ApiError, and a redirect to /login when the session is gone.
 */

import i18n from 'i18next';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** The values the server's message names, for the catalogue's own text of the code. */
  readonly params: Record<string, unknown>;
  constructor(status: number, code: string, message: string, details?: unknown, params: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.params = params;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Where the browser goes when the API says the session is missing or expired; replaceable in tests. */
let redirectToLogin = (next: string): void => {
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

export function setLoginRedirect(fn: (next: string) => void): void {
  redirectToLogin = fn;
}

const SESSION_CODES = new Set(['unauthenticated', 'session_expired']);

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/** Turns a failed response into an ApiError, whatever the body holds. */
export async function parseError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown; params?: unknown } } | null)?.error;
  if (error && typeof error === 'object') {
    return new ApiError(
      response.status,
      typeof error.code === 'string' ? error.code : 'error',
      typeof error.message === 'string' ? error.message : `HTTP ${response.status}`,
      error.details,
      error.params && typeof error.params === 'object' ? (error.params as Record<string, unknown>) : {},
    );
  }
  return new ApiError(response.status, response.status >= 500 ? 'server_error' : 'error', `HTTP ${response.status} ${response.statusText}`.trim());
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Do not redirect to /login on 401 (the login form and the first /me call handle it themselves). */
  noRedirect?: boolean;
  signal?: AbortSignal;
}

export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  // The server words its messages in the language of the page.
  if (i18n.language) headers['accept-language'] = i18n.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(withQuery(`/api${path}`, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!response.ok) {
    const error = await parseError(response);
    if (response.status === 401 && SESSION_CODES.has(error.code) && !options.noRedirect) {
      const here = window.location.pathname + window.location.search;
      if (!window.location.pathname.startsWith('/login')) redirectToLogin(here);
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return (await response.json()) as T;
  return (await response.text()) as T;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** The server stops counting at 10,000: `total` is then a lower bound. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}
