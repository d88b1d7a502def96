import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { StudySession } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { highestOf, type Level } from '../security/levels.ts';
import { scopeNewRecord, visibleTo } from '../security/knowable.ts';
import { dropFingerprints, refreshFingerprints } from '../secrecy/review/fingerprints.ts';
import { referencedGroup } from '../org/study-groups.ts';
import { assertMayClassify, authorize, canRead, readableLevels } from '../security/policy.ts';
import { auditListRead } from '../security/reads.ts';
import { guardEdit, isLocked, loadPartForWrite, loadSessionForWrite, sessionsQuery } from './access.ts';
import { readSessionRecord, type SessionRecord } from './record.ts';
import { latestToday } from './lifecycle.ts';
import type {
  AttendanceEntry,
  HeldInput,
  ConclusionInput,
  GuidanceInput,
  MaterialInput,
  MinutesInput,
  ObserverInput,
  SessionInput,
  SessionPatch,
  SpeechInput,
  ThemeInput,
} from './schemas.ts';
import { indexRecord, sessionFields, tokenize, unindexRecord, WEIGHTS, type IndexedField, type RecordType } from './search.ts';
import type { SessionStatus } from './vocabulary.ts';

export interface SessionFilters {
  groupId?: string | undefined;
  year?: number | undefined;
  status?: SessionStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const SORTABLE = { date: 'study_sessions.date', status: 'study_sessions.status', createdAt: 'study_sessions.created_at' };

export interface SessionListRow extends StudySession {
  group_name: string;
  group_name_en: string | null;
  host_name: string | null;
  host_name_en: string | null;
  themes: string[];
  /** The themes with the text in each language the record holds. */
  theme_texts: ThemeText[];
}

/** A theme's text as recorded, and in Chinese and English where the record holds them. */
export interface ThemeText {
  text: string;
  textZh: string | null;
  textEn: string | null;
}

/** The themes of one session, from rows of session_themes. */
export function themeTextsOf(rows: readonly { session_id: string; text: string; text_zh: string | null; text_en: string | null }[], sessionId: string): ThemeText[] {
  return rows.filter((t) => t.session_id === sessionId).map((t) => ({ text: t.text, textZh: t.text_zh, textEn: t.text_en }));
}

export async function listSessions(ctx: Context, actor: Actor, params: ListParams, filters: SessionFilters, action: 'list' | 'export' = 'list') {
  authorize(actor, 'study.read');
  const { db } = ctx.database;
  const levels = readableLevels(actor);
  let query = sessionsQuery(db, actor);
  if (filters.groupId) query = query.where('study_sessions.group_id', '=', filters.groupId);
  if (filters.year) query = query.where('study_sessions.date', '>=', `${filters.year}-01-01`).where('study_sessions.date', '<=', `${filters.year}-12-31`);
  if (filters.status) query = query.where('study_sessions.status', '=', filters.status);
  if (filters.from) query = query.where('study_sessions.date', '>=', filters.from);
  if (filters.to) query = query.where('study_sessions.date', '<=', filters.to);
  const terms = params.q ? [...tokenize(params.q).keys()] : [];
  if (terms.length) {
    // The list's text filter uses the search index: any readable part of the session that matches.
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('search_terms')
          .select('search_terms.session_id')
          .whereRef('search_terms.session_id', '=', 'study_sessions.id')
          .where('search_terms.term', 'in', terms)
          .where('search_terms.level', 'in', levels),
      ),
    );
  }
  const page = await paginate(
    query,
    (qb) =>
      (qb as typeof query).selectAll('study_sessions').select((eb) => [
        'study_groups.name as group_name',
        'study_groups.name_en as group_name_en',
        eb
          .selectFrom('people')
          .select('people.name')
          .whereRef('people.id', '=', 'study_sessions.host_person_id')
          .where('people.level', 'in', levels)
          .as('host_name'),
        eb
          .selectFrom('people')
          .select('people.name_en')
          .whereRef('people.id', '=', 'study_sessions.host_person_id')
          .where('people.level', 'in', levels)
          .as('host_name_en'),
      ]),
    { ...params, order: params.sort ? params.order : 'desc' },
    SORTABLE,
    { sort: 'date', idColumn: 'study_sessions.id' },
  );
  const rows = page.items as Omit<SessionListRow, 'themes' | 'theme_texts'>[];
  const themes = rows.length
    ? await db
        .selectFrom('session_themes')
        .select(['session_id', 'text', 'text_zh', 'text_en'])
        .where('session_id', 'in', rows.map((r) => r.id))
        .where('level', 'in', levels)
        .orderBy('sort_order')
        .orderBy('id')
        .execute()
    : [];
  const items: SessionListRow[] = rows.map((r) => ({ ...r, themes: themes.filter((t) => t.session_id === r.id).map((t) => t.text), theme_texts: themeTextsOf(themes, r.id) }));
  await auditListRead(ctx, actor, 'study_session', action, items);
  return { ...page, items };
}

