import type { Context } from '../context.ts';
import type { Executor, Trx } from '../db/database.ts';
import type { MediaRelease, MediaReleaseVersion, ReleaseLanguage, ReleaseSource, ReleaseState } from '../db/media-tables.ts';
import { contains, paginate, type ListParams } from '../db/paging.ts';
import type { PublicationReview } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, conflict, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { assertMayClassify, authorize, canRead, readableLevels } from '../security/policy.ts';
import { auditListRead, guardRead } from '../security/reads.ts';
import { createReview, sha256 } from '../secrecy/review/register.ts';
import { loadSessionRecord } from '../study/record.ts';
import { writeRelease } from '../study/release-writer.ts';
import type { ReleasePatch } from './schemas.ts';
import { queueReleaseEvent } from './webhooks.ts';

/**
 * News releases (新闻发布): a release is drafted (from a session by the release writer, from an
 * imported text, or by hand), reviewed with the pre-publication review (bound to the SHA-256 of the
 * exact text), approved by a propaganda officer or leader who did not write it, published now or
 * at a set time, and retracted with a reason. A correction is a new version; publishing it marks
 * the one before superseded. Only a public release with a current, decided "publish" review, no
 * open finding and no ★ mark is ever published; every gate is checked again at the moment of
 * publication, in the transaction that publishes.
 */


/** The text a review is bound to: the title, a blank line, the body. */
export const reviewedText = (v: Pick<MediaReleaseVersion, 'title' | 'body'>) => `${v.title}\n\n${v.body}`;

export interface ReleaseWithVersions {
  release: MediaRelease;
  versions: MediaReleaseVersion[];
}

const latestOf = (r: ReleaseWithVersions) => r.versions.find((v) => v.version === r.release.latest_version)!;

async function versionsOf(db: Executor, releaseId: string): Promise<MediaReleaseVersion[]> {
  return db.selectFrom('media_release_versions').selectAll().where('release_id', '=', releaseId).orderBy('version', 'desc').execute();
}

async function loadForWrite(trx: Trx, actor: Actor, id: string): Promise<ReleaseWithVersions> {
  const release = await trx.selectFrom('media_releases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!release || !canRead(actor, release)) throw notFound('media_release', id);
  return { release, versions: await versionsOf(trx, id) };
}

const personOf = (actor: Actor) => ({ id: actor.id, name: actor.name });

// ---------------------------------------------------------------- reads

export async function listReleases(ctx: Context, actor: Actor, params: ListParams, filters: { state?: ReleaseState | undefined } = {}) {
  authorize(actor, 'media.read');
  const db = ctx.database.db;
  let query = db
    .selectFrom('media_releases')
    .innerJoin('media_release_versions as v', (join) => join.onRef('v.release_id', '=', 'media_releases.id').onRef('v.version', '=', 'media_releases.latest_version'))
    .where('media_releases.level', 'in', readableLevels(actor));
  if (filters.state) query = query.where('media_releases.state', '=', filters.state);
  if (params.q) query = query.where(contains('v.title', params.q));
  const page = await paginate(
    query,
    (qb) => qb.selectAll('media_releases').select(['v.title', 'v.published_at', 'v.scheduled_at']),
    { ...params, order: params.sort ? params.order : 'desc' },
    { updatedAt: 'media_releases.updated_at', createdAt: 'media_releases.created_at', title: 'v.title', state: 'media_releases.state' },
    { sort: 'updatedAt', idColumn: 'media_releases.id' },
  );
  const items = page.items as (MediaRelease & { title: string; published_at: string | null; scheduled_at: string | null })[];
  await auditListRead(ctx, actor, 'media_release', 'list', items);
  return { ...page, items };
}

export async function getRelease(ctx: Context, actor: Actor, id: string): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.read');
  const row = await ctx.database.db.selectFrom('media_releases').selectAll().where('id', '=', id).executeTakeFirst();
  const release = await guardRead(ctx, actor, 'media_release', id, row);
  return { release, versions: await versionsOf(ctx.database.db, id) };
}

