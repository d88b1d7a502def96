import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, badRequest, tooMany, unauthorized, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { getUser, rolesOf, type UserWithRoles } from '../org/accounts.ts';
import { systemActor, type Actor } from './actor.ts';
import { isStateSecret } from './levels.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from './passwords.ts';
import { digestToken, newSecretToken } from './tokens.ts';
import { consumeTotp, newTotpSecret, totpUri } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
// Sliding expiry is refreshed at most this often, so reads do not turn into writes.
const TOUCH_INTERVAL_MS = 60_000;

// Verifying against a real hash when the user does not exist keeps the answer time the same.
let dummyHash: Promise<string> | undefined;

export function actorOf(user: UserWithRoles, via: Actor['via'], requestId: string | null): Actor {
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    roles: user.roles,
    clearance: user.clearance,
    personId: user.person_id,
    via,
    requestId,
  };
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: UserWithRoles;
}

async function recordFailure(ctx: Context, user: UserWithRoles, requestId: string | null, reason: string): Promise<void> {
  await writeAudited(ctx, { ...systemActor(user.username, 'session'), requestId }, async (trx) => {
    const failures = user.failed_logins + 1;
    const lock = failures >= MAX_FAILED_LOGINS;
    await trx
      .updateTable('users')
      .set({
        failed_logins: lock ? 0 : failures,
        locked_until: lock ? new Date(Date.now() + LOCKOUT_MINUTES * 60_000).toISOString() : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute();
    return {
      result: undefined,
      audit: { action: lock ? 'auth.locked' : 'auth.login_failed', objectType: 'user', objectId: user.id, level: 'public', detail: { reason } },
    };
  });
}

export async function login(ctx: Context, input: LoginInput): Promise<NewSession> {
  const { db } = ctx.database;
  const username = input.username.trim().toLowerCase();
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row) {
    dummyHash ??= hashPassword('remit-timing-equalizer');
    await verifyPassword(await dummyHash, input.password);
    throw unauthorized('Wrong user name or password.', 'invalid_credentials');
  }
  const user: UserWithRoles = { ...row, roles: await rolesOf(db, row.id) };
  if (user.locked_until && user.locked_until > now()) {
    const until = new Date(user.locked_until);
    throw tooMany(
      `Too many failed sign-ins: this account is locked until ${until.toISOString().slice(11, 16)} UTC. Try again then, or ask an administrator to unlock it.`,
    );
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await recordFailure(ctx, user, input.requestId, 'password');
    throw unauthorized('Wrong user name or password.', 'invalid_credentials');
  }
  if (user.disabled) throw new AppError(403, 'account_disabled', 'This account is disabled. Ask an administrator.');
  if (user.totp_enabled) {
    if (!input.totp) throw unauthorized('Enter the 6-digit code from your authenticator app.', 'totp_required');
    if (!(await consumeTotp(ctx.database.db, user, input.totp))) {
      await recordFailure(ctx, user, input.requestId, 'totp');
      throw unauthorized('That code is wrong, expired or already used. Enter the current 6-digit code.', 'invalid_totp');
    }
  }
  const token = newSecretToken('rs');
  const csrfToken = newSecretToken('csrf');
  const stamp = now();
  const expiresAt = new Date(Date.now() + ctx.settings.sessionHours * 3_600_000).toISOString();
  await writeAudited(ctx, actorOf(user, 'session', input.requestId), async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await trx
      .insertInto('sessions')
      .values({
        id: digestToken(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: stamp,
        expires_at: expiresAt,
        last_seen_at: stamp,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return { result: undefined, audit: { action: 'auth.login', objectType: 'user', objectId: user.id, level: 'public' } };
  });
  return { token, csrfToken, expiresAt, user };
}

export interface ResolvedSession {
  user: UserWithRoles;
  csrfToken: string;
  sessionId: string;
}

export async function resolveSession(ctx: Context, token: string): Promise<ResolvedSession> {
  const { db } = ctx.database;
  const id = digestToken(token);
  // One query for the session and its user: this runs on every request.
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) throw unauthorized('Your session has ended. Sign in again.', 'session_expired');
  const stamp = now();
  if (row.expires_at <= stamp) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    throw unauthorized('Your session has expired. Sign in again.', 'session_expired');
  }
  const { csrf_token: csrfToken, expires_at: _expires, last_seen_at: lastSeen, ...userRow } = row;
  if (userRow.disabled) throw unauthorized('This account is disabled.', 'account_disabled');
  if (Date.parse(stamp) - Date.parse(lastSeen) > TOUCH_INTERVAL_MS) {
    const expiresAt = new Date(Date.now() + ctx.settings.sessionHours * 3_600_000).toISOString();
    await db.updateTable('sessions').set({ last_seen_at: stamp, expires_at: expiresAt }).where('id', '=', id).execute();
  }
  return { user: { ...userRow, roles: await rolesOf(db, userRow.id) }, csrfToken, sessionId: id };
}

export async function resolveApiToken(ctx: Context, token: string): Promise<UserWithRoles> {
  const { db } = ctx.database;
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', digestToken(token)).executeTakeFirst();
  const stamp = now();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= stamp)) {
    throw unauthorized('This API token is unknown, revoked or expired.', 'invalid_token');
  }
  const user = await getUser(db, row.user_id);
  if (user.disabled) throw unauthorized('The account that owns this API token is disabled.', 'account_disabled');
  if (!row.last_used_at || Date.parse(stamp) - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: stamp }).where('id', '=', row.id).execute();
  }
  return user;
}