// --- checks -------------------------------------------------------------------------------------

const checkGroup = referencedGroup;

async function checkPerson(db: Executor, actor: Actor, personId: string | null | undefined, role: string): Promise<void> {
  if (!personId) return;
  const person = await db.selectFrom('people').select(['id', 'level']).where('id', '=', personId).executeTakeFirst();
  if (!person || !canRead(actor, person)) throw badRequest('session_person_not_found', { personId, role });
}

async function checkPlanTheme(db: Executor, actor: Actor, groupId: string, planThemeId: string | null | undefined): Promise<void> {
  if (!planThemeId) return;
  const levels = readableLevels(actor);
  const theme = await db
    .selectFrom('plan_themes')
    .innerJoin('study_plans', 'study_plans.id', 'plan_themes.plan_id')
    .select(['plan_themes.id', 'study_plans.group_id'])
    .where('plan_themes.id', '=', planThemeId)
    .where('plan_themes.level', 'in', levels)
    .where('study_plans.level', 'in', levels)
    .executeTakeFirst();
  if (!theme) throw badRequest('plan_theme_not_found_id', { planThemeId });
  if (theme.group_id !== groupId) throw badRequest('plan_theme_other_group');
}

const touch = (trx: Executor, sessionId: string) => trx.updateTable('study_sessions').set({ updated_at: now() }).where('id', '=', sessionId).execute();

async function answer(trx: Executor, actor: Actor, id: string): Promise<SessionRecord> {
  const record = await readSessionRecord(trx, actor, id);
  if (!record) throw notFound('study_session', id);
  return record;
}

// --- sessions -----------------------------------------------------------------------------------

/** A person a news release names as there, with the role it gives them (see createSession). */
export interface NamedAttendance {
  personId: string;
  role: 'host' | 'participant' | 'speaker';
}

/**
 * Creates a session. Its attendance lists every member of the group on the day as present, unless
 * `named` is given (a session imported from a news release): then exactly those people are
 * recorded present, with their role, members or not, and nobody else is recorded at all.
 */