/** The reviews of a release's versions that the reader may read (the register is internal). */
export async function reviewsOf(ctx: Context, actor: Actor, versions: readonly MediaReleaseVersion[]) {
  const ids = [...new Set(versions.flatMap((v) => (v.review_id ? [v.review_id] : [])))];
  if (ids.length === 0) return new Map<string, PublicationReview & { open: number }>();
  const reviews = (await ctx.database.db.selectFrom('publication_reviews').selectAll().where('id', 'in', ids).execute()).filter((r) => canRead(actor, r));
  const open = reviews.length
    ? await ctx.database.db
        .selectFrom('publication_review_findings')
        .select(['review_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('review_id', 'in', reviews.map((r) => r.id))
        .where('resolved', '=', 0)
        .where('blocking', '=', 1)
        .groupBy('review_id')
        .execute()
    : [];
  await auditListRead(ctx, actor, 'publication_review', 'list', reviews);
  return new Map(reviews.map((r) => [r.id, { ...r, open: Number(open.find((o) => o.review_id === r.id)?.n ?? 0) }]));
}

// ---------------------------------------------------------------- drafts

interface NewRelease {
  title: string;
  body: string;
  language: ReleaseLanguage;
  level: Level;
  sessionId: string | null;
  source: ReleaseSource;
  slug: string | null;
}

async function assertSlugFree(db: Executor, slug: string | null, releaseId: string | null) {
  if (!slug) return;
  const taken = await db.selectFrom('media_releases').select('id').where('slug', '=', slug).executeTakeFirst();
  if (taken && taken.id !== releaseId) throw conflict('release_slug_taken', { slug });
}

export async function createRelease(ctx: Context, actor: Actor, input: NewRelease): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.write');
  assertMayClassify(actor, input.level, ctx.settings.ceiling);
  if (input.sessionId) {
    // The session must be one the author may read; a release may only be written from a public one.
    const record = await loadSessionRecord(ctx, actor, input.sessionId);
    if (record.level !== 'public') throw unprocessable('release_session_not_public', { level: record.level });
  }
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await assertSlugFree(trx, input.slug, null);
    const stamp = now();
    const author = personOf(actor);
    const release = await trx
      .insertInto('media_releases')
      .values({
        id,
        slug: input.slug,
        language: input.language,
        session_id: input.sessionId,
        source: input.source,
        author_id: author.id,
        author_name: author.name,
        level: input.level,
        state: 'draft',
        latest_version: 1,
        live_version: null,
        first_published_at: null,
        retracted_at: null,
        retracted_by_id: null,
        retracted_by_name: null,
        retract_reason: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const version = await insertVersion(trx, { releaseId: id, version: 1, title: input.title, body: input.body, level: input.level, actor, note: null, stamp });
    return {
      result: { release, versions: [version] },
      audit: { action: 'media_release.create', objectType: 'media_release', objectId: id, level: input.level, detail: { title: input.title, source: input.source, sessionId: input.sessionId, language: input.language, sha256: version.text_sha256 } },
    };
  });
}

async function insertVersion(trx: Trx, v: { releaseId: string; version: number; title: string; body: string; level: Level; actor: Actor; note: string | null; stamp: string }) {
  return trx
    .insertInto('media_release_versions')
    .values({
      id: newId(),
      release_id: v.releaseId,
      version: v.version,
      title: v.title,
      body: v.body,
      text_sha256: sha256(reviewedText(v)),
      state: 'draft',
      change_note: v.note,
      drafted_by_id: v.actor.id,
      drafted_by_name: v.actor.name,
      review_id: null,
      reviewed_sha256: null,
      reviewed_at: null,
      approved_by_id: null,
      approved_by_name: null,
      approved_at: null,
      scheduled_at: null,
      published_by_id: null,
      published_by_name: null,
      published_at: null,
      superseded_at: null,
      level: v.level,
      created_at: v.stamp,
      updated_at: v.stamp,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A draft written from a session by the release writer (public content only), in Chinese or English. */
export async function createFromSession(ctx: Context, actor: Actor, input: { sessionId: string; language: ReleaseLanguage; slug: string | null }) {
  authorize(actor, 'media.write');
  const record = await loadSessionRecord(ctx, actor, input.sessionId);
  const lang = input.language === 'en' ? 'en' : 'zh';
  const written = writeRelease(record, lang);
  const title = lang === 'zh' ? `${record.group.name}举行集体学习` : `${record.group.nameEn ?? record.group.name} holds a collective study`;
  return createRelease(ctx, actor, { title, body: written.text, language: input.language, level: 'public', sessionId: input.sessionId, source: 'writer', slug: input.slug });
}

/** Changes the version being prepared. A changed text loses its review's standing and its approval: it needs a new review. */
export async function updateRelease(ctx: Context, actor: Actor, id: string, patch: ReleasePatch): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.write');
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadForWrite(trx, actor, id);
    const { release } = current;
    if (release.retracted_at) throw conflict('release_retracted');
    const latest = latestOf(current);
    const textChanges = patch.title !== undefined || patch.body !== undefined;
    const levelChanges = patch.level !== undefined && patch.level !== release.level;
    if ((textChanges || levelChanges) && !['draft', 'reviewed', 'approved'].includes(latest.state)) {
      throw conflict('release_wrong_state', { version: latest.version, state: latest.state });
    }
    if (levelChanges && release.live_version !== null) throw conflict('release_wrong_state', { version: release.live_version, state: 'published' });
    if (patch.slug !== undefined) await assertSlugFree(trx, patch.slug, id);
    const stamp = now();
    const title = patch.title ?? latest.title;
    const body = patch.body ?? latest.body;
    const digest = sha256(reviewedText({ title, body }));
    const changed = digest !== latest.text_sha256 || levelChanges;
    // The review stays linked (the register keeps it); it no longer covers the text when the digest differs.
    const state: ReleaseState = changed ? (digest === latest.reviewed_sha256 && !levelChanges ? 'reviewed' : 'draft') : (latest.state as ReleaseState);
    await trx
      .updateTable('media_release_versions')
      .set({
        title,
        body,
        text_sha256: digest,
        state,
        level: patch.level ?? release.level,
        ...(changed ? { approved_by_id: null, approved_by_name: null, approved_at: null } : {}),
        updated_at: stamp,
      })
      .where('id', '=', latest.id)
      .execute();
    await trx
      .updateTable('media_releases')
      .set({ state, level: patch.level ?? release.level, ...(patch.slug !== undefined ? { slug: patch.slug } : {}), updated_at: stamp })
      .where('id', '=', id)
      .execute();
    return {
      result: undefined,
      audit: {
        action: 'media_release.update',
        objectType: 'media_release',
        objectId: id,
        level: patch.level === 'internal' || release.level === 'internal' ? 'internal' : 'public',
        detail: { version: latest.version, sha256: digest, textChanged: digest !== latest.text_sha256, ...(levelChanges ? { level: patch.level } : {}), ...(patch.slug !== undefined ? { slug: patch.slug } : {}) },
      },
    };
  });
  return getUnaudited(ctx, id);
}

async function getUnaudited(ctx: Context, id: string): Promise<ReleaseWithVersions> {
  const release = await ctx.database.db.selectFrom('media_releases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { release, versions: await versionsOf(ctx.database.db, id) };
}

// ---------------------------------------------------------------- review

/**
 * Sends the version being prepared to the pre-publication review: the register's review of its
 * exact text (one review per text; a text reviewed before is linked to that review).
 */
export async function sendToReview(ctx: Context, actor: Actor, id: string): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.write');
  const current = await getRelease(ctx, actor, id);
  if (current.release.retracted_at) throw conflict('release_retracted');
  const latest = latestOf(current);
  if (latest.state !== 'draft') throw conflict('release_wrong_state', { version: latest.version, state: latest.state });
  let reviewId: string;
  try {
    reviewId = (await createReview(ctx, actor, { title: latest.title, text: reviewedText(latest), draftedBy: latest.drafted_by_name })).id;
  } catch (error) {
    const existing = error instanceof AppError && error.code === 'draft_already_reviewed' ? (error.details as { reviewId?: string }).reviewId : undefined;
    if (!existing) throw error;
    reviewId = existing;
  }
  await writeAudited(ctx, actor, async (trx) => {
    const again = await loadForWrite(trx, actor, id);
    const version = latestOf(again);
    const review = await trx.selectFrom('publication_reviews').select(['id', 'draft_sha256']).where('id', '=', reviewId).executeTakeFirstOrThrow();
    // The text changed while it was being scanned: the review covers the text it read, not this one.
    if (version.id !== latest.id || version.text_sha256 !== review.draft_sha256) throw conflict('release_text_changed', { version: version.version });
    const stamp = now();
    await trx
      .updateTable('media_release_versions')
      .set({ review_id: reviewId, reviewed_sha256: review.draft_sha256, reviewed_at: stamp, state: 'reviewed', updated_at: stamp })
      .where('id', '=', version.id)
      .execute();
    await trx.updateTable('media_releases').set({ state: 'reviewed', updated_at: stamp }).where('id', '=', id).execute();
    return {
      result: undefined,
      audit: { action: 'media_release.review', objectType: 'media_release', objectId: id, level: again.release.level, detail: { version: version.version, reviewId, sha256: review.draft_sha256 } },
    };
  });
  return getUnaudited(ctx, id);
}

/**
 * Every condition of publication, checked in the transaction that approves or publishes: public,
 * reviewed, the review bound to exactly this text, no ★ mark, no open finding, the review decided "publish".
 */
async function assertPublishable(trx: Trx, release: MediaRelease, version: MediaReleaseVersion): Promise<PublicationReview> {
  if (release.level !== 'public' || version.level !== 'public') throw unprocessable('release_not_public', { level: release.level === 'public' ? version.level : release.level });
  if (!version.review_id || !version.reviewed_sha256) throw conflict('release_not_reviewed', { version: version.version });
  const review = await trx.selectFrom('publication_reviews').selectAll().where('id', '=', version.review_id).executeTakeFirst();
  const digest = sha256(reviewedText(version));
  if (!review || review.draft_sha256 !== digest || version.reviewed_sha256 !== digest || version.text_sha256 !== digest) {
    throw conflict('release_text_changed', { version: version.version });
  }
  if (review.has_star_mark) throw unprocessable('release_star_mark', { version: version.version });
  const open = await trx
    .selectFrom('publication_review_findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('review_id', '=', review.id)
    .where('resolved', '=', 0)
    .where('blocking', '=', 1)
    .executeTakeFirstOrThrow();
  if (Number(open.n) > 0) throw unprocessable('release_open_findings', { version: version.version, count: Number(open.n) });
  if (review.outcome === null) throw conflict('release_review_undecided', { version: version.version });
  if (review.outcome !== 'publish') throw unprocessable('release_review_refused', { version: version.version, outcome: review.outcome });
  return review;
}

/** Approval by a propaganda officer or leader who neither wrote the release nor drafted this version. */
export async function approveRelease(ctx: Context, actor: Actor, id: string): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.approve');
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadForWrite(trx, actor, id);
    const { release } = current;
    if (release.retracted_at) throw conflict('release_retracted');
    const latest = latestOf(current);
    if (actor.id && (actor.id === latest.drafted_by_id || actor.id === release.author_id)) throw unprocessable('release_own_approval');
    if (latest.state !== 'reviewed' && latest.state !== 'draft') throw conflict('release_wrong_state', { version: latest.version, state: latest.state });
    const review = await assertPublishable(trx, release, latest);
    const stamp = now();
    await trx
      .updateTable('media_release_versions')
      .set({ approved_by_id: actor.id, approved_by_name: actor.name, approved_at: stamp, state: 'approved', updated_at: stamp })
      .where('id', '=', latest.id)
      .execute();
    await trx.updateTable('media_releases').set({ state: 'approved', updated_at: stamp }).where('id', '=', id).execute();
    return {
      result: undefined,
      audit: { action: 'media_release.approve', objectType: 'media_release', objectId: id, level: release.level, detail: { version: latest.version, reviewId: review.id, sha256: latest.text_sha256 } },
    };
  });
  return getUnaudited(ctx, id);
}

