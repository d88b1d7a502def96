import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { namedColumns } from '../db/columns.ts';
import { batchedHotRead } from '../db/prepared.ts';
import type { User } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, badRequest, unauthorized } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { getUser, rolesOf, type UserWithRoles } from '../org/accounts.ts';
import { systemActor, type Actor } from './actor.ts';
import { atMost, isStateSecret } from './levels.ts';
import { checkCredentials } from './lockout.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from './passwords.ts';
import type { Role } from './roles.ts';
import { digestToken, newSecretToken, revokeAllApiTokens } from './tokens.ts';
import { consumeTotp, newTotpSecret, sealTotpSecret, totpUri } from './totp.ts';

// Sliding expiry is refreshed at most this often, so reads do not turn into writes.
const TOUCH_INTERVAL_MS = 60_000;

// Verifying against a real hash when the user does not exist keeps the answer time the same.
let dummyHash: Promise<string> | undefined;

export function actorOf(user: UserWithRoles, via: Actor['via'], requestId: string | null, address: string | null = null): Actor {
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    roles: user.roles,
    clearance: user.clearance,
    personId: user.person_id,
    via,
    requestId,
    address,
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

/** The idle limit from now, but never past the absolute limit from sign-in. */
function sessionExpiry(ctx: Context, createdAt: string, at: number): string {
  const idle = at + ctx.settings.sessionHours * 3_600_000;
  const absolute = Date.parse(createdAt) + ctx.settings.sessionMaxHours * 3_600_000;
  return new Date(Math.min(idle, absolute)).toISOString();
}

export async function login(ctx: Context, input: LoginInput): Promise<NewSession> {
  const { db } = ctx.database;
  const username = input.username.trim().toLowerCase();
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row) {
    dummyHash ??= hashPassword('remit-timing-equalizer');
    await verifyPassword(await dummyHash, input.password);
    throw unauthorized('invalid_credentials');
  }
  const user: UserWithRoles = { ...row, roles: await rolesOf(db, row.id) };
  const outcome = await checkCredentials(ctx, {
    user,
    password: input.password,
    totp: input.totp,
    secondFactor: true,
    address: input.ip,
    purpose: 'login',
    actor: { ...systemActor(user.username, 'session'), requestId: input.requestId, address: input.ip },
  });
  if (outcome === 'wrong_password') throw unauthorized('invalid_credentials');
  if (outcome === 'totp_missing') throw unauthorized('totp_required');
  if (outcome === 'wrong_totp') throw unauthorized('invalid_totp');
  if (user.disabled) throw new AppError(403, 'account_disabled');
  const token = newSecretToken('rs');
  const csrfToken = newSecretToken('csrf');
  const stamp = now();
  const expiresAt = sessionExpiry(ctx, stamp, Date.now());
  await writeAudited(ctx, actorOf(user, 'session', input.requestId, input.ip), async (trx) => {
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

type SessionRow = User & {
  csrf_token: string;
  expires_at: string;
  last_seen_at: string;
  session_created_at: string;
  /** The account's roles, comma-separated (role names hold no comma). */
  role_list: string | null;
};

const USER_COLUMNS = namedColumns<User, 'users'>('users', {
  id: true,
  username: true,
  display_name: true,
  password_hash: true,
  clearance: true,
  person_id: true,
  totp_secret: true,
  totp_enabled: true,
  totp_last_step: true,
  failed_logins: true,
  locked_until: true,
  disabled: true,
  locale: true,
  password_changed_at: true,
  password_by_admin: true,
  created_at: true,
  updated_at: true,
});
const SESSION_COLUMNS = `${USER_COLUMNS.join(', ')}, sessions.csrf_token, sessions.expires_at, sessions.last_seen_at, sessions.created_at as session_created_at`;

// Every request with a session cookie asks this: one prepared query for session, account and roles,
// on PostgreSQL for the requests of one moment together (batchedHotRead).
const sessionLookup = batchedHotRead<SessionRow & { session_key: string }>(
  'remit_session_lookup',
  {
    sqlite: `select sessions.id as session_key, ${SESSION_COLUMNS},
    (select group_concat(role, ',') from user_roles where user_roles.user_id = users.id) as role_list
    from sessions inner join users on users.id = sessions.user_id where sessions.id = ?`,
    postgres: `select sessions.id as session_key, ${SESSION_COLUMNS},
    (select string_agg(role, ',') from user_roles where user_roles.user_id = users.id) as role_list
    from sessions inner join users on users.id = sessions.user_id where sessions.id = any($1)`,
  },
  (row) => row.session_key,
);

export async function resolveSession(ctx: Context, token: string): Promise<ResolvedSession> {
  const { db } = ctx.database;
  const id = digestToken(token);
  const [row] = await sessionLookup(ctx.database, id);
  if (!row) throw unauthorized('session_ended', {}, 'session_expired');
  const stamp = now();
  if (row.expires_at <= stamp) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    throw unauthorized('session_expired');
  }
  // The absolute limit holds even for a session that was never idle, including ones created before it existed.
  if (Date.parse(row.session_created_at) + ctx.settings.sessionMaxHours * 3_600_000 <= Date.parse(stamp)) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    throw unauthorized('session_max_age', { sessionMaxHours: ctx.settings.sessionMaxHours }, 'session_expired');
  }
  const { session_key: _key, csrf_token: csrfToken, expires_at: _expires, last_seen_at: lastSeen, session_created_at: createdAt, role_list: roleList, ...userRow } = row;
  if (userRow.disabled) throw unauthorized('account_disabled_now', {}, 'account_disabled');
  if (Date.parse(stamp) - Date.parse(lastSeen) > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: stamp, expires_at: sessionExpiry(ctx, createdAt, Date.now()) }).where('id', '=', id).execute();
  }
  // Sorted as rolesOf sorts them, whatever order the aggregate met the rows in.
  const roles = roleList ? (roleList.split(',').sort() as Role[]) : [];
  return { user: { ...userRow, roles }, csrfToken, sessionId: id };
}