export async function createSession(ctx: Context, actor: Actor, input: SessionInput, named?: NamedAttendance[]): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  const level = input.level ?? 'internal';
  assertMayClassify(actor, level, ctx.settings.ceiling);
  for (const theme of input.themes ?? []) if (theme.level) assertMayClassify(actor, theme.level, ctx.settings.ceiling);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await checkGroup(trx, actor, input.groupId);
    await checkPerson(trx, actor, input.hostPersonId, 'host');
    const stamp = now();
    const row = {
      id,
      group_id: input.groupId,
      date: input.date,
      half_day: input.halfDay ?? null,
      start_time: input.startTime ?? null,
      end_time: input.endTime ?? null,
      place: input.place,
      form: input.form,
      host_person_id: input.hostPersonId ?? null,
      status: input.status ?? 'planned',
      organizing_body: input.organizingBody,
      level,
      created_at: stamp,
      updated_at: stamp,
    };
    await trx.insertInto('study_sessions').values(row).execute();
    await scopeNewRecord(trx, actor, 'study_session', id, level);
    await indexRecord(trx, { type: 'session', id, sessionId: id, level, fields: sessionFields(row) });
    let order = 0;
    for (const theme of input.themes ?? []) {
      await checkPlanTheme(trx, actor, input.groupId, theme.planThemeId);
      const themeId = newId();
      const themeLevel = theme.level ?? level;
      await trx
        .insertInto('session_themes')
        .values({ id: themeId, session_id: id, text: theme.text, text_zh: theme.textZh ?? null, text_en: theme.textEn ?? null, sort_order: order++, plan_theme_id: theme.planThemeId ?? null, level: themeLevel, created_at: stamp, updated_at: stamp })
        .execute();
      await indexRecord(trx, { type: 'theme', id: themeId, sessionId: id, level: themeLevel, fields: bilingual({ text: theme.text, text_zh: theme.textZh, text_en: theme.textEn }, WEIGHTS.theme) });
    }
    await refreshFingerprints(trx, { type: 'study_session', id });
    // Everyone who is a member on the day is on the attendance list, present until the clerk records otherwise.
    const members = named
      ? []
      : await trx
          .selectFrom('study_group_members')
          .select('person_id')
          .where('group_id', '=', input.groupId)
          .where((eb) => eb.or([eb('joined_on', 'is', null), eb('joined_on', '<=', input.date)]))
          .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>=', input.date)]))
          .execute();
    for (const m of members) {
      await trx
        .insertInto('session_attendance')
        .values({ session_id: id, person_id: m.person_id, status: 'present', reason: null, approved_by: null, level, created_at: stamp, updated_at: stamp })
        .execute();
    }
    for (const n of named ?? []) {
      await checkPerson(trx, actor, n.personId, n.role);
      await trx
        .insertInto('session_attendance')
        .values({ session_id: id, person_id: n.personId, status: 'present', reason: null, approved_by: null, role: n.role, level, created_at: stamp, updated_at: stamp })
        .execute();
    }
    return {
      result: await answer(trx, actor, id),
      audit: { action: 'study_session.create', objectType: 'study_session', objectId: id, level, detail: { groupId: input.groupId, date: input.date } },
    };
  });
}

export async function updateSession(ctx: Context, actor: Actor, id: string, patch: SessionPatch, reason?: string): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, id);
    if (patch.status && isLocked(session)) {
      throw conflict('session_status_locked');
    }
    await guardEdit(trx, actor, session, reason, 'study_session.update', { ...patch }, patch.level ? [patch.level] : []);
    await checkPerson(trx, actor, patch.hostPersonId, 'host');
    const next = {
      ...(patch.date !== undefined && { date: patch.date }),
      ...(patch.halfDay !== undefined && { half_day: patch.halfDay }),
      ...(patch.startTime !== undefined && { start_time: patch.startTime }),
      ...(patch.endTime !== undefined && { end_time: patch.endTime }),
      ...(patch.place !== undefined && { place: patch.place }),
      ...(patch.form !== undefined && { form: patch.form }),
      ...(patch.hostPersonId !== undefined && { host_person_id: patch.hostPersonId }),
      ...(patch.status !== undefined && { status: patch.status }),
      ...(patch.organizingBody !== undefined && { organizing_body: patch.organizingBody }),
      ...(patch.level !== undefined && { level: patch.level }),
    };
    const merged = { ...session, ...next };
    if (!merged.half_day && !(merged.start_time && merged.end_time)) {
      throw badRequest('half_day_or_times');
    }
    if (merged.start_time && merged.end_time && merged.start_time >= merged.end_time) throw badRequest('session_end_before_start');
    await trx.updateTable('study_sessions').set({ ...next, updated_at: now() }).where('id', '=', id).execute();
    await indexRecord(trx, { type: 'session', id, sessionId: id, level: merged.level, fields: sessionFields(merged) });
    await refreshFingerprints(trx, { type: 'study_session', id });
    return {
      result: await answer(trx, actor, id),
      audit: { action: 'study_session.update', objectType: 'study_session', objectId: id, level: highestOf([session.level, merged.level]), detail: { ...patch, ...(reason ? { reason } : {}) } },
    };
  });
}

