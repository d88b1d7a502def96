import { z } from 'zod';
import type { Context } from '../context.ts';
import { inOneTransaction } from '../db/write.ts';
import { badRequest } from '../errors.ts';
import { dateSchema } from '../org/schemas.ts';
import { createPerson } from '../org/people.ts';
import type { Actor } from '../security/actor.ts';
import { LEVELS } from '../security/levels.ts';
import { visibleTo } from '../security/knowable.ts';
import { authorize } from '../security/policy.ts';
import type { SessionRecord } from './record.ts';
import type { KnownPerson } from './release-importer.ts';
import { addPart, createSession } from './sessions.ts';
import { HALF_DAYS } from './vocabulary.ts';

/** Turning a confirmed release draft into a session record: the service behind /api/study/import/confirm. */

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
  organizingBody: z.string().trim().max(300).nullish(),
  level: z.enum(LEVELS).default('public'),
  themes: z.array(z.string().trim().min(1).max(4000)).max(50).default([]),
  host: personSpec.extend({ spoke: z.boolean().default(true) }).nullish(),
  participants: z.array(personSpec).max(200).default([]),
  speakers: z.array(personSpec).max(200).default([]),
  speechKind: z.enum(['key_speech', 'exchange']).default('key_speech'),
  findings: z.array(z.string().trim().min(1).max(20_000)).max(100).default([]),
  requirements: z.array(z.string().trim().min(1).max(20_000)).max(100).default([]),
});
export type ConfirmBody = z.infer<typeof confirmBody>;

const SPEECH_TITLE = { key_speech: 'Key speech around the learning theme', exchange: 'Exchange speech' } as const;

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

/**
 * Creates the session a (corrected) draft describes, through the study services: the session with
 * its themes and host, the speeches in order, the findings and requirements; people not yet known
 * are created; participants who are not members of the group are recorded as observers. All of it
 * is one transaction: a failure at any step leaves no session and no new people behind.
 */
export async function confirmImport(outer: Context, actor: Actor, body: ConfirmBody): Promise<{ record: SessionRecord; createdPeople: { id: string; name: string }[] }> {
  authorize(actor, 'study.write');
  if (!body.host && body.speakers.length === 0 && body.themes.length === 0) {
    throw badRequest('The draft is empty: give at least the themes, the host or the speakers.');
  }
  return inOneTransaction(outer, async (ctx) => {
    const createdPeople: { id: string; name: string }[] = [];
    const byName = new Map<string, string>();
    const resolve = async (p: { name: string; personId?: string | null | undefined }): Promise<string> => {
      if (p.personId) return p.personId;
      const known = byName.get(p.name);
      if (known) return known;
      const person = await createPerson(ctx, actor, { name: p.name, nameEn: isLatin(p.name) ? p.name : null, email: null, phone: null, note: 'Created from an imported news release.', level: body.level });
      createdPeople.push({ id: person.id, name: person.name });
      byName.set(p.name, person.id);
      return person.id;
    };
    const hostId = body.host ? await resolve(body.host) : null;
    let record = await createSession(ctx, actor, {
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
    });
    const sessionId = record.id;
    const members = new Set(record.attendance.map((a) => a.personId));
    for (const p of body.participants) {
      const id = p.personId ?? byName.get(p.name) ?? null;
      if (id && members.has(id)) continue;
      record = await addPart(ctx, actor, 'observers', sessionId, { name: p.name, title: p.titles.join(isLatin(p.name) ? ' and ' : '、') || null, level: body.level });
    }
    if (body.host && body.host.spoke && hostId) {
      record = await addPart(ctx, actor, 'speeches', sessionId, { speakerPersonId: hostId, title: 'Hosted and delivered a speech', text: '', kind: 'host_speech', level: body.level });
    }
    for (const s of body.speakers) {
      const speakerPersonId = await resolve(s);
      record = await addPart(ctx, actor, 'speeches', sessionId, { speakerPersonId, title: SPEECH_TITLE[body.speechKind], text: '', kind: body.speechKind, level: body.level });
    }
    for (const text of body.findings) record = await addPart(ctx, actor, 'conclusions', sessionId, { kind: 'finding', text, level: body.level });
    for (const text of body.requirements) record = await addPart(ctx, actor, 'conclusions', sessionId, { kind: 'requirement', text, level: body.level });
    return { record, createdPeople };
  });
}

