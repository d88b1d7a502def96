import { AppError, forbidden } from '../errors.ts';
import type { Actor } from './actor.ts';
import { LEVEL_LABELS, atMost, levelsUpTo, type Level } from './levels.ts';
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
  'study.read': everyone,
  'study.write': ['admin', 'clerk'],
  'study.approve': ['admin', 'leader'],
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

/** A record is readable when its level is within the actor's clearance. */
export function canRead(actor: Actor, record: { level: Level }): boolean {
  return atMost(record.level, actor.clearance);
}

/** The list filter matching canRead: `where(level in readableLevels(actor))`. */
export function readableLevels(actor: Actor): Level[] {
  return levelsUpTo(actor.clearance);
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