export async function logout(ctx: Context, actor: Actor, sessionId: string): Promise<void> {
  await writeAudited(ctx, actor, async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return { result: undefined, audit: { action: 'auth.logout', objectType: 'user', objectId: actor.id, level: 'public' } };
  });
}

export async function changePassword(
  ctx: Context,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
): Promise<void> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw badRequest('The current password is wrong.');
  }
  checkPasswordRules(input.newPassword);
  if (input.newPassword === input.currentPassword) throw badRequest('Choose a password different from the current one.');
  const passwordHash = await hashPassword(input.newPassword);
  await writeAudited(ctx, actor, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now(), updated_at: now() }).where('id', '=', user.id).execute();
    // Other sessions end: whoever knew the old password is signed out everywhere else.
    let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (keepSessionId) others = others.where('id', '!=', keepSessionId);
    await others.execute();
    return { result: undefined, audit: { action: 'auth.password_change', objectType: 'user', objectId: user.id, level: 'public' } };
  });
}

export async function beginTotpEnrolment(ctx: Context, actor: Actor): Promise<{ secret: string; uri: string }> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  if (user.totp_enabled) throw badRequest('A second factor is already enabled. Disable it first to enrol a new device.');
  const secret = newTotpSecret();
  await ctx.database.db.updateTable('users').set({ totp_secret: secret, updated_at: now() }).where('id', '=', user.id).execute();
  return { secret, uri: totpUri(secret, user.username, ctx.settings.orgName) };
}

export async function enableTotp(ctx: Context, actor: Actor, code: string): Promise<void> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  if (user.totp_enabled) throw badRequest('A second factor is already enabled.');
  if (!user.totp_secret) throw badRequest('Start the enrolment first: ask for a new secret and scan its QR code.');
  if (!(await consumeTotp(ctx.database.db, user, code))) {
    throw badRequest('That code does not match. Check the time on your phone and enter the current 6-digit code.');
  }
  await writeAudited(ctx, actor, async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: 1, updated_at: now() }).where('id', '=', user.id).execute();
    return { result: undefined, audit: { action: 'auth.totp_enable', objectType: 'user', objectId: user.id, level: 'public' } };
  });
}

export async function disableTotp(ctx: Context, actor: Actor, password: string): Promise<void> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  if (!user.totp_enabled) throw badRequest('No second factor is enabled.');
  if (!(await verifyPassword(user.password_hash, password))) throw badRequest('The password is wrong.');
  if (isStateSecret(user.clearance)) {
    throw unprocessable(
      'totp_required_for_clearance',
      'Your clearance covers state secrets, which requires a second factor. Ask the secrecy office to lower it first.',
    );
  }
  await writeAudited(ctx, actor, async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: 0, totp_secret: null, updated_at: now() }).where('id', '=', user.id).execute();
    return { result: undefined, audit: { action: 'auth.totp_disable', objectType: 'user', objectId: user.id, level: 'public' } };
  });
}

export async function createApiToken(
  ctx: Context,
  actor: Actor,
  input: { name: string; expiresInDays?: number | undefined },
): Promise<{ token: string; id: string }> {
  const token = newSecretToken('remit');
  const id = newId();
  await writeAudited(ctx, actor, async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        user_id: actor.id ?? '',
        name: input.name,
        token_hash: digestToken(token),
        prefix: token.slice(0, 12),
        created_at: now(),
        last_used_at: null,
        expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString() : null,
        revoked_at: null,
      })
      .execute();
    return { result: undefined, audit: { action: 'token.create', objectType: 'api_token', objectId: id, level: 'public', detail: { name: input.name } } };
  });
  return { token, id };
}

export async function listApiTokens(db: Executor, actor: Actor) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', actor.id ?? '')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(ctx: Context, actor: Actor, id: string): Promise<void> {
  await writeAudited(ctx, actor, async (trx) => {
    const result = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now() })
      .where('id', '=', id)
      .where('user_id', '=', actor.id ?? '')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError(404, 'not_found', `You have no active API token with id ${id}.`);
    return { result: undefined, audit: { action: 'token.revoke', objectType: 'api_token', objectId: id, level: 'public' } };
  });
}

