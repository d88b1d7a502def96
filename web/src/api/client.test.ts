import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n/index.ts';
import { api, ApiError, parseError, setCsrfToken, setLoginRedirect, withQuery } from './client.ts';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('api client', () => {
  const fetchMock = vi.fn<typeof fetch>();
  const redirect = vi.fn<(next: string) => void>();

  beforeEach(() => {
    fetchMock.mockReset();
    redirect.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    setLoginRedirect(redirect);
    setCsrfToken('csrf-123');
    window.history.replaceState(null, '', '/org/people?q=li');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('parses the API error shape into an ApiError with code, message and details', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(409, { error: { code: 'conflict', message: 'The unit has sub-units.', details: { children: 2 } } }),
    );
    const error = await api('/units/u1', { method: 'DELETE' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'The unit has sub-units.', details: { children: 2 } });
  });

  it('asks for the page’s language and keeps the params the server’s message names', async () => {
    for (const [language, header] of [['zh-CN', 'zh-CN'], ['en', 'en']] as const) {
      await i18n.changeLanguage(language);
      fetchMock.mockResolvedValueOnce(
        jsonResponse(409, { error: { code: 'session_not_planned', message: '本次会议已记为于 2026-11-30 举行', params: { date: '2026-11-30' }, details: { status: 'held' } } }),
      );
      const error = await api('/study/sessions/s1/held', { method: 'POST', body: {} }).catch((e: unknown) => e);
      expect(new Headers(fetchMock.mock.lastCall![1]!.headers).get('accept-language')).toBe(header);
      expect(error).toMatchObject({ code: 'session_not_planned', params: { date: '2026-11-30' }, details: { status: 'held' } });
    }
  });

  it('falls back to the HTTP status when the body is not the error shape', async () => {
    const error = await parseError(new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('502');
  });

  it('sends the CSRF header on writes and not on reads, with same-origin credentials', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { ok: true }));
    await api('/units', { method: 'POST', body: { name: 'x' } });
    await api('/units', { query: { page: 2, q: '', parentId: undefined } });
    const [postUrl, postInit] = fetchMock.mock.calls[0]!;
    const [getUrl, getInit] = fetchMock.mock.calls[1]!;
    expect(postUrl).toBe('/api/units');
    expect((postInit!.headers as Record<string, string>)['x-csrf-token']).toBe('csrf-123');
    expect(postInit!.credentials).toBe('same-origin');
    expect(postInit!.body).toBe('{"name":"x"}');
    expect(getUrl).toBe('/api/units?page=2');
    expect((getInit!.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('answers undefined for 204', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await expect(api('/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
  });

  it.each(['unauthenticated', 'session_expired'])('redirects to /login with next on 401 %s', async (code) => {
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { error: { code, message: 'Sign in first.' } }));
    await expect(api('/people')).rejects.toMatchObject({ status: 401, code });
    expect(redirect).toHaveBeenCalledWith('/org/people?q=li');
  });

  it('does not redirect for other 401 codes or when asked not to', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { error: { code: 'totp_required', message: 'Code needed.' } }));
    await expect(api('/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'totp_required' });
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign in first.' } }));
    await expect(api('/auth/me', { noRedirect: true })).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(redirect).not.toHaveBeenCalled();
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/api/people/export', { format: 'xlsx', q: 'a b', unitId: undefined, page: 0 })).toBe('/api/people/export?format=xlsx&q=a+b&page=0');
    expect(withQuery('/x?y=1', { z: true })).toBe('/x?y=1&z=true');
  });
});