// ---------------------------------------------------------------- publication

/** What leaves the system about a release: its public text and where it is, never more. */
export function publicPayload(release: MediaRelease, version: MediaReleaseVersion, extra: Record<string, unknown> = {}) {
  return {
    level: 'public',
    title: version.title,
    body: version.body,
    language: release.language,
    version: version.version,
    publishedAt: version.published_at,
    firstPublishedAt: release.first_published_at,
    path: `/public/releases/${release.slug ?? release.id}`,
    ...extra,
  };
}

/**
 * Publishes one approved version in the given transaction: the gates again, the version before it
 * superseded, the release's live version moved, and the channels' event queued with it.
 */
async function publishInTrx(trx: Trx, release: MediaRelease, version: MediaReleaseVersion, by: { id: string | null; name: string }, stamp: string) {
  await assertPublishable(trx, release, version);
  if (!version.approved_by_id || !version.approved_at) throw conflict('release_not_approved', { version: version.version });
  const previous = release.live_version;
  if (previous !== null) {
    await trx.updateTable('media_release_versions').set({ state: 'superseded', superseded_at: stamp, updated_at: stamp }).where('release_id', '=', release.id).where('version', '=', previous).execute();
  }
  const published = await trx
    .updateTable('media_release_versions')
    .set({ state: 'published', published_at: stamp, published_by_id: by.id, published_by_name: by.name, updated_at: stamp })
    .where('id', '=', version.id)
    .where('state', 'in', ['approved', 'scheduled'])
    .returningAll()
    .executeTakeFirst();
  if (!published) return null;
  const firstPublishedAt = release.first_published_at ?? stamp;
  await trx
    .updateTable('media_releases')
    .set({ state: 'published', live_version: version.version, first_published_at: firstPublishedAt, updated_at: stamp })
    .where('id', '=', release.id)
    .execute();
  const kind = previous === null ? 'publish' : 'update';
  await queueReleaseEvent(trx, { kind, releaseId: release.id, version: version.version, payload: publicPayload({ ...release, first_published_at: firstPublishedAt }, published, previous === null ? {} : { supersedes: previous }) });
  return { kind, version: published };
}

