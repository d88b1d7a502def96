import ical, { ICalEventStatus } from 'ical-generator';
import type { Context } from '../context.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, badRequest, forbidden, unauthorized } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { getUser } from '../org/accounts.ts';
import type { Actor } from '../security/actor.ts';
import { auditRead } from '../security/audit.ts';
import { atMost, highestOf, isStateSecret, LEVEL_LABELS, levelRank, type Level } from '../security/levels.ts';
import { referencedGroup } from '../org/study-groups.ts';
import { mayRead } from '../security/knowable.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { actorOf } from '../security/sessions.ts';
import { digestToken, newSecretToken } from '../security/tokens.ts';
import { sessionsQuery, titlesOn } from './access.ts';
import type { FeedInput } from './schemas.ts';
import { SESSION_FORM_LABELS, type SessionForm } from './vocabulary.ts';

/**
 * iCalendar feeds of study sessions behind a secret address. A calendar app keeps what it fetches
 * on the phone and often in a cloud account, outside this system; so a feed carries only what its
 * owner may read, never more than the level chosen when it was made (public unless chosen
 * otherwise, never a state-secret level), and its description says so. Tokens are stored hashed,
 * like API tokens, and can be revoked.
 */

export const FEED_PATH = '/api/study/calendar';
const FEED_TOKEN_PREFIX = 'rcal';

/**
 * A feed's address is its key, so logs must not keep it: an address under the feed path (other
 * than the owner's "feeds" list) loses everything after that path, and a feed token anywhere else
 * in an address is cut to its prefix. Percent-encoding does not hide either from this check.
 */
