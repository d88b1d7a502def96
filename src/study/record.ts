import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import type { Actor } from '../security/actor.ts';
import { highestOf, type Level } from '../security/levels.ts';
import { markOf } from '../security/marks.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { guardRead } from '../security/reads.ts';
import { sessionsQuery, titlesOn, type Title } from './access.ts';
import type { AttendanceStatus, ConclusionKind, HalfDay, SessionForm, SessionStatus, SpeechKind } from './vocabulary.ts';

export type { Title } from './access.ts';

/** A person as the record names them: titles from the positions they held on the session's date. */
export interface PersonRef {
  personId: string;
  name: string;
  nameEn: string | null;
  titles: Title[];
}

/**
 * The whole record of one study session, as far as the actor may read it. Every part carries its
 * own level; `highestLevel` is the highest level of everything included (a text compiled from the
 * record takes at least that level). Parts the actor may not read are left out, never blanked.
 * This shape is read by the release writer: keep it stable.
 */
export interface SessionRecord {
  id: string;
  level: Level;
  mark: string | null;
  highestLevel: Level;
  status: SessionStatus;
  date: string;
  halfDay: HalfDay | null;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  form: SessionForm;
  organizingBody: string | null;
  group: { id: string; name: string; nameEn: string | null; level: Level };
  host: PersonRef | null;
  /** `textZh`/`textEn`: the text in each language where the record carries both (`text` as recorded). */
  themes: { id: string; order: number; text: string; textZh: string | null; textEn: string | null; planThemeId: string | null; level: Level }[];
  materials: { id: string; order: number; title: string; link: string | null; body: string | null; level: Level }[];
  /** `role`: what an imported release named the person as (host, participant, speaker); null when recorded by hand. */
  attendance: (PersonRef & { status: AttendanceStatus; reason: string | null; approvedBy: string | null; role: string | null; level: Level })[];
  observers: { id: string; order: number; name: string; title: string | null; level: Level }[];
  guidance: { id: string; order: number; body: string; text: string | null; level: Level }[];
  /** `collective`: the group that spoke in turn, for a speech with no single speaker ("市委常委依次作交流发言"). */
  speeches: { id: string; order: number; kind: SpeechKind; title: string; text: string; level: Level; speaker: PersonRef | null; collective: string | null }[];
  conclusions: { id: string; order: number; kind: ConclusionKind; text: string; textZh: string | null; textEn: string | null; level: Level }[];
  minutes: { id: string; text: string; level: Level; approvedBy: string | null; approvedAt: string | null } | null;
  updatedAt: string;
}