/** Publishes the approved version now, or sets it to be published at a time to come. */
export async function publishRelease(ctx: Context, actor: Actor, id: string, input: { at?: string | null | undefined }): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.publish');
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadForWrite(trx, actor, id);
    const { release } = current;
    if (release.retracted_at) throw conflict('release_retracted');
    const latest = latestOf(current);
    if (latest.state === 'draft' || latest.state === 'reviewed') throw conflict('release_not_approved', { version: latest.version });
    if (latest.state !== 'approved') throw conflict('release_wrong_state', { version: latest.version, state: latest.state });
    const stamp = now();
    if (input.at) {
      const at = new Date(input.at);
      if (at.getTime() <= Date.now()) throw unprocessable('release_schedule_past', { at: input.at });
      await assertPublishable(trx, release, latest);
      await trx
        .updateTable('media_release_versions')
        .set({ state: 'scheduled', scheduled_at: at.toISOString(), published_by_id: actor.id, published_by_name: actor.name, updated_at: stamp })
        .where('id', '=', latest.id)
        .execute();
      await trx.updateTable('media_releases').set({ state: 'scheduled', updated_at: stamp }).where('id', '=', id).execute();
      return {
        result: undefined,
        audit: { action: 'media_release.schedule', objectType: 'media_release', objectId: id, level: release.level, detail: { version: latest.version, at: at.toISOString() } },
      };
    }
    const done = await publishInTrx(trx, release, latest, personOf(actor), stamp);
    return {
      result: undefined,
      audit: { action: 'media_release.publish', objectType: 'media_release', objectId: id, level: release.level, detail: { version: latest.version, event: done?.kind ?? null, sha256: latest.text_sha256 } },
    };
  });
  return getUnaudited(ctx, id);
}