export function redactFeedSecret(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // Malformed escapes: check the address as it came.
  }
  if (decoded.startsWith(`${FEED_PATH}/`) && !/^\/feeds(?:[/?#]|$)/.test(decoded.slice(FEED_PATH.length))) return `${FEED_PATH}/[redacted]`;
  const token = new RegExp(`${FEED_TOKEN_PREFIX}_[^/?#&\\s]*`, 'gi');
  return token.test(decoded) ? decoded.replace(token, `${FEED_TOKEN_PREFIX}_[redacted]`) : url;
}

/** Nominal times for a session recorded only by its half-day. */
const HALF_DAY_TIMES: Record<string, [string, string]> = { morning: ['08:30', '11:30'], afternoon: ['14:30', '17:30'], evening: ['19:30', '21:30'] };
/** How far back a feed reaches. */
const FEED_DAYS_BACK = 400;

export async function createFeed(ctx: Context, actor: Actor, input: FeedInput) {
  authorize(actor, 'study.read');
  authorize(actor, 'tokens.own');
  if (!actor.id) throw badRequest('feed_user_only');
  if (isStateSecret(input.maxLevel)) {
    throw new AppError(422, 'feed_level_not_allowed');
  }
  if (!atMost(input.maxLevel, actor.clearance)) throw forbidden('clearance_below_level', { clearance: actor.clearance, level: input.maxLevel });
  const { db } = ctx.database;
  if (input.scope === 'group') {
    await referencedGroup(db, actor, input.targetId);
  } else {
    const person = await db.selectFrom('people').select(['id', 'level']).where('id', '=', input.targetId).executeTakeFirst();
    if (!person || !(await mayRead(db, actor, 'person', person))) throw badRequest('person_not_found_id', { personId: input.targetId });
  }
  const token = newSecretToken(FEED_TOKEN_PREFIX);
  const id = newId();
  const row = {
    id,
    user_id: actor.id,
    scope: input.scope,
    target_id: input.targetId,
    name: input.name,
    max_level: input.maxLevel,
    token_hash: digestToken(token),
    prefix: token.slice(0, 12),
    created_at: now(),
    last_used_at: null,
    revoked_at: null,
  };
  await writeAudited(ctx, actor, async (trx) => {
    await trx.insertInto('calendar_feeds').values(row).execute();
    return { result: undefined, audit: { action: 'calendar_feed.create', objectType: 'calendar_feed', objectId: id, level: 'public', detail: { scope: input.scope, targetId: input.targetId, maxLevel: input.maxLevel } } };
  });
  return { feed: row, token, path: `${FEED_PATH}/${token}.ics` };
}

export async function listFeeds(ctx: Context, actor: Actor) {
  authorize(actor, 'tokens.own');
  return ctx.database.db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', actor.id ?? '').orderBy('created_at', 'desc').execute();
}

export async function revokeFeed(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'tokens.own');
  await writeAudited(ctx, actor, async (trx) => {
    const result = await trx
      .updateTable('calendar_feeds')
      .set({ revoked_at: now() })
      .where('id', '=', id)
      .where('user_id', '=', actor.id ?? '')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError(404, 'calendar_feed_not_found', { id });
    return { result: undefined, audit: { action: 'calendar_feed.revoke', objectType: 'calendar_feed', objectId: id, level: 'public' } };
  });
}

function localDate(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  // Floating times: the wall-clock time of the session, whatever the zone of the calendar app.
  return new Date(y!, m! - 1, d!, hh!, mm!);
}

/** The feed's iCalendar text, as its owner may read it today (clearance changes apply at once). */
export async function renderFeed(ctx: Context, token: string): Promise<string> {
  const { db } = ctx.database;
  const feed = await db.selectFrom('calendar_feeds').selectAll().where('token_hash', '=', digestToken(token)).executeTakeFirst();
  if (!feed || feed.revoked_at) throw unauthorized('calendar_feed_invalid', {}, 'invalid_token');
  const user = await getUser(db, feed.user_id);
  if (user.disabled) throw unauthorized('feed_owner_disabled', {}, 'account_disabled');
  const owner = actorOf(user, 'token', null);
  authorize(owner, 'study.read');
  // The lower of the owner's clearance and the feed's own level.
  const actor: Actor = { ...owner, clearance: levelRank(feed.max_level) < levelRank(owner.clearance) ? feed.max_level : owner.clearance };
  const levels = readableLevels(actor);
  const since = new Date(Date.now() - FEED_DAYS_BACK * 86_400_000).toISOString().slice(0, 10);
  let query = sessionsQuery(db, actor)
    .leftJoin('people', (join) => join.onRef('people.id', '=', 'study_sessions.host_person_id').on('people.level', 'in', levels))
    .select([
      'study_sessions.id',
      'study_sessions.date',
      'study_sessions.half_day',
      'study_sessions.start_time',
      'study_sessions.end_time',
      'study_sessions.place',
      'study_sessions.form',
      'study_sessions.status',
      'study_sessions.level',
      'study_sessions.host_person_id',
      'study_sessions.updated_at',
      'study_groups.name as group_name',
      'people.name as host_name',
    ])
    .where('study_sessions.date', '>=', since);
  if (feed.scope === 'group') {
    query = query.where('study_sessions.group_id', '=', feed.target_id);
  } else {
    const personId = feed.target_id;
    query = query.where((eb) =>
      eb.or([
        eb('study_sessions.host_person_id', '=', personId),
        eb.exists(
          eb
            .selectFrom('session_attendance')
            .select('session_attendance.person_id')
            .whereRef('session_attendance.session_id', '=', 'study_sessions.id')
            .where('session_attendance.person_id', '=', personId)
            .where('session_attendance.level', 'in', levels),
        ),
      ]),
    );
  }
  const sessions = await query.orderBy('study_sessions.date').orderBy('study_sessions.id').execute();
  const ids = sessions.map((s) => s.id);
  const themes = ids.length
    ? await db.selectFrom('session_themes').select(['session_id', 'text']).where('session_id', 'in', ids).where('level', 'in', levels).orderBy('sort_order').orderBy('id').execute()
    : [];
  const titles = await titlesOn(db, actor, sessions.flatMap((s) => (s.host_name && s.host_person_id ? [s.host_person_id] : [])));

  const ceilingLabel = LEVEL_LABELS[actor.clearance];
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'Remit', product: 'study-sessions', language: 'ZH' },
    description: `Study sessions from Remit. This feed carries only what ${user.display_name} may read, up to ${ceilingLabel.en} (${ceilingLabel.zh}). 本日历仅含订阅人有权知悉的内容，最高至${ceilingLabel.zh}。`,
    ttl: 3600,
  });
  for (const s of sessions) {
    const [from, to] = s.start_time && s.end_time ? [s.start_time, s.end_time] : (HALF_DAY_TIMES[s.half_day ?? 'morning'] ?? ['09:00', '12:00']);
    const sessionThemes = themes.filter((t) => t.session_id === s.id).map((t) => t.text);
    const hostTitles = s.host_person_id ? (titles.get(s.host_person_id) ?? []).map((t) => t.zh).join('、') : '';
    const form = SESSION_FORM_LABELS[s.form as SessionForm];
    const description = [
      ...(sessionThemes.length ? ['Themes / 学习主题:', ...sessionThemes.map((t, i) => `${i + 1}. ${t}`)] : []),
      ...(s.host_name ? [`Host / 主持: ${s.host_name}${hostTitles ? ` (${hostTitles})` : ''}`] : []),
      `Form / 形式: ${form ? `${form.zh} ${form.en}` : s.form}`,
    ].join('\n');
    calendar.createEvent({
      id: `${s.id}@remit`,
      start: localDate(s.date, from),
      end: localDate(s.date, to),
      floating: true,
      summary: `${s.group_name}${sessionThemes[0] ? ` · ${sessionThemes[0].slice(0, 60)}` : ''}`,
      description,
      location: s.place ?? null,
      status: s.status === 'planned' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      lastModified: new Date(s.updated_at),
    });
  }
  await db.updateTable('calendar_feeds').set({ last_used_at: now() }).where('id', '=', feed.id).execute();
  const above = sessions.filter((s) => s.level !== 'public');
  if (above.length) {
    await auditRead(ctx.database, actor, {
      action: 'calendar_feed.read',
      objectType: 'calendar_feed',
      objectId: feed.id,
      level: highestOf(above.map((s) => s.level as Level)),
      detail: { ids: above.map((s) => s.id) },
    });
  }
  return calendar.toString();
}