export async function deleteSession(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'study.write');
  await writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, id);
    if (isLocked(session)) throw conflict('session_locked_delete');
    await trx.deleteFrom('search_terms').where('session_id', '=', id).execute();
    await dropFingerprints(trx, { type: 'study_session', id });
    await trx.deleteFrom('study_sessions').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'study_session.delete', objectType: 'study_session', objectId: id, level: session.level, detail: { date: session.date } } };
  });
}

/**
 * Records that a planned session took place, on its actual date (which may differ from the planned
 * one) and at its actual time of day; the planned date is kept in the audit event.
 */
export async function markHeld(ctx: Context, actor: Actor, id: string, input: HeldInput): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  if (input.date > latestToday()) throw new AppError(400, 'held_date_in_future', { date: input.date }, { details: { field: 'date' } });
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, id);
    if (session.status !== 'planned') {
      throw new AppError(409, 'session_not_planned', { date: session.date }, { details: { status: session.status } });
    }
    const times = Boolean(input.startTime && input.endTime);
    const next = {
      date: input.date,
      half_day: times ? (input.halfDay ?? null) : (input.halfDay ?? session.half_day),
      start_time: times ? input.startTime! : input.halfDay ? null : session.start_time,
      end_time: times ? input.endTime! : input.halfDay ? null : session.end_time,
      status: 'held' as const,
    };
    const merged = { ...session, ...next };
    if (!merged.half_day && !(merged.start_time && merged.end_time)) {
      throw badRequest('half_day_or_times');
    }
    await trx.updateTable('study_sessions').set({ ...next, updated_at: now() }).where('id', '=', id).execute();
    await indexRecord(trx, { type: 'session', id, sessionId: id, level: merged.level, fields: sessionFields(merged) });
    return {
      result: await answer(trx, actor, id),
      audit: { action: 'study_session.held', objectType: 'study_session', objectId: id, level: session.level, detail: { plannedDate: session.date, date: input.date } },
    };
  });
}

// --- attendance ---------------------------------------------------------------------------------

