import type { Executor } from '../db/database.ts';
import type { StudySession } from '../db/tables.ts';
import { conflict, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { highestOf, type Level } from '../security/levels.ts';
import { visibleTo } from '../security/knowable.ts';
import { canRead, readableLevels } from '../security/policy.ts';
import { HALF_DAY_HOURS, LOCKED_STATUSES, type SessionStatus } from './vocabulary.ts';

/**
 * A session is visible when it, its study group and the group's unit are all within the actor's
 * clearance: the one list filter every study query starts from.
 */
export function sessionsQuery(db: Executor, actor: Actor) {
  return db
    .selectFrom('study_sessions')
    .innerJoin('study_groups', 'study_groups.id', 'study_sessions.group_id')
    .innerJoin('units', 'units.id', 'study_groups.unit_id')
    .where(visibleTo(actor, 'study_session', 'study_sessions.id', 'study_sessions.level'))
    .where(visibleTo(actor, 'study_group', 'study_groups.id', 'study_groups.level'))
    .where(visibleTo(actor, 'unit', 'units.id', 'units.level'));
}

/** Loads a session to change it, inside the write's transaction; one the actor cannot read is "not found". */
export async function loadSessionForWrite(db: Executor, actor: Actor, id: string): Promise<StudySession> {
  const row = await sessionsQuery(db, actor).selectAll('study_sessions').where('study_sessions.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('study_session', id);
  return row;
}

/** Loads one part of a session (theme, speech, conclusion…) with its session, for a change. */
export async function loadPartForWrite<T extends 'session_themes' | 'study_materials' | 'session_observers' | 'session_guidance' | 'speeches' | 'conclusions'>(
  db: Executor,
  actor: Actor,
  table: T,
  noun: string,
  id: string,
) {
  const row = await db.selectFrom(table as 'speeches').select(['id', 'session_id', 'level']).where('id', '=', id).executeTakeFirst();
  if (!row || !canRead(actor, row)) throw notFound(noun, id);
  const session = await loadSessionForWrite(db, actor, row.session_id).catch(() => {
    throw notFound(noun, id);
  });
  return { part: row, session };
}

export const isLocked = (session: Pick<StudySession, 'status'>) => LOCKED_STATUSES.includes(session.status as SessionStatus);

/**
 * Approved minutes lock the record. A change to a locked session needs a reason and is kept as a
 * revision (who, when, why, what), in the same transaction as the change itself. The revision holds
 * the changed text, so it is kept at the highest level involved: the session's and that of every
 * part it changes, before and after (`levels`).
 */
export async function guardEdit(
  trx: Executor,
  actor: Actor,
  session: StudySession,
  reason: string | undefined,
  action: string,
  detail: Record<string, unknown>,
  levels: readonly Level[],
): Promise<void> {
  if (!isLocked(session)) return;
  if (!reason || reason.trim().length === 0) {
    throw conflict('session_locked', { status: session.status }, { status: session.status });
  }
  await trx
    .insertInto('session_revisions')
    .values({
      id: newId(),
      session_id: session.id,
      at: now(),
      actor_id: actor.id,
      actor_name: actor.name,
      reason: reason.trim(),
      action,
      detail: JSON.stringify(detail),
      level: highestOf([session.level, ...levels]),
    })
    .execute();
}

export interface Title {
  zh: string;
  en: string | null;
}

/** Titles of people from the positions they held on a date (today when none), as far as the actor may read. */
export async function titlesOn(db: Executor, actor: Actor, personIds: readonly string[], date?: string): Promise<Map<string, Title[]>> {
  const result = new Map<string, Title[]>();
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return result;
  const day = date ?? now().slice(0, 10);
  const levels = readableLevels(actor);
  const rows = await db
    .selectFrom('positions')
    .innerJoin('units', 'units.id', 'positions.unit_id')
    .select(['positions.person_id', 'positions.title', 'positions.title_en'])
    .where('positions.person_id', 'in', ids)
    .where('positions.level', 'in', levels)
    .where('units.level', 'in', levels)
    .where((eb) => eb.or([eb('positions.start_date', 'is', null), eb('positions.start_date', '<=', day)]))
    .where((eb) => eb.or([eb('positions.end_date', 'is', null), eb('positions.end_date', '>=', day)]))
    .orderBy('positions.sort_order')
    .execute();
  for (const row of rows) {
    const list = result.get(row.person_id) ?? [];
    list.push({ zh: row.title, en: row.title_en });
    result.set(row.person_id, list);
  }
  return result;
}

/** Hours a session lasted: from its times when given, else a half-day. */
export function sessionHours(session: Pick<StudySession, 'start_time' | 'end_time'>): number {
  if (session.start_time && session.end_time) {
    const [sh, sm] = session.start_time.split(':').map(Number);
    const [eh, em] = session.end_time.split(':').map(Number);
    const minutes = (eh ?? 0) * 60 + (em ?? 0) - ((sh ?? 0) * 60 + (sm ?? 0));
    if (minutes > 0) return Math.round((minutes / 60) * 100) / 100;
  }
  return HALF_DAY_HOURS;
}
