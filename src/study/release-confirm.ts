import { z } from 'zod';
import type { Context } from '../context.ts';
import { inOneTransaction } from '../db/write.ts';
import { badRequest, conflict } from '../errors.ts';
import { dateSchema } from '../org/schemas.ts';
import { createPerson } from '../org/people.ts';
import type { Actor } from '../security/actor.ts';
import { LEVELS } from '../security/levels.ts';
import { visibleTo } from '../security/knowable.ts';
import { authorize } from '../security/policy.ts';
import { sessionsQuery } from './access.ts';
import type { SessionRecord } from './record.ts';
import type { KnownPerson } from './release-match.ts';
import { addPart, createSession, type NamedAttendance } from './sessions.ts';
import { CONCLUSION_KINDS, HALF_DAYS, SPEECH_KIND_LABELS } from './vocabulary.ts';

/**
 * Turning a confirmed release draft into a session record: the service behind
 * /api/study/import/confirm. The record says only what the release says: its attendance holds
 * exactly the people the release names (host, participants, speakers) with the role it gives them;
 * members it does not name are not recorded at all (never "present"); speeches carry the release's
 * own words for their kind and no invented text; each conclusion keeps its kind and lead-in.
 */

const personSpec = z.object({
  name: z.string().trim().min(1).max(100),
  titles: z.array(z.string().trim().max(300)).max(20).default([]),
  /** A known person; leave empty to create a new person of this name. */
  personId: z.string().min(1).max(100).nullish(),
});

export const confirmBody = z.object({
  groupId: z.string().min(1).max(100),
  date: dateSchema,
  halfDay: z.enum(HALF_DAYS),
  /** The language of the release: speeches without the release's own words are labelled in it. */
  language: z.enum(['zh', 'en']).default('zh'),
  organizingBody: z.string().trim().max(300).nullish(),
  level: z.enum(LEVELS).default('public'),
  themes: z.array(z.string().trim().min(1).max(4000)).max(50).default([]),
  host: personSpec
    .extend({
      spoke: z.boolean().default(false),
      /** The release's words for the host's speech ("讲话", "delivered a speech"). */
      speech: z.string().trim().max(200).nullish(),
    })
    .nullish(),
  participants: z.array(personSpec).max(200).default([]),
  speakers: z.array(personSpec).max(200).default([]),
  speechKind: z.enum(['key_speech', 'exchange']).default('exchange'),
  /** The release's words for the speeches ("交流发言", "made key speeches around the learning theme"). */
  speechWords: z.string().trim().max(200).nullish(),
  /** The group that spoke in turn ("市委常委"), as the release writes it. */
  collectiveSpeech: z.string().trim().max(200).nullish(),
  observers: z.array(z.object({ name: z.string().trim().min(1).max(200), titles: z.array(z.string().trim().max(300)).max(20).default([]) })).max(100).default([]),
  guidance: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
  conclusions: z
    .array(
      z.object({
        kind: z.enum(CONCLUSION_KINDS),
        text: z.string().trim().min(1).max(20_000),
        /** The paragraph's lead-in ("会议强调，", "The meeting emphasized that"), kept on the sentence it led. */
        leadIn: z.string().trim().max(100).nullish(),
      }),
    )
    .max(200)
    .default([]),
  /** Create the session even though one of the same group on the same date exists. */
  importAnyway: z.boolean().default(false),
});
export type ConfirmBody = z.infer<typeof confirmBody>;

/** People the actor may see, with their current titles, for matching names read from a release. */
export async function knownPeople(ctx: Context, actor: Actor): Promise<KnownPerson[]> {
  const { db } = ctx.database;
  const people = await db.selectFrom('people').select(['id', 'name', 'name_en']).where(visibleTo(actor, 'person', 'people.id', 'people.level')).execute();
  const positions = await db
    .selectFrom('positions')
    .innerJoin('units', 'units.id', 'positions.unit_id')
    .select(['positions.person_id', 'positions.title', 'positions.title_en'])
    .where(visibleTo(actor, 'position', 'positions.id', 'positions.level'))
    .where(visibleTo(actor, 'unit', 'units.id', 'units.level'))
    .execute();
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    nameEn: p.name_en,
    titles: positions.filter((x) => x.person_id === p.id).flatMap((x) => [x.title, ...(x.title_en ? [x.title_en] : [])]),
  }));
}

