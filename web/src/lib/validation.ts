/** The same rules the API applies, so forms refuse what the server would refuse. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{2,64}$/;
export const PASSWORD_MIN = 10;
export const TOTP_PATTERN = /^\d{6}$/;

/** Only same-site paths are accepted as a place to go after sign-in. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
