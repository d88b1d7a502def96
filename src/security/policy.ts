import { AppError, forbidden } from '../errors.ts';
import type { Actor } from './actor.ts';
import { atMost, isStateSecret, levelsUpTo, type Level } from './levels.ts';
import type { Role } from './roles.ts';

/**
 * The one place that says who may do what. Routes and services ask here; none of them compares
 * levels or roles on its own.
 */
const everyone: readonly Role[] = ['admin', 'security_admin', 'auditor', 'clerk', 'leader', 'secrecy_officer', 'propaganda_officer', 'supervisor', 'viewer'];
/** The secrecy office: its working role and the security administrator who approves. */
const secrecyOffice: readonly Role[] = ['secrecy_officer', 'security_admin'];

export const PERMISSIONS = {
  'org.read': everyone,
  'org.write': ['admin', 'clerk'],
  'org.import': ['admin', 'clerk'],
  'users.read': ['admin', 'auditor', ...secrecyOffice],
  'users.manage': ['admin'],
  // A change of clearance is asked for by the secrecy office and approved by a second person who
  // is a security administrator (src/secrecy/clearances.ts); the system administrator does neither.
  'clearance.request': secrecyOffice,
  'clearance.approve': ['security_admin'],
  // The audit reviewer reads the log, the administrators' own events included; the system
  // administrator, whose work the log records, does not.
  'audit.read': ['auditor', ...secrecyOffice],
  'audit.verify': ['auditor', ...secrecyOffice],
  // Sign-in locks (per account and address): seen and lifted by the secrecy office.
  'locks.manage': secrecyOffice,
  'tokens.own': everyone,
  'knowable.read': ['admin', 'leader', ...secrecyOffice],
  'knowable.request': ['admin', 'clerk', 'leader', ...secrecyOffice],
  'knowable.approve': ['leader', ...secrecyOffice],
  // Keeps scopes (register, requests, approvals) of records within clearance without knowing them.
  'knowable.keep': secrecyOffice,
  'study.read': everyone,
  'study.write': ['admin', 'clerk'],
  'study.approve': ['admin', 'leader'],
  'secrecy.read': ['admin', 'leader', 'auditor', ...secrecyOffice],
  'secrecy.manage': ['admin', ...secrecyOffice],
  'secrecy.keywords': ['admin', ...secrecyOffice],
  'secrecy.review': ['admin', 'clerk', 'leader', 'propaganda_officer', ...secrecyOffice],
  'secrecy.review.decide': ['admin', 'leader', ...secrecyOffice],
  // Duties (docs/duties-api.md): the supervision office (督查室) moves a task through its steps; the
  // people on a task (responsible person, lead unit) handle it whatever their role, except those
  // who only read or review; leaders instruct and approve cancellations.
  'duties.read': everyone,
  'duties.supervise': ['supervisor'],
  'duties.handle': ['admin', 'security_admin', 'clerk', 'leader', 'secrecy_officer', 'propaganda_officer', 'supervisor'],
  'duties.instruct': ['leader'],
  'duties.areas': ['admin', 'supervisor'],
  'duties.calendar': ['admin'],
  // The year-end assessment (issue 11): everyone reads results (names and records still filtered);
  // the supervision office defines schemes, enters manual items and publishes.
  'assessment.read': everyone,
  'assessment.manage': ['admin', 'supervisor'],
  // Webhooks of releases (src/media/webhook-subscriptions.ts): which outside channels (the portal's
  // CMS, a WeChat bridge) receive published releases is the propaganda desk's call, and connecting
  // another system (its address and shared secret) is the system administrator's work; only public,
  // published data is ever sent. The audit reviewer reads the subscriptions and their delivery logs.
  'webhooks.read': ['admin', 'propaganda_officer', 'auditor'],
  'webhooks.manage': ['admin', 'propaganda_officer'],
  // News releases (src/media/): drafted by the office and the propaganda desk; approved and published
  // by the propaganda officer (宣传干部) or a leader who did not write it (src/media/releases.ts).
  'media.read': ['admin', 'clerk', 'leader', 'propaganda_officer', 'secrecy_officer', 'security_admin', 'supervisor', 'viewer'],
  'media.write': ['admin', 'clerk', 'leader', 'propaganda_officer'],
  'media.approve': ['leader', 'propaganda_officer'],
  'media.publish': ['leader', 'propaganda_officer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((role) => allowed.includes(role));
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw forbidden('roles_do_not_allow', { roles: actor.roles.length ? actor.roles : ['none'], permission });
  }
}