/**
 * The account behind a token, with the clearance the token carries: the account's own when the
 * token was minted with the second factor, otherwise no more than internal. Tokens older than the
 * maximum lifetime are refused whatever expiry they were given (older tokens had none).
 */
export async function resolveApiToken(ctx: Context, token: string): Promise<UserWithRoles> {
  const { db } = ctx.database;
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', digestToken(token)).executeTakeFirst();
  const stamp = now();
  const tooOld = row && Date.parse(row.created_at) + ctx.settings.tokenMaxDays * 86_400_000 <= Date.parse(stamp);
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= stamp) || tooOld) {
    throw unauthorized('invalid_token');
  }
  const user = await getUser(db, row.user_id);
  if (user.disabled) throw unauthorized('token_owner_disabled', {}, 'account_disabled');
  if (!row.last_used_at || Date.parse(stamp) - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: stamp }).where('id', '=', row.id).execute();
  }
  const cap = row.second_factor === 1 || atMost(user.clearance, 'internal') ? user.clearance : 'internal';
  return { ...user, clearance: cap };
}

export async function logout(ctx: Context, actor: Actor, sessionId: string): Promise<void> {
  await writeAudited(ctx, actor, async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return { result: undefined, audit: { action: 'auth.logout', objectType: 'user', objectId: actor.id, level: 'public' } };
  });
}

/** A password typed again to confirm a deliberate act, counted with sign-in failures (src/security/lockout.ts). */
async function reconfirm(
  ctx: Context,
  actor: Actor,
  user: UserWithRoles,
  input: { password: string; totp?: string | null | undefined },
  purpose: 'password_change' | 'totp_disable' | 'token',
  secondFactor: boolean,
): Promise<void> {
  const outcome = await checkCredentials(ctx, { user, ...input, secondFactor, address: actor.address ?? null, purpose, actor });
  if (outcome === 'wrong_password') {
    throw badRequest(purpose === 'password_change' ? 'current_password_wrong' : 'password_wrong');
  }
  if (outcome === 'totp_missing') throw new AppError(403, 'totp_required_reconfirm', {}, { code: 'totp_required' });
  if (outcome === 'wrong_totp') throw new AppError(403, 'invalid_totp');
}

export async function changePassword(
  ctx: Context,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
): Promise<void> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  await reconfirm(ctx, actor, user, { password: input.currentPassword }, 'password_change', false);
  checkPasswordRules(input.newPassword);
  if (input.newPassword === input.currentPassword) throw badRequest('password_unchanged');
  const passwordHash = await hashPassword(input.newPassword);
  await writeAudited(ctx, actor, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now(), password_by_admin: 0, updated_at: now() }).where('id', '=', user.id).execute();
    // Other sessions end and API tokens stop: whoever knew the old password is out everywhere else.
    let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (keepSessionId) others = others.where('id', '!=', keepSessionId);
    await others.execute();
    const revoked = await revokeAllApiTokens(trx, user.id);
    return { result: undefined, audit: { action: 'auth.password_change', objectType: 'user', objectId: user.id, level: 'public', detail: { tokensRevoked: revoked } } };
  });
}