/** Reads the record with any executor (used inside writes to answer with the changed record). */
export async function readSessionRecord(db: Executor, actor: Actor, sessionId: string): Promise<SessionRecord | undefined> {
  const levels = readableLevels(actor);
  const session = await sessionsQuery(db, actor)
    .selectAll('study_sessions')
    .select(['study_groups.name as group_name', 'study_groups.name_en as group_name_en', 'study_groups.level as group_level'])
    .where('study_sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!session) return undefined;
  const [themes, materials, observers, guidance, speeches, conclusions, minutes, attendance] = await Promise.all([
    db.selectFrom('session_themes').selectAll().where('session_id', '=', sessionId).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('study_materials').selectAll().where('session_id', '=', sessionId).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('session_observers').selectAll().where('session_id', '=', sessionId).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('session_guidance').selectAll().where('session_id', '=', sessionId).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('speeches').selectAll().where('session_id', '=', sessionId).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('conclusions').selectAll().where('session_id', '=', sessionId).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('session_minutes').selectAll().where('session_id', '=', sessionId).where('level', 'in', levels).executeTakeFirst(),
    db
      .selectFrom('session_attendance')
      .innerJoin('people', 'people.id', 'session_attendance.person_id')
      .leftJoin('study_group_members', (join) =>
        join.onRef('study_group_members.person_id', '=', 'session_attendance.person_id').on('study_group_members.group_id', '=', session.group_id),
      )
      .select([
        'session_attendance.person_id',
        'session_attendance.status',
        'session_attendance.reason',
        'session_attendance.approved_by',
        'session_attendance.role',
        'session_attendance.level',
        'people.name',
        'people.name_en',
        'study_group_members.sort_order as member_order',
      ])
      .where('session_attendance.session_id', '=', sessionId)
      .where('session_attendance.level', 'in', levels)
      .where('people.level', 'in', levels)
      .execute(),
  ]);
  const personIds = [
    ...(session.host_person_id ? [session.host_person_id] : []),
    ...speeches.flatMap((s) => (s.speaker_person_id ? [s.speaker_person_id] : [])),
  ];
  const people = personIds.length
    ? await db.selectFrom('people').select(['id', 'name', 'name_en']).where('id', 'in', personIds).where('level', 'in', levels).execute()
    : [];
  const titles = await titlesOn(db, actor, [...personIds, ...attendance.map((a) => a.person_id)], session.date);
  const ref = (id: string | null): PersonRef | null => {
    const person = id ? people.find((p) => p.id === id) : undefined;
    return person ? { personId: person.id, name: person.name, nameEn: person.name_en, titles: titles.get(person.id) ?? [] } : null;
  };
  attendance.sort((a, b) => (a.member_order ?? Number.MAX_SAFE_INTEGER) - (b.member_order ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));
  const included: Level[] = [
    session.level,
    ...themes.map((r) => r.level),
    ...materials.map((r) => r.level),
    ...attendance.map((r) => r.level),
    ...observers.map((r) => r.level),
    ...guidance.map((r) => r.level),
    ...speeches.map((r) => r.level),
    ...conclusions.map((r) => r.level),
    ...(minutes ? [minutes.level] : []),
  ];
  return {
    id: session.id,
    level: session.level,
    mark: markOf(session.level),
    highestLevel: highestOf(included),
    status: session.status as SessionStatus,
    date: session.date,
    halfDay: session.half_day as HalfDay | null,
    startTime: session.start_time,
    endTime: session.end_time,
    place: session.place,
    form: session.form as SessionForm,
    organizingBody: session.organizing_body,
    group: { id: session.group_id, name: session.group_name, nameEn: session.group_name_en, level: session.group_level },
    host: ref(session.host_person_id),
    themes: themes.map((t, i) => ({ id: t.id, order: i + 1, text: t.text, textZh: t.text_zh, textEn: t.text_en, planThemeId: t.plan_theme_id, level: t.level })),
    materials: materials.map((m, i) => ({ id: m.id, order: i + 1, title: m.title, link: m.link, body: m.body, level: m.level })),
    attendance: attendance.map((a) => ({
      personId: a.person_id,
      name: a.name,
      nameEn: a.name_en,
      titles: titles.get(a.person_id) ?? [],
      status: a.status as AttendanceStatus,
      reason: a.reason,
      approvedBy: a.approved_by,
      role: a.role,
      level: a.level,
    })),
    observers: observers.map((o, i) => ({ id: o.id, order: i + 1, name: o.name, title: o.title, level: o.level })),
    guidance: guidance.map((g, i) => ({ id: g.id, order: i + 1, body: g.body, text: g.text, level: g.level })),
    speeches: speeches.map((s, i) => ({ id: s.id, order: i + 1, kind: s.kind as SpeechKind, title: s.title, text: s.text, level: s.level, speaker: ref(s.speaker_person_id), collective: s.collective })),
    conclusions: conclusions.map((c, i) => ({ id: c.id, order: i + 1, kind: c.kind as ConclusionKind, text: c.text, textZh: c.text_zh, textEn: c.text_en, level: c.level })),
    minutes: minutes ? { id: minutes.id, text: minutes.text, level: minutes.level, approvedBy: minutes.approved_by, approvedAt: minutes.approved_at } : null,
    updatedAt: session.updated_at,
  };
}

/**
 * The whole session record for one actor (see SessionRecord). A session the actor may not read is
 * "not found"; a read above public is audited.
 */
export async function loadSessionRecord(ctx: Context, actor: Actor, sessionId: string): Promise<SessionRecord> {
  authorize(actor, 'study.read');
  const record = await readSessionRecord(ctx.database.db, actor, sessionId);
  // guardRead audits at the highest level actually read, so reading internal parts of a public session leaves a trace.
  await guardRead(ctx, actor, 'study_session', sessionId, record ? { ...record, level: record.highestLevel } : undefined);
  return record!;
}