const isLatin = (name: string) => /^[A-Za-z][A-Za-z\s'’.-]*$/.test(name);

/** A session of the same group on the same date that the actor may see: likely the same study, imported before. */
export async function findDuplicate(ctx: Context, actor: Actor, groupId: string, date: string): Promise<string | null> {
  const row = await sessionsQuery(ctx.database.db, actor)
    .select('study_sessions.id')
    .where('study_sessions.group_id', '=', groupId)
    .where('study_sessions.date', '=', date)
    .orderBy('study_sessions.created_at')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** "会议强调，" + text, or "The meeting emphasized that" + " " + text. */
function withLeadIn(leadIn: string | null | undefined, text: string): string {
  if (!leadIn) return text;
  if (isLatin(leadIn.slice(0, 3))) return `${leadIn} ${text}`;
  return /[，,：:]$/.test(leadIn) ? `${leadIn}${text}` : `${leadIn}，${text}`;
}

/**
 * Creates the session a (corrected) draft describes, through the study services. All of it is one
 * transaction: a failure at any step leaves no session and no new people behind. A session of the
 * same group on the same date is refused (409, with its id) unless `importAnyway` is set.
 */
export async function confirmImport(outer: Context, actor: Actor, body: ConfirmBody): Promise<{ record: SessionRecord; createdPeople: { id: string; name: string }[] }> {
  authorize(actor, 'study.write');
  if (!body.host && body.speakers.length === 0 && body.themes.length === 0 && !body.collectiveSpeech && body.conclusions.length === 0) {
    throw badRequest('draft_empty');
  }
  if (!body.importAnyway) {
    const existing = await findDuplicate(outer, actor, body.groupId, body.date);
    if (existing) {
      throw conflict('session_on_same_date', {}, {
        duplicate: 'same_group_same_date',
        sessionId: existing,
      });
    }
  }
  return inOneTransaction(outer, async (ctx) => {
    const createdPeople: { id: string; name: string }[] = [];
    const byName = new Map<string, string>();
    const resolve = async (p: { name: string; titles?: string[]; personId?: string | null | undefined }): Promise<string> => {
      if (p.personId) {
        byName.set(p.name, p.personId);
        return p.personId;
      }
      const known = byName.get(p.name);
      if (known) return known;
      // The release's titles are kept in the note: a title is not a position until someone records one.
      const titles = p.titles?.length ? ` Titles in the release: ${p.titles.join(isLatin(p.name) ? '; ' : '、')}.` : '';
      const note = `Created from an imported news release.${titles}`;
      const person = await createPerson(ctx, actor, { name: p.name, nameEn: isLatin(p.name) ? p.name : null, email: null, phone: null, note, level: body.level });
      createdPeople.push({ id: person.id, name: person.name });
      byName.set(p.name, person.id);
      return person.id;
    };
    // Everyone the release names as there, once, with the first role it gives them.
    const named: NamedAttendance[] = [];
    const name = async (p: { name: string; titles?: string[]; personId?: string | null | undefined }, role: NamedAttendance['role']) => {
      const personId = await resolve(p);
      if (!named.some((n) => n.personId === personId)) named.push({ personId, role });
      return personId;
    };
    const hostId = body.host ? await name(body.host, 'host') : null;
    for (const p of body.participants) await name(p, 'participant');
    const speakerIds: string[] = [];
    for (const s of body.speakers) speakerIds.push(await name(s, 'speaker'));

    let record = await createSession(
      ctx,
      actor,
      {
        groupId: body.groupId,
        date: body.date,
        halfDay: body.halfDay,
        organizingBody: body.organizingBody ?? null,
        place: null,
        form: 'concentrated_study',
        hostPersonId: hostId,
        status: 'held',
        level: body.level,
        themes: body.themes.map((text) => ({ text })),
      },
      named,
    );
    const sessionId = record.id;
    const label = (kind: keyof typeof SPEECH_KIND_LABELS) => SPEECH_KIND_LABELS[kind][body.language];
    if (body.host && body.host.spoke && hostId) {
      record = await addPart(ctx, actor, 'speeches', sessionId, { speakerPersonId: hostId, title: body.host.speech || label('host_speech'), text: '', kind: 'host_speech', level: body.level });
    }
    const title = body.speechWords || label(body.speechKind);
    for (const speakerPersonId of speakerIds) {
      record = await addPart(ctx, actor, 'speeches', sessionId, { speakerPersonId, title, text: '', kind: body.speechKind, level: body.level });
    }
    if (body.collectiveSpeech) {
      record = await addPart(ctx, actor, 'speeches', sessionId, { speakerPersonId: null, collective: body.collectiveSpeech, title, text: '', kind: body.speechKind, level: body.level });
    }
    for (const o of body.observers) {
      record = await addPart(ctx, actor, 'observers', sessionId, { name: o.name, title: o.titles.join(isLatin(o.name) ? ' and ' : '、') || null, level: body.level });
    }
    for (const g of body.guidance) record = await addPart(ctx, actor, 'guidance', sessionId, { body: g, text: null, level: body.level });
    for (const c of body.conclusions) record = await addPart(ctx, actor, 'conclusions', sessionId, { kind: c.kind, text: withLeadIn(c.leadIn, c.text), level: body.level });
    return { record, createdPeople };
  });
}
