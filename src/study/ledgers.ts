import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { auditRead } from '../security/audit.ts';
import { highestOf, type Level } from '../security/levels.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { sessionHours, sessionsQuery, titlesOn, type Title } from './access.ts';
import { planThemesWithCoverage } from './plans.ts';
import { themeTextsOf, type ThemeText } from './sessions.ts';
import { HELD_STATUSES, type AttendanceStatus } from './vocabulary.ts';

/**
 * Ledgers (学习台账) count only sessions that took place (held, minutes approved, archived) and only
 * what the actor may read: a session above their clearance is simply not in their ledger.
 */

const yearRange = (year: number | undefined) => (year ? ([`${year}-01-01`, `${year}-12-31`] as const) : null);

async function auditLedger(ctx: Context, actor: Actor, objectType: string, objectId: string, levels: Level[]): Promise<void> {
  const above = levels.filter((l) => l !== 'public');
  if (above.length) await auditRead(ctx.database, actor, { action: `${objectType}.ledger`, objectType, objectId, level: highestOf(above) });
}

export interface PersonLedgerRow {
  sessionId: string;
  date: string;
  halfDay: string | null;
  groupName: string;
  groupNameEn: string | null;
  themes: string[];
  themeTexts: ThemeText[];
  attendance: AttendanceStatus;
  reason: string | null;
  hours: number;
  speeches: number;
  level: Level;
}

export async function personLedger(ctx: Context, actor: Actor, personId: string, year?: number) {
  authorize(actor, 'study.read');
  const { db } = ctx.database;
  const levels = readableLevels(actor);
  const person = await db.selectFrom('people').select(['id', 'name', 'name_en', 'level']).where('id', '=', personId).where('level', 'in', levels).executeTakeFirst();
  if (!person) throw notFound('person', personId);
  let query = sessionsQuery(db, actor)
    .innerJoin('session_attendance', 'session_attendance.session_id', 'study_sessions.id')
    .where('session_attendance.person_id', '=', personId)
    .where('session_attendance.level', 'in', levels)
    .where('study_sessions.status', 'in', [...HELD_STATUSES]);
  const range = yearRange(year);
  if (range) query = query.where('study_sessions.date', '>=', range[0]).where('study_sessions.date', '<=', range[1]);
  const sessions = await query
    .select([
      'study_sessions.id',
      'study_sessions.date',
      'study_sessions.half_day',
      'study_sessions.start_time',
      'study_sessions.end_time',
      'study_sessions.level',
      'study_groups.name as group_name',
      'study_groups.name_en as group_name_en',
      'session_attendance.status',
      'session_attendance.reason',
    ])
    .orderBy('study_sessions.date')
    .orderBy('study_sessions.id')
    .execute();
  const ids = sessions.map((s) => s.id);
  const [speeches, themes] = ids.length
    ? await Promise.all([
        db.selectFrom('speeches').select(['session_id']).where('session_id', 'in', ids).where('speaker_person_id', '=', personId).where('level', 'in', levels).execute(),
        db.selectFrom('session_themes').select(['session_id', 'text', 'text_zh', 'text_en']).where('session_id', 'in', ids).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
      ])
    : [[], []];
  const rows: PersonLedgerRow[] = sessions.map((s) => ({
    sessionId: s.id,
    date: s.date,
    halfDay: s.half_day,
    groupName: s.group_name,
    groupNameEn: s.group_name_en,
    themes: themes.filter((t) => t.session_id === s.id).map((t) => t.text),
    themeTexts: themeTextsOf(themes, s.id),
    attendance: s.status as AttendanceStatus,
    reason: s.reason,
    hours: s.status === 'present' ? sessionHours(s) : 0,
    speeches: speeches.filter((sp) => sp.session_id === s.id).length,
    level: s.level,
  }));
  const titles = await titlesOn(db, actor, [personId]);
  await auditLedger(ctx, actor, 'person', personId, [person.level, ...rows.map((r) => r.level)]);
  return {
    person: { id: person.id, name: person.name, nameEn: person.name_en, titles: titles.get(personId) ?? ([] as Title[]) },
    year: year ?? null,
    sessions: rows,
    totals: {
      sessions: rows.length,
      attended: rows.filter((r) => r.attendance === 'present').length,
      leave: rows.filter((r) => r.attendance === 'on_leave').length,
      absent: rows.filter((r) => r.attendance === 'absent').length,
      speeches: rows.reduce((n, r) => n + r.speeches, 0),
      hours: Math.round(rows.reduce((n, r) => n + r.hours, 0) * 100) / 100,
    },
  };
}

export interface GroupLedgerRow {
  sessionId: string;
  date: string;
  halfDay: string | null;
  form: string;
  status: string;
  host: string | null;
  hostEn: string | null;
  themes: string[];
  themeTexts: ThemeText[];
  present: number;
  onLeave: number;
  absent: number;
  speeches: number;
  conclusions: number;
  hours: number;
  level: Level;
}

