import { z } from 'zod';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { contains, paginate, type ListParams, type Page } from '../db/paging.ts';
import type { User } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, badRequest, conflict, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { LEVELS, atMost, isStateSecret, type Level } from '../security/levels.ts';
import { clearFailures, liftLocks } from '../security/lockout.ts';
import { checkPasswordRules, generatePassword, hashPassword } from '../security/passwords.ts';
import { assertMayAppoint, assertMayResetPassword, assertNotOwnGrant, assertSeparateDuties, authorize } from '../security/policy.ts';
import { ROLES, type Role } from '../security/roles.ts';
import { revokeAllApiTokens } from '../security/tokens.ts';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,64}$/, 'A user name has 2 to 64 characters: letters, digits, dot, dash or underscore.');

export const newUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(100),
  password: z.string().optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'Give the user at least one role.'),
  clearance: z.enum(LEVELS).default('internal'),
  personId: z.string().nullish(),
});
export type NewUserInput = z.infer<typeof newUserSchema>;

export const userPatchSchema = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'Give the user at least one role.').optional(),
  // Refused with a pointer to the clearance procedure rather than ignored (see updateUser).
  clearance: z.enum(LEVELS).optional(),
  personId: z.string().nullish(),
  disabled: z.boolean().optional(),
  locale: z.enum(['zh-CN', 'en']).nullish(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

export interface UserWithRoles extends User {
  roles: Role[];
}

export async function rolesOf(db: Executor, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role as Role);
}

export async function findUser(db: Executor, id: string): Promise<UserWithRoles | undefined> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return user ? { ...user, roles: await rolesOf(db, id) } : undefined;
}

export async function listUsers(db: Executor, params: ListParams): Promise<Page<UserWithRoles>> {
  let query = db.selectFrom('users');
  const q = params.q;
  if (q) query = query.where((eb) => eb.or([contains('username', q), contains('display_name', q)]));
  const page = await paginate(query, (qb) => qb.selectAll(), params, { username: 'username', displayName: 'display_name', createdAt: 'created_at' }, { sort: 'username', idColumn: 'id' });
  const items = await Promise.all((page.items as User[]).map(async (u) => ({ ...u, roles: await rolesOf(db, u.id) })));
  return { ...page, items };
}

export async function getUser(db: Executor, id: string): Promise<UserWithRoles> {
  const user = await findUser(db, id);
  if (!user) throw notFound('user', id);
  return user;
}

/** State-secret clearance needs a second factor, so it is refused until the user has enrolled TOTP. */
export function assertClearanceAllowed(clearance: Level, totpEnabled: boolean): void {
  if (isStateSecret(clearance) && !totpEnabled) {
    throw unprocessable('totp_required_for_clearance');
  }
}

async function assertPersonExists(db: Executor, personId: string | null | undefined): Promise<void> {
  if (!personId) return;
  const person = await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
  if (!person) throw badRequest('person_not_found_id', { personId });
}

/**
 * One enabled account per person: whoever holds a second account linked to a person could act, and
 * sign responsibility letters, as that person.
 */
async function assertPersonHasNoOtherAccount(db: Executor, personId: string | null | undefined, userId: string): Promise<void> {
  if (!personId) return;
  const other = await db.selectFrom('users').select('username').where('person_id', '=', personId).where('disabled', '=', 0).where('id', '!=', userId).executeTakeFirst();
  if (other) {
    throw new AppError(409, 'person_has_account', { username: other.username });
  }
}

export async function createUser(
  ctx: Context,
  actor: Actor,
  input: NewUserInput,
): Promise<{ user: UserWithRoles; password: string | null }> {
  authorize(actor, 'users.manage');
  const roles = [...new Set(input.roles)];
  assertSeparateDuties(roles);
  assertMayAppoint(actor, [], roles);
  const generated = input.password ? null : generatePassword();
  const password = input.password ?? generated!;
  checkPasswordRules(password);
  // A new account starts at most at internal: state-secret clearance comes from the clearance
  // procedure, and needs a second factor the account cannot have yet.
  assertClearanceAllowed(input.clearance, false);
  if (!atMost(input.clearance, ctx.settings.ceiling)) {
    throw new AppError(422, 'above_ceiling_account', { ceiling: ctx.settings.ceiling }, { code: 'above_ceiling' });
  }
  const passwordHash = await hashPassword(password);
  const id = newId();
  const stamp = now();
  const user = await writeAudited(ctx, actor, async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw conflict('username_taken', { username: input.username });
    await assertPersonExists(trx, input.personId);
    await assertPersonHasNoOtherAccount(trx, input.personId, id);
    await trx
      .insertInto('users')
      .values({
        id,
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        clearance: input.clearance,
        person_id: input.personId ?? null,
        locale: null,
        password_changed_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: id, role }))).execute();
    return {
      result: await getUser(trx, id),
      audit: {
        action: 'user.create',
        objectType: 'user',
        objectId: id,
        level: 'internal',
        detail: { username: input.username, roles, clearance: input.clearance },
      },
    };
  });
  return { user, password: generated };
}