/** A scheduled version goes back to approved (not published at its time). */
export async function unscheduleRelease(ctx: Context, actor: Actor, id: string): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.publish');
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadForWrite(trx, actor, id);
    const latest = latestOf(current);
    if (latest.state !== 'scheduled') throw conflict('release_wrong_state', { version: latest.version, state: latest.state });
    const stamp = now();
    await trx.updateTable('media_release_versions').set({ state: 'approved', scheduled_at: null, published_by_id: null, published_by_name: null, updated_at: stamp }).where('id', '=', latest.id).execute();
    await trx.updateTable('media_releases').set({ state: 'approved', updated_at: stamp }).where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'media_release.unschedule', objectType: 'media_release', objectId: id, level: current.release.level, detail: { version: latest.version } } };
  });
  return getUnaudited(ctx, id);
}

/**
 * Publishes one scheduled version whose time has come, as the person who scheduled it; null when it
 * was already published (by another process) or no longer scheduled. A gate that fails now (the
 * review changed, the level went up) sends it back to approved, audited.
 */
export async function publishScheduled(ctx: Context, versionId: string, actor: Actor, at: Date) {
  return writeAudited(ctx, actor, async (trx) => {
    const version = await trx.selectFrom('media_release_versions').selectAll().where('id', '=', versionId).where('state', '=', 'scheduled').executeTakeFirst();
    if (!version) return { result: null, audit: [] };
    const release = await trx.selectFrom('media_releases').selectAll().where('id', '=', version.release_id).executeTakeFirstOrThrow();
    if (release.retracted_at || release.latest_version !== version.version) return { result: null, audit: [] };
    try {
      const done = await publishInTrx(trx, release, version, { id: version.published_by_id, name: version.published_by_name ?? actor.name }, at.toISOString());
      if (!done) return { result: null, audit: [] };
      return {
        result: done.kind,
        audit: { action: 'media_release.publish', objectType: 'media_release', objectId: release.id, level: release.level, detail: { version: version.version, event: done.kind, scheduledAt: version.scheduled_at, scheduledBy: version.published_by_name } },
      };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const stamp = now();
      await trx.updateTable('media_release_versions').set({ state: 'approved', scheduled_at: null, updated_at: stamp }).where('id', '=', version.id).execute();
      await trx.updateTable('media_releases').set({ state: 'approved', updated_at: stamp }).where('id', '=', release.id).execute();
      return {
        result: null,
        audit: { action: 'media_release.schedule_refused', objectType: 'media_release', objectId: release.id, level: release.level, detail: { version: version.version, code: error.code } },
      };
    }
  });
}