export function permissionsOf(actor: Actor): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(actor, p));
}

/**
 * Levels an actor reads by clearance alone: up to their clearance, and never above internal. State
 * secrets also need the knowable scope (src/security/knowable.ts: `visibleTo` for lists, `mayRead`
 * for one record), so a filter built from this alone fails closed.
 */
export function readableLevels(actor: Actor): Level[] {
  return levelsUpTo(actor.clearance).filter((level) => !isStateSecret(level));
}

/** State-secret levels within the actor's clearance: readable where the knowable scope names them. */
export function secretLevels(actor: Actor): Level[] {
  return levelsUpTo(actor.clearance).filter(isStateSecret);
}

/**
 * The synchronous check for records at internal and below. A state secret answers false here; its
 * readers are decided by `mayRead`, which consults the scope.
 */
export function canRead(actor: Actor, record: { level: Level }): boolean {
  return readableLevels(actor).includes(record.level);
}

/**
 * A write must stay within the deployment's accreditation and within the writer's own clearance
 * (a record the writer could not read back would be a record nobody answers for).
 */
export function assertMayClassify(actor: Actor, level: Level, ceiling: Level): void {
  if (!atMost(level, ceiling)) {
    throw new AppError(422, 'above_ceiling', { ceiling, level }, { details: { level, ceiling } });
  }
  if (!atMost(level, actor.clearance)) {
    throw forbidden('clearance_below_level', { clearance: actor.clearance, level });
  }
}

/**
 * 三员分立: the duties a person may not combine. The system administrator runs accounts and the
 * system; the security duty (security administrator and secrecy officer) grants clearances and
 * keeps scopes; the auditor reviews what both did. An auditor reviews everything written, so an
 * auditor account holds no role that writes (viewer is the only one that may go with it).
 */
const DUTIES: { name: string; roles: readonly Role[] }[] = [
  { name: 'system administration', roles: ['admin'] },
  { name: 'security administration', roles: ['security_admin', 'secrecy_officer'] },
  { name: 'audit review', roles: ['auditor'] },
];

export function assertSeparateDuties(roles: readonly Role[]): void {
  const held = DUTIES.filter((d) => d.roles.some((r) => roles.includes(r)));
  if (held.length > 1) {
    throw new AppError(422, 'duties_not_separable', { duties: held.map((d) => d.name) }, { details: { roles } });
  }
  if (roles.includes('auditor') && roles.some((r) => r !== 'auditor' && r !== 'viewer')) {
    throw new AppError(422, 'auditor_viewer_only', {}, { code: 'duties_not_separable', details: { roles } });
  }
}

/**
 * The security administrator and the auditor check the system administrator, so the system
 * administrator does not appoint them: these roles are given and taken with the command line
 * (`remit user add` / `remit user roles`) by whoever runs the server.
 */
export const APPOINTED_ROLES: readonly Role[] = ['security_admin', 'auditor'];

export function assertMayAppoint(actor: Actor, before: readonly Role[], after: readonly Role[]): void {
  if (actor.kind === 'system') return;
  const changed = APPOINTED_ROLES.filter((r) => before.includes(r) !== after.includes(r));
  if (changed.length > 0) {
    throw forbidden('role_cli_only', { changed, command: 'remit user roles' });
  }
}

/** Accounts of the appointed roles are managed with the command line: nobody in the app resets their password. */
export function assertMayResetPassword(actor: Actor, target: { id: string; roles: readonly Role[] }): void {
  if (actor.kind === 'system') return;
  if (actor.id === target.id) throw forbidden('own_password_on_account_page');
  if (target.roles.some((r) => APPOINTED_ROLES.includes(r))) {
    throw forbidden('admin_password_cli_only', { command: 'remit user reset-password' });
  }
}

/** Nobody changes their own roles, clearance or person link: another person must. */
export function assertNotOwnGrant(actor: Actor, userId: string, fields: readonly string[]): void {
  if (actor.id !== userId || fields.length === 0) return;
  throw forbidden('own_fields_change', { fields });
}
