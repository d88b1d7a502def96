import { AppError, forbidden } from '../errors.ts';
import type { Actor } from './actor.ts';
import { LEVEL_LABELS, atMost, isStateSecret, levelsUpTo, type Level } from './levels.ts';
import type { Role } from './roles.ts';

/**
 * The one place that says who may do what. Routes and services ask here; none of them compares
 * levels or roles on its own.
 */
const everyone: readonly Role[] = ['admin', 'clerk', 'leader', 'secrecy_officer', 'propaganda_officer', 'viewer'];

export const PERMISSIONS = {
  'org.read': everyone,
  'org.write': ['admin', 'clerk'],
  'org.import': ['admin', 'clerk'],
  'users.read': ['admin', 'secrecy_officer'],
  'users.manage': ['admin'],
  'clearance.grant': ['admin', 'secrecy_officer'],
  'audit.read': ['admin', 'secrecy_officer'],
  'audit.verify': ['admin', 'secrecy_officer'],
  'tokens.own': everyone,
  'knowable.read': ['admin', 'secrecy_officer', 'leader'],
  'knowable.request': ['admin', 'clerk', 'leader', 'secrecy_officer'],
  'knowable.approve': ['secrecy_officer', 'leader'],
  // Keeps scopes (register, requests, approvals) of records within clearance without knowing them.
  'knowable.keep': ['secrecy_officer'],
  'study.read': everyone,
  'study.write': ['admin', 'clerk'],
  'study.approve': ['admin', 'leader'],
  'secrecy.read': ['admin', 'secrecy_officer', 'leader'],
  'secrecy.manage': ['admin', 'secrecy_officer'],
  'secrecy.keywords': ['admin', 'secrecy_officer'],
  'secrecy.review': ['admin', 'clerk', 'leader', 'secrecy_officer', 'propaganda_officer'],
  'secrecy.review.decide': ['admin', 'leader', 'secrecy_officer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((role) => allowed.includes(role));
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw forbidden(`Your roles (${actor.roles.join(', ') || 'none'}) do not allow ${permission}.`);
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
    throw new AppError(
      422,
      'above_ceiling',
      `This system is accredited only up to ${LEVEL_LABELS[ceiling].en} (${LEVEL_LABELS[ceiling].zh}); ` +
        `it may not hold ${LEVEL_LABELS[level].en} content. Keep it on an accredited system and record the carrier in the carriers register.`,
      { level, ceiling },
    );
  }
  if (!atMost(level, actor.clearance)) {
    throw forbidden(`Your clearance (${LEVEL_LABELS[actor.clearance].en}) is below ${LEVEL_LABELS[level].en}.`);
  }
}