/** Takes a published release off the public pages and feeds at once, with the reason; the channels are told. */
export async function retractRelease(ctx: Context, actor: Actor, id: string, reason: string): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.publish');
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadForWrite(trx, actor, id);
    const { release } = current;
    if (release.retracted_at) throw conflict('release_retracted');
    if (release.live_version === null) throw conflict('release_not_live');
    const stamp = now();
    const live = current.versions.find((v) => v.version === release.live_version)!;
    // The live version and any version still on its way out are retracted with the release.
    await trx
      .updateTable('media_release_versions')
      .set({ state: 'retracted', updated_at: stamp })
      .where('release_id', '=', id)
      .where('state', 'in', ['published', 'scheduled', 'approved', 'reviewed', 'draft'])
      .execute();
    await trx
      .updateTable('media_releases')
      .set({ state: 'retracted', retracted_at: stamp, retracted_by_id: actor.id, retracted_by_name: actor.name, retract_reason: reason, updated_at: stamp })
      .where('id', '=', id)
      .execute();
    await queueReleaseEvent(trx, {
      kind: 'retract',
      releaseId: id,
      version: live.version,
      payload: { level: 'public', title: live.title, language: release.language, version: live.version, path: `/public/releases/${release.slug ?? release.id}`, retractedAt: stamp, reason },
    });
    return { result: undefined, audit: { action: 'media_release.retract', objectType: 'media_release', objectId: id, level: release.level, detail: { version: live.version, reason } } };
  });
  return getUnaudited(ctx, id);
}