const GRANTS = { roles: 'roles', clearance: 'clearance', personId: 'person link' } as const;

/**
 * Users set their own language; the administrator manages everyone else's account. Nobody changes
 * their own roles, clearance or person link, and clearance is not set here at all: it follows a
 * person's classified-post grade, asked for and approved by two people (src/secrecy/clearances.ts).
 */
function authorizePatch(actor: Actor, id: string, patch: UserPatch): void {
  const fields = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== undefined);
  assertNotOwnGrant(actor, id, fields.filter((f): f is keyof typeof GRANTS => f in GRANTS).map((f) => GRANTS[f]));
  if (actor.id === id && fields.every((f) => f === 'locale')) return;
  authorize(actor, 'users.manage');
  if (patch.clearance !== undefined) {
    throw unprocessable('clearance_procedure');
  }
}

export async function updateUser(ctx: Context, actor: Actor, id: string, patch: UserPatch): Promise<UserWithRoles> {
  authorizePatch(actor, id, patch);
  if (patch.roles) assertSeparateDuties([...new Set(patch.roles)]);
  return writeAudited(ctx, actor, async (trx) => {
    const existing = await getUser(trx, id);
    if (patch.roles) assertMayAppoint(actor, existing.roles, patch.roles);
    if (patch.personId !== undefined) await assertPersonExists(trx, patch.personId);
    // Enabling an account, or linking it, must leave its person with one enabled account.
    const personAfter = patch.personId !== undefined ? (patch.personId ?? null) : existing.person_id;
    const enabledAfter = patch.disabled !== undefined ? !patch.disabled : !existing.disabled;
    if (enabledAfter && (patch.personId !== undefined || patch.disabled === false)) await assertPersonHasNoOtherAccount(trx, personAfter, id);
    if (patch.disabled === true && actor.id === id) throw badRequest('cannot_disable_self');
    // A state-secret clearance belongs to the person's approved grade: an account moved to another
    // person keeps at most internal until the secrecy office grants that person's grade.
    const relinked = patch.personId !== undefined && (patch.personId ?? null) !== existing.person_id;
    const dropClearance = relinked && isStateSecret(existing.clearance);
    await trx
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.personId !== undefined && { person_id: patch.personId ?? null }),
        ...(dropClearance && { clearance: 'internal' as const }),
        // Whoever knew this account's password before could now act as the newly linked person.
        ...(relinked && { password_by_admin: 1 }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled ? 1 : 0 }),
        ...(patch.locale !== undefined && { locale: patch.locale ?? null }),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    if (patch.roles) {
      await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      await trx.insertInto('user_roles').values([...new Set(patch.roles)].map((role) => ({ user_id: id, role }))).execute();
    }
    if (patch.disabled === true) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    return {
      result: await getUser(trx, id),
      audit: {
        action: 'user.update',
        objectType: 'user',
        objectId: id,
        level: 'internal',
        detail: { ...patch, ...(dropClearance && { clearance: 'internal', reason: 'person link changed' }) },
      },
    };
  });
}

/** A new generated password, shown once; the account's sessions and API tokens end with the old one. */
export async function resetPassword(ctx: Context, actor: Actor, id: string): Promise<string> {
  authorize(actor, 'users.manage');
  const target = await getUser(ctx.database.db, id);
  assertMayResetPassword(actor, target);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await writeAudited(ctx, actor, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now(), password_by_admin: 1, updated_at: now() }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const tokensRevoked = await revokeAllApiTokens(trx, id);
    await clearFailures(trx, id);
    return { result: undefined, audit: { action: 'user.reset_password', objectType: 'user', objectId: id, level: 'internal', detail: { tokensRevoked } } };
  });
  return password;
}

/** Lifts every sign-in lock on the account (the secrecy office's call: src/security/lockout.ts). */
export async function unlockUser(ctx: Context, actor: Actor, id: string): Promise<void> {
  await liftLocks(ctx, actor, id);
}