export async function setAttendance(ctx: Context, actor: Actor, id: string, entries: AttendanceEntry[], reason?: string): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  for (const e of entries) {
    if (e.level) assertMayClassify(actor, e.level, ctx.settings.ceiling);
    if (e.status === 'on_leave' && !e.reason) throw badRequest('leave_reason_required');
  }
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, id);
    const before = entries.length
      ? await trx.selectFrom('session_attendance').select(['person_id', 'level']).where('session_id', '=', id).where('person_id', 'in', entries.map((e) => e.personId)).execute()
      : [];
    // Each entry's row before and after: a leave reason given at 机密 makes a 机密 revision.
    const levels = entries.flatMap((e) => {
      const old = before.find((b) => b.person_id === e.personId)?.level;
      return [...(old ? [old] : []), e.level ?? old ?? session.level];
    });
    await guardEdit(trx, actor, session, reason, 'study_session.attendance', { entries }, levels);
    const stamp = now();
    for (const e of entries) {
      await checkPerson(trx, actor, e.personId, 'participant');
      const existing = await trx.selectFrom('session_attendance').select(['level']).where('session_id', '=', id).where('person_id', '=', e.personId).executeTakeFirst();
      // A person already on the list (named by an imported release, member or not) may be corrected;
      // anyone else added must be a member.
      const member = existing ?? (await trx.selectFrom('study_group_members').select('person_id').where('group_id', '=', session.group_id).where('person_id', '=', e.personId).executeTakeFirst());
      if (!member) throw badRequest('not_group_member', { personId: e.personId });
      const values = {
        status: e.status,
        reason: e.status === 'present' ? null : e.reason,
        approved_by: e.status === 'on_leave' ? e.approvedBy : null,
        updated_at: stamp,
      };
      if (existing) {
        if (!canRead(actor, existing)) throw badRequest('attendance_person_hidden', { personId: e.personId });
        await trx.updateTable('session_attendance').set({ ...values, ...(e.level && { level: e.level }) }).where('session_id', '=', id).where('person_id', '=', e.personId).execute();
      } else {
        await trx.insertInto('session_attendance').values({ session_id: id, person_id: e.personId, ...values, level: e.level ?? session.level, created_at: stamp }).execute();
      }
    }
    await refreshFingerprints(trx, { type: 'study_session', id });
    await touch(trx, id);
    return {
      result: await answer(trx, actor, id),
      audit: {
        action: 'study_session.attendance',
        objectType: 'study_session',
        objectId: id,
        level: highestOf([session.level, ...entries.flatMap((e) => (e.level ? [e.level] : []))]),
        detail: { entries: entries.map((e) => ({ personId: e.personId, status: e.status, reason: e.reason })), ...(reason ? { reason } : {}) },
      },
    };
  });
}

// --- ordered parts: themes, materials, observers, guidance, speeches, conclusions --------------

export const PART_KINDS = ['themes', 'materials', 'observers', 'guidance', 'speeches', 'conclusions'] as const;
export type PartKind = (typeof PART_KINDS)[number];
type PartTable = 'session_themes' | 'study_materials' | 'session_observers' | 'session_guidance' | 'speeches' | 'conclusions';