/** A correction of a published release: a new version, drafted, reviewed and approved again; published, it supersedes the one before. */
export async function newVersion(ctx: Context, actor: Actor, id: string, input: { title: string; body: string; note: string }): Promise<ReleaseWithVersions> {
  authorize(actor, 'media.write');
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadForWrite(trx, actor, id);
    const { release } = current;
    if (release.retracted_at) throw conflict('release_retracted');
    const latest = latestOf(current);
    if (latest.state !== 'published') throw conflict('release_version_open', { version: latest.version, state: latest.state });
    const stamp = now();
    const version = await insertVersion(trx, { releaseId: id, version: latest.version + 1, title: input.title, body: input.body, level: release.level, actor, note: input.note, stamp });
    await trx.updateTable('media_releases').set({ state: 'draft', latest_version: version.version, updated_at: stamp }).where('id', '=', id).execute();
    return {
      result: undefined,
      audit: { action: 'media_release.new_version', objectType: 'media_release', objectId: id, level: release.level, detail: { version: version.version, note: input.note, sha256: version.text_sha256 } },
    };
  });
  return getUnaudited(ctx, id);
}

// ---------------------------------------------------------------- public

export interface PublicRelease {
  id: string;
  key: string;
  language: ReleaseLanguage;
  title: string;
  body: string;
  version: number;
  publishedAt: string;
  firstPublishedAt: string;
}

/**
 * The releases anyone may read: public, not retracted, and only the live version of each (a
 * superseded version is never shown). This query is the only way the public pages and feeds read
 * releases.
 */
function publicQuery(db: Executor) {
  return db
    .selectFrom('media_releases as r')
    .innerJoin('media_release_versions as v', (join) => join.onRef('v.release_id', '=', 'r.id').onRef('v.version', '=', 'r.live_version'))
    .where('r.level', '=', 'public')
    .where('v.level', '=', 'public')
    .where('r.retracted_at', 'is', null)
    .where('v.state', '=', 'published')
    .where('v.published_at', 'is not', null)
    .select(['r.id', 'r.slug', 'r.language', 'r.first_published_at', 'v.title', 'v.body', 'v.version', 'v.published_at']);
}

type PublicRow = Awaited<ReturnType<ReturnType<typeof publicQuery>['execute']>>[number];
const toPublic = (row: PublicRow): PublicRelease => ({
  id: row.id,
  key: row.slug ?? row.id,
  language: row.language,
  title: row.title,
  body: row.body,
  version: Number(row.version),
  publishedAt: row.published_at!,
  firstPublishedAt: row.first_published_at ?? row.published_at!,
});

export async function publicReleases(db: Executor, limit = 50): Promise<PublicRelease[]> {
  const rows = await publicQuery(db).orderBy('r.first_published_at', 'desc').orderBy('r.id').limit(limit).execute();
  return rows.map(toPublic);
}

export async function publicRelease(db: Executor, key: string): Promise<PublicRelease | null> {
  const row = await publicQuery(db)
    .where((eb) => eb.or([eb('r.slug', '=', key), eb('r.id', '=', key)]))
    .executeTakeFirst();
  return row ? toPublic(row) : null;
}
