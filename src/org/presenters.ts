import type { Person, Position, StudyGroup, Unit } from '../db/tables.ts';
import type { Actor } from '../security/actor.ts';
import { markOf } from '../security/marks.ts';
import { can } from '../security/policy.ts';
import type { UserWithRoles } from './accounts.ts';

/** Responses are shaped here and only here: what a presenter leaves out, no route can send. */
export function presentUnit(unit: Unit) {
  return {
    id: unit.id,
    parentId: unit.parent_id,
    name: unit.name,
    nameEn: unit.name_en,
    kind: unit.kind,
    sortOrder: unit.sort_order,
    level: unit.level,
    mark: markOf(unit.level),
    createdAt: unit.created_at,
    updatedAt: unit.updated_at,
  };
}

/** Contact details are for the office that keeps the roster, and for the person themselves. */
export function presentPerson(actor: Actor, person: Person) {
  return presentPersonAs(actor, person, can(actor, 'org.write'));
}

/** A list of people, the roster permission asked once for all its rows. */
export function presentPeople(actor: Actor, people: readonly Person[]) {
  const keepsRoster = can(actor, 'org.write');
  return people.map((person) => presentPersonAs(actor, person, keepsRoster));
}

function presentPersonAs(actor: Actor, person: Person, keepsRoster: boolean) {
  // Left undefined rather than spread in: one object shape for every row a list presents.
  const contact = keepsRoster || actor.personId === person.id;
  return {
    id: person.id,
    name: person.name,
    nameEn: person.name_en,
    email: contact ? person.email : undefined,
    phone: contact ? person.phone : undefined,
    note: person.note,
    level: person.level,
    mark: markOf(person.level),
    createdAt: person.created_at,
    updatedAt: person.updated_at,
  };
}

export type PositionRow = Position & {
  person_name: string;
  person_name_en: string | null;
  unit_name: string;
  unit_name_en: string | null;
};

export function presentPosition(position: PositionRow) {
  return {
    id: position.id,
    personId: position.person_id,
    personName: position.person_name,
    personNameEn: position.person_name_en,
    unitId: position.unit_id,
    unitName: position.unit_name,
    unitNameEn: position.unit_name_en,
    title: position.title,
    titleEn: position.title_en,
    rank: position.rank,
    startDate: position.start_date,
    endDate: position.end_date,
    sortOrder: position.sort_order,
    level: position.level,
    mark: markOf(position.level),
  };
}

export type GroupRow = StudyGroup & { unit_name: string; unit_name_en: string | null; member_count: number | string | bigint | null };

export function presentGroup(group: GroupRow) {
  return {
    id: group.id,
    unitId: group.unit_id,
    unitName: group.unit_name,
    unitNameEn: group.unit_name_en,
    name: group.name,
    nameEn: group.name_en,
    description: group.description,
    level: group.level,
    mark: markOf(group.level),
    memberCount: Number(group.member_count),
    createdAt: group.created_at,
    updatedAt: group.updated_at,
  };
}

export function presentUser(user: UserWithRoles) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles,
    clearance: user.clearance,
    personId: user.person_id,
    totpEnabled: user.totp_enabled === 1,
    disabled: user.disabled === 1,
    locale: user.locale,
    createdAt: user.created_at,
  };
}