interface PartSpec {
  table: PartTable;
  /** What the part is called in messages: a word of the `thing` vocabulary (src/i18n/terms.ts). */
  noun: string;
  action: string;
  index?: { type: RecordType; fields: (row: Record<string, unknown>) => IndexedField[] };
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
/** A theme or conclusion is found by its text in either language. */
const bilingual = (r: Record<string, unknown>, weight: number): IndexedField[] => [
  { field: 'text', text: str(r.text), weight },
  { field: 'text_zh', text: str(r.text_zh), weight },
  { field: 'text_en', text: str(r.text_en), weight },
];
const PARTS: Record<PartKind, PartSpec> = {
  themes: { table: 'session_themes', noun: 'session_theme', action: 'theme', index: { type: 'theme', fields: (r) => bilingual(r, WEIGHTS.theme) } },
  materials: { table: 'study_materials', noun: 'study_material', action: 'material' },
  observers: { table: 'session_observers', noun: 'observer', action: 'observer' },
  guidance: { table: 'session_guidance', noun: 'guidance', action: 'guidance' },
  speeches: {
    table: 'speeches',
    noun: 'speech',
    action: 'speech',
    index: {
      type: 'speech',
      fields: (r) => [
        { field: 'title', text: str(r.title), weight: WEIGHTS.speechTitle },
        { field: 'text', text: str(r.text), weight: WEIGHTS.speechText },
      ],
    },
  },
  conclusions: { table: 'conclusions', noun: 'conclusion', action: 'conclusion', index: { type: 'conclusion', fields: (r) => bilingual(r, WEIGHTS.conclusion) } },
};

export type PartInput = ThemeInput | MaterialInput | ObserverInput | GuidanceInput | SpeechInput | ConclusionInput;
/** The union of every part's fields, for the code that handles all kinds alike. */
interface AnyPart {
  text?: string | null | undefined;
  textZh?: string | null | undefined;
  textEn?: string | null | undefined;
  planThemeId?: string | null | undefined;
  title?: string | null | undefined;
  link?: string | null | undefined;
  body?: string | null | undefined;
  name?: string | undefined;
  speakerPersonId?: string | null | undefined;
  collective?: string | null | undefined;
  kind?: string | undefined;
  level?: Level | undefined;
}

/** Input (camelCase) to columns, keeping only what was given. */
function partColumns(kind: PartKind, input: AnyPart): Record<string, unknown> {
  const pick: Record<PartKind, Record<string, unknown>> = {
    themes: { text: input.text, text_zh: input.textZh, text_en: input.textEn, plan_theme_id: input.planThemeId },
    materials: { title: input.title, link: input.link, body: input.body },
    observers: { name: input.name, title: input.title },
    guidance: { body: input.body, text: input.text },
    speeches: { speaker_person_id: input.speakerPersonId, collective: input.collective, title: input.title, text: input.text, kind: input.kind },
    conclusions: { kind: input.kind, text: input.text, text_zh: input.textZh, text_en: input.textEn },
  };
  const columns = Object.fromEntries(Object.entries(pick[kind]).filter(([, v]) => v !== undefined));
  if (input.level !== undefined) columns.level = input.level;
  return columns;
}

async function checkPartRefs(trx: Executor, actor: Actor, kind: PartKind, session: StudySession, input: AnyPart): Promise<void> {
  if (kind === 'themes') await checkPlanTheme(trx, actor, session.group_id, input.planThemeId);
  if (kind === 'speeches') await checkPerson(trx, actor, input.speakerPersonId, 'speaker');
}

async function reindexPart(trx: Executor, spec: PartSpec, id: string): Promise<void> {
  if (!spec.index) return;
  const row = (await trx.selectFrom(spec.table as 'speeches').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as unknown as Record<string, unknown> & {
    session_id: string;
    level: Level;
  };
  await indexRecord(trx, { type: spec.index.type, id, sessionId: row.session_id, level: row.level, fields: spec.index.fields(row) });
}

export async function addPart(ctx: Context, actor: Actor, kind: PartKind, sessionId: string, input: PartInput, reason?: string): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  const spec = PARTS[kind];
  const given = input as AnyPart;
  if (given.level) assertMayClassify(actor, given.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, sessionId);
    await guardEdit(trx, actor, session, reason, `study_session.${spec.action}_add`, { ...given }, [given.level ?? session.level]);
    await checkPartRefs(trx, actor, kind, session, given);
    const max = await trx
      .selectFrom(spec.table as 'speeches')
      .select((eb) => eb.fn.max('sort_order').as('max'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    const id = newId();
    const stamp = now();
    const level = given.level ?? session.level;
    await trx
      .insertInto(spec.table as 'speeches')
      .values({
        ...partColumns(kind, given),
        id,
        session_id: sessionId,
        sort_order: max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1,
        level,
        created_at: stamp,
        updated_at: stamp,
      } as never)
      .execute();
    await reindexPart(trx, spec, id);
    await refreshFingerprints(trx, { type: 'study_session', id: sessionId });
    await touch(trx, sessionId);
    return {
      result: await answer(trx, actor, sessionId),
      audit: { action: `study_session.${spec.action}_add`, objectType: 'study_session', objectId: sessionId, level: highestOf([session.level, level]), detail: { id, ...(reason ? { reason } : {}) } },
    };
  });
}

export async function updatePart(ctx: Context, actor: Actor, kind: PartKind, partId: string, input: PartInput, reason?: string): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  const spec = PARTS[kind];
  const given = input as AnyPart;
  if (given.level) assertMayClassify(actor, given.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const { part, session } = await loadPartForWrite(trx, actor, spec.table, spec.noun, partId);
    await guardEdit(trx, actor, session, reason, `study_session.${spec.action}_update`, { id: partId, ...given }, [part.level, given.level ?? part.level]);
    await checkPartRefs(trx, actor, kind, session, given);
    await trx
      .updateTable(spec.table as 'speeches')
      .set({ ...partColumns(kind, given), updated_at: now() } as never)
      .where('id', '=', partId)
      .execute();
    await reindexPart(trx, spec, partId);
    await refreshFingerprints(trx, { type: 'study_session', id: session.id });
    await touch(trx, session.id);
    return {
      result: await answer(trx, actor, session.id),
      audit: {
        action: `study_session.${spec.action}_update`,
        objectType: 'study_session',
        objectId: session.id,
        level: highestOf([session.level, part.level, given.level ?? part.level]),
        detail: { id: partId, fields: Object.keys(given), ...(reason ? { reason } : {}) },
      },
    };
  });
}

