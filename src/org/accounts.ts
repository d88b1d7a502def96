import { z } from 'zod';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { contains, paginate, type ListParams, type Page } from '../db/paging.ts';
import type { User } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, conflict, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { LEVELS, isStateSecret, type Level } from '../security/levels.ts';
import { checkPasswordRules, generatePassword, hashPassword } from '../security/passwords.ts';
import { authorize } from '../security/policy.ts';
import { ROLES, type Role } from '../security/roles.ts';

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
    throw unprocessable(
      'totp_required_for_clearance',
      'A clearance for state secrets needs a second factor: the user must enrol TOTP (Account page) before this clearance can be granted.',
    );
  }
}

async function assertPersonExists(db: Executor, personId: string | null | undefined): Promise<void> {
  if (!personId) return;
  const person = await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
  if (!person) throw badRequest(`No person with id ${personId} exists.`);
}

export async function createUser(
  ctx: Context,
  actor: Actor,
  input: NewUserInput,
): Promise<{ user: UserWithRoles; password: string | null }> {
  authorize(actor, 'users.manage');
  const generated = input.password ? null : generatePassword();
  const password = input.password ?? generated!;
  checkPasswordRules(password);
  assertClearanceAllowed(input.clearance, false);
  const passwordHash = await hashPassword(password);
  const id = newId();
  const stamp = now();
  const user = await writeAudited(ctx, actor, async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw conflict(`The user name ${input.username} is taken.`);
    await assertPersonExists(trx, input.personId);
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
    const roles = [...new Set(input.roles)];
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

/** Users set their own language; secrecy officers grant clearances; everything else is user management. */
function authorizePatch(actor: Actor, id: string, patch: UserPatch): void {
  const fields = Object.keys(patch).filter((k) => patch[k as keyof UserPatch] !== undefined);
  if (actor.id === id && fields.every((f) => f === 'locale')) return;
  if (fields.length === 1 && fields[0] === 'clearance') return authorize(actor, 'clearance.grant');
  authorize(actor, 'users.manage');
}

export async function updateUser(ctx: Context, actor: Actor, id: string, patch: UserPatch): Promise<UserWithRoles> {
  authorizePatch(actor, id, patch);
  return writeAudited(ctx, actor, async (trx) => {
    const existing = await getUser(trx, id);
    if (patch.clearance !== undefined) assertClearanceAllowed(patch.clearance, existing.totp_enabled === 1);
    if (patch.personId !== undefined) await assertPersonExists(trx, patch.personId);
    if (patch.disabled === true && actor.id === id) throw badRequest('You cannot disable your own account.');
    if (patch.roles && actor.id === id && existing.roles.includes('admin') && !patch.roles.includes('admin')) {
      throw badRequest('You cannot remove your own admin role; ask another administrator.');
    }
    await trx
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.clearance !== undefined && { clearance: patch.clearance }),
        ...(patch.personId !== undefined && { person_id: patch.personId ?? null }),
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
      audit: { action: 'user.update', objectType: 'user', objectId: id, level: 'internal', detail: { ...patch } },
    };
  });
}

export async function resetPassword(ctx: Context, actor: Actor, id: string): Promise<string> {
  authorize(actor, 'users.manage');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await writeAudited(ctx, actor, async (trx) => {
    await getUser(trx, id);
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: now(), updated_at: now(), failed_logins: 0, locked_until: null })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    return { result: undefined, audit: { action: 'user.reset_password', objectType: 'user', objectId: id, level: 'internal' } };
  });
  return password;
}

export async function unlockUser(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'users.manage');
  await writeAudited(ctx, actor, async (trx) => {
    await getUser(trx, id);
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: now() }).where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'user.unlock', objectType: 'user', objectId: id, level: 'internal' } };
  });
}