export async function beginTotpEnrolment(ctx: Context, actor: Actor): Promise<{ secret: string; uri: string }> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  if (user.totp_enabled) throw badRequest('totp_already_enabled_reenrol');
  const secret = newTotpSecret();
  await ctx.database.db.updateTable('users').set({ totp_secret: sealTotpSecret(ctx, user.id, secret), totp_last_step: null, updated_at: now() }).where('id', '=', user.id).execute();
  return { secret, uri: totpUri(secret, user.username, ctx.settings.orgName) };
}

export async function enableTotp(ctx: Context, actor: Actor, code: string): Promise<void> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  if (user.totp_enabled) throw badRequest('totp_already_enabled');
  if (!user.totp_secret) throw badRequest('totp_enrolment_not_started');
  if (!(await consumeTotp(ctx, user, code))) {
    throw badRequest('totp_code_mismatch');
  }
  await writeAudited(ctx, actor, async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: 1, updated_at: now() }).where('id', '=', user.id).execute();
    return { result: undefined, audit: { action: 'auth.totp_enable', objectType: 'user', objectId: user.id, level: 'public' } };
  });
}

export async function disableTotp(ctx: Context, actor: Actor, password: string): Promise<void> {
  const user = await getUser(ctx.database.db, actor.id ?? '');
  if (!user.totp_enabled) throw badRequest('totp_not_enabled');
  await reconfirm(ctx, actor, user, { password }, 'totp_disable', false);
  if (isStateSecret(user.clearance)) {
    throw new AppError(422, 'totp_kept_for_clearance', {}, { code: 'totp_required_for_clearance' });
  }
  await writeAudited(ctx, actor, async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: 0, totp_secret: null, totp_last_step: null, updated_at: now() }).where('id', '=', user.id).execute();
    return { result: undefined, audit: { action: 'auth.totp_disable', objectType: 'user', objectId: user.id, level: 'public' } };
  });
}

export interface NewApiToken {
  name: string;
  expiresInDays?: number | undefined;
  password: string;
  totp?: string | null | undefined;
}

/**
 * A token is a password that skips the sign-in page, so minting one asks for what sign-in asks: the
 * password and, when the account has a second factor, the current code. A token lives at most
 * REMIT_TOKEN_MAX_DAYS, and one minted without a code never reads above internal (resolveApiToken).
 */
export async function createApiToken(ctx: Context, actor: Actor, input: NewApiToken): Promise<{ token: string; id: string }> {
  if (actor.kind !== 'user' || !actor.id) throw new AppError(403, 'token_needs_person');
  const maxDays = ctx.settings.tokenMaxDays;
  const days = input.expiresInDays ?? maxDays;
  if (days > maxDays) throw badRequest('token_too_long', { maxDays }, { maxDays });
  const user = await getUser(ctx.database.db, actor.id);
  if (isStateSecret(user.clearance) && user.totp_enabled !== 1) {
    throw new AppError(422, 'totp_required_for_token', {}, { code: 'totp_required_for_clearance' });
  }
  await reconfirm(ctx, actor, user, { password: input.password, totp: input.totp }, 'token', true);
  const secondFactor = user.totp_enabled === 1;
  const token = newSecretToken('remit');
  const id = newId();
  await writeAudited(ctx, actor, async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        user_id: user.id,
        name: input.name,
        token_hash: digestToken(token),
        prefix: token.slice(0, 12),
        created_at: now(),
        last_used_at: null,
        expires_at: new Date(Date.now() + days * 86_400_000).toISOString(),
        revoked_at: null,
        second_factor: secondFactor ? 1 : 0,
      })
      .execute();
    return { result: undefined, audit: { action: 'token.create', objectType: 'api_token', objectId: id, level: 'public', detail: { name: input.name, days, secondFactor } } };
  });
  return { token, id };
}

export async function listApiTokens(db: Executor, actor: Actor) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at', 'second_factor'])
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
    if (Number(result.numUpdatedRows) === 0) throw new AppError(404, 'token_not_found', { id });
    return { result: undefined, audit: { action: 'token.revoke', objectType: 'api_token', objectId: id, level: 'public' } };
  });
}