export async function deletePart(ctx: Context, actor: Actor, kind: PartKind, partId: string, reason?: string): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  const spec = PARTS[kind];
  return writeAudited(ctx, actor, async (trx) => {
    const { part, session } = await loadPartForWrite(trx, actor, spec.table, spec.noun, partId);
    await guardEdit(trx, actor, session, reason, `study_session.${spec.action}_delete`, { id: partId }, [part.level]);
    await trx.deleteFrom(spec.table as 'speeches').where('id', '=', partId).execute();
    if (spec.index) await unindexRecord(trx, spec.index.type, partId);
    await refreshFingerprints(trx, { type: 'study_session', id: session.id });
    await touch(trx, session.id);
    return {
      result: await answer(trx, actor, session.id),
      audit: { action: `study_session.${spec.action}_delete`, objectType: 'study_session', objectId: session.id, level: highestOf([session.level, part.level]), detail: { id: partId, ...(reason ? { reason } : {}) } },
    };
  });
}

/**
 * Puts the parts of one kind in the given order. `ids` must name every part of that kind the actor
 * may read, once each; parts above the actor's clearance keep their places.
 */
export async function reorderParts(ctx: Context, actor: Actor, kind: PartKind, sessionId: string, ids: string[], reason?: string): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  const spec = PARTS[kind];
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, sessionId);
    await guardEdit(trx, actor, session, reason, `study_session.${spec.action}_reorder`, { ids }, []);
    const all = await trx
      .selectFrom(spec.table as 'speeches')
      .select(['id', 'level'])
      .where('session_id', '=', sessionId)
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    const readable = all.filter((p) => canRead(actor, p));
    const known = new Set(readable.map((p) => p.id));
    if (new Set(ids).size !== ids.length || ids.length !== readable.length || ids.some((i) => !known.has(i))) {
      throw badRequest('session_part_order', { noun: spec.noun, expected: readable.length, given: ids.length }, {
        expected: readable.map((p) => p.id),
      });
    }
    const queue = [...ids];
    const order = all.map((p) => (canRead(actor, p) ? queue.shift()! : p.id));
    for (const [index, id] of order.entries()) {
      await trx.updateTable(spec.table as 'speeches').set({ sort_order: index }).where('id', '=', id).execute();
    }
    await touch(trx, sessionId);
    return {
      result: await answer(trx, actor, sessionId),
      audit: { action: `study_session.${spec.action}_reorder`, objectType: 'study_session', objectId: sessionId, level: session.level, detail: { ids, ...(reason ? { reason } : {}) } },
    };
  });
}

// --- minutes, approval, archive -----------------------------------------------------------------

/** The review's name for a session's minutes as a text source. */
export const MINUTES_SOURCE = 'study_session';