export async function groupLedger(ctx: Context, actor: Actor, groupId: string, year: number) {
  authorize(actor, 'study.read');
  const { db } = ctx.database;
  const levels = readableLevels(actor);
  const group = await db
    .selectFrom('study_groups')
    .innerJoin('units', 'units.id', 'study_groups.unit_id')
    .select(['study_groups.id', 'study_groups.name', 'study_groups.name_en', 'study_groups.level'])
    .where('study_groups.id', '=', groupId)
    .where('study_groups.level', 'in', levels)
    .where('units.level', 'in', levels)
    .executeTakeFirst();
  if (!group) throw notFound('study_group', groupId);
  const [from, to] = yearRange(year)!;
  const sessions = await sessionsQuery(db, actor)
    .leftJoin('people', (join) => join.onRef('people.id', '=', 'study_sessions.host_person_id').on('people.level', 'in', levels))
    .select(['study_sessions.id', 'study_sessions.date', 'study_sessions.half_day', 'study_sessions.start_time', 'study_sessions.end_time', 'study_sessions.form', 'study_sessions.status', 'study_sessions.level', 'people.name as host_name', 'people.name_en as host_name_en'])
    .where('study_sessions.group_id', '=', groupId)
    .where('study_sessions.status', 'in', [...HELD_STATUSES])
    .where('study_sessions.date', '>=', from)
    .where('study_sessions.date', '<=', to)
    .orderBy('study_sessions.date')
    .orderBy('study_sessions.id')
    .execute();
  const ids = sessions.map((s) => s.id);
  const [attendance, speeches, conclusions, themes] = ids.length
    ? await Promise.all([
        db.selectFrom('session_attendance').select(['session_id', 'status']).where('session_id', 'in', ids).where('level', 'in', levels).execute(),
        db.selectFrom('speeches').select(['session_id']).where('session_id', 'in', ids).where('level', 'in', levels).execute(),
        db.selectFrom('conclusions').select(['session_id']).where('session_id', 'in', ids).where('level', 'in', levels).execute(),
        db.selectFrom('session_themes').select(['session_id', 'text', 'text_zh', 'text_en']).where('session_id', 'in', ids).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute(),
      ])
    : [[], [], [], []];
  const count = <T extends { session_id: string }>(rows: T[], id: string, test: (r: T) => boolean = () => true) => rows.filter((r) => r.session_id === id && test(r)).length;
  const rows: GroupLedgerRow[] = sessions.map((s) => ({
    sessionId: s.id,
    date: s.date,
    halfDay: s.half_day,
    form: s.form,
    status: s.status,
    host: s.host_name,
    hostEn: s.host_name_en,
    themes: themes.filter((t) => t.session_id === s.id).map((t) => t.text),
    themeTexts: themeTextsOf(themes, s.id),
    present: count(attendance, s.id, (a) => a.status === 'present'),
    onLeave: count(attendance, s.id, (a) => a.status === 'on_leave'),
    absent: count(attendance, s.id, (a) => a.status === 'absent'),
    speeches: count(speeches, s.id),
    conclusions: count(conclusions, s.id),
    hours: sessionHours(s),
    level: s.level,
  }));
  const plans = await db
    .selectFrom('study_plans')
    .select(['id', 'title', 'level'])
    .where('group_id', '=', groupId)
    .where('year', '=', year)
    .where('level', 'in', levels)
    .orderBy('created_at')
    .execute();
  const planThemes = await planThemesWithCoverage(db, actor, plans.map((p) => p.id));
  const coverage = planThemes.map((t) => ({
    planId: t.plan_id,
    planTitle: plans.find((p) => p.id === t.plan_id)?.title ?? '',
    themeId: t.id,
    title: t.title,
    plannedMonth: t.planned_month,
    requiredSessions: t.required_sessions,
    hoursPerMember: t.hours_per_member,
    sessionsHeld: t.sessions_held,
    sessionIds: t.session_ids,
    studied: t.sessions_held >= Math.max(1, t.required_sessions),
    level: t.level,
  }));
  await auditLedger(ctx, actor, 'study_group', groupId, [group.level, ...rows.map((r) => r.level), ...plans.map((p) => p.level), ...coverage.map((c) => c.level)]);
  return {
    group: { id: group.id, name: group.name, nameEn: group.name_en, level: group.level },
    year,
    sessions: rows,
    coverage,
    totals: {
      sessions: rows.length,
      hours: Math.round(rows.reduce((n, r) => n + r.hours, 0) * 100) / 100,
      speeches: rows.reduce((n, r) => n + r.speeches, 0),
      plannedThemes: coverage.length,
      studiedThemes: coverage.filter((c) => c.studied).length,
      notYetStudied: coverage.filter((c) => !c.studied).map((c) => c.title),
    },
  };
}