export async function putMinutes(ctx: Context, actor: Actor, sessionId: string, input: MinutesInput, reason?: string): Promise<SessionRecord> {
  authorize(actor, 'study.write');
  if (input.level) assertMayClassify(actor, input.level, ctx.settings.ceiling);
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, sessionId);
    const existing = await trx.selectFrom('session_minutes').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
    if (existing && !canRead(actor, existing)) throw notFound('minutes', sessionId);
    await guardEdit(trx, actor, session, reason, 'study_session.minutes_update', { level: input.level }, [...(existing ? [existing.level] : []), input.level ?? existing?.level ?? session.level]);
    const stamp = now();
    const level = input.level ?? existing?.level ?? session.level;
    const id = existing?.id ?? newId();
    if (existing) {
      await trx.updateTable('session_minutes').set({ text: input.text, level, updated_at: stamp }).where('id', '=', id).execute();
    } else {
      await trx
        .insertInto('session_minutes')
        .values({ id, session_id: sessionId, text: input.text, approved_by: null, approved_by_id: null, approved_at: null, level, created_at: stamp, updated_at: stamp })
        .execute();
    }
    await indexRecord(trx, { type: 'minutes', id, sessionId, level, fields: [{ field: 'text', text: input.text, weight: WEIGHTS.minutes }] });
    // Texts above public are fingerprinted, so a draft release that copies them is caught in review.
    await refreshFingerprints(trx, { type: 'study_session', id: sessionId });
    await touch(trx, sessionId);
    return {
      result: await answer(trx, actor, sessionId),
      audit: { action: 'study_session.minutes_update', objectType: 'study_session', objectId: sessionId, level: highestOf([session.level, level]), detail: { ...(reason ? { reason } : {}) } },
    };
  });
}

/** Approving the minutes locks the record: later changes need a reason and are kept as revisions. */
export async function approveMinutes(ctx: Context, actor: Actor, sessionId: string): Promise<SessionRecord> {
  authorize(actor, 'study.approve');
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, sessionId);
    if (isLocked(session)) throw new AppError(409, 'minutes_already_approved', { status: session.status });
    if (session.status !== 'held') throw new AppError(409, 'session_not_held');
    const minutes = await trx.selectFrom('session_minutes').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
    if (!minutes || !canRead(actor, minutes)) throw new AppError(409, 'minutes_missing');
    const stamp = now();
    await trx.updateTable('session_minutes').set({ approved_by: actor.name, approved_by_id: actor.id, approved_at: stamp, updated_at: stamp }).where('id', '=', minutes.id).execute();
    await trx.updateTable('study_sessions').set({ status: 'minutes_approved', updated_at: stamp }).where('id', '=', sessionId).execute();
    return {
      result: await answer(trx, actor, sessionId),
      audit: { action: 'study_session.minutes_approve', objectType: 'study_session', objectId: sessionId, level: highestOf([session.level, minutes.level]), detail: {} },
    };
  });
}

export async function archiveSession(ctx: Context, actor: Actor, sessionId: string): Promise<SessionRecord> {
  authorize(actor, 'study.approve');
  return writeAudited(ctx, actor, async (trx) => {
    const session = await loadSessionForWrite(trx, actor, sessionId);
    if (session.status !== 'minutes_approved') throw conflict('archive_needs_approved');
    await trx.updateTable('study_sessions').set({ status: 'archived', updated_at: now() }).where('id', '=', sessionId).execute();
    return { result: await answer(trx, actor, sessionId), audit: { action: 'study_session.archive', objectType: 'study_session', objectId: sessionId, level: session.level, detail: {} } };
  });
}

export async function listRevisions(ctx: Context, actor: Actor, sessionId: string) {
  authorize(actor, 'study.read');
  const { db } = ctx.database;
  const session = await sessionsQuery(db, actor).select(['study_sessions.id', 'study_sessions.level']).where('study_sessions.id', '=', sessionId).executeTakeFirst();
  if (!session) throw notFound('study_session', sessionId);
  // A revision is read like any record at its own level; a state-secret one needs its session's knowable scope.
  const revisions = await db
    .selectFrom('session_revisions')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where(visibleTo(actor, 'study_session', 'session_revisions.session_id', 'session_revisions.level'))
    .orderBy('at')
    .orderBy('id')
    .execute();
  await auditListRead(ctx, actor, 'session_revision', 'list', revisions);
  return revisions;
}

