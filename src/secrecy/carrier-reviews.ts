import type { Context } from '../context.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { CarrierReview } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { conflict, notFound, unprocessable } from '../errors.ts';
import { now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { isStateSecret } from '../security/levels.ts';
import { authorize, canRead, readableLevels } from '../security/policy.ts';
import { auditListRead } from '../security/reads.ts';
import { DECLASSIFIED_MARK, carrierMark } from './carriers.ts';
import { parseMark } from './marks.ts';
import { refreshFingerprints } from './review/fingerprints.ts';
import { RECORD_LEVEL, localDay } from './records-common.ts';
import type { ReviewDecisionInput } from './records-schemas.ts';

export type ReviewRow = CarrierReview & { title: string; number: string | null; mark: string; period_end: string | null; carrier_level: string };

const SORTABLE = { year: 'carrier_reviews.year', title: 'carriers.title', periodEnd: 'carriers.period_end', createdAt: 'carrier_reviews.created_at' };

export async function listReviews(ctx: Context, actor: Actor, params: ListParams, filters: { year?: number | undefined; status?: string | undefined; carrierId?: string | undefined }) {
  authorize(actor, 'secrecy.read');
  const levels = readableLevels(actor);
  let query = ctx.database.db
    .selectFrom('carrier_reviews')
    .innerJoin('carriers', 'carriers.id', 'carrier_reviews.carrier_id')
    .where('carrier_reviews.level', 'in', levels)
    .where('carriers.level', 'in', levels);
  if (filters.year) query = query.where('carrier_reviews.year', '=', filters.year);
  if (filters.status) query = query.where('carrier_reviews.status', '=', filters.status);
  if (filters.carrierId) query = query.where('carrier_reviews.carrier_id', '=', filters.carrierId);
  const page = await paginate(
    query,
    (qb) => qb.selectAll('carrier_reviews').select(['carriers.title', 'carriers.number', 'carriers.mark', 'carriers.period_end', 'carriers.carrier_level']),
    params,
    SORTABLE,
    { sort: 'periodEnd', idColumn: 'carrier_reviews.id' },
  );
  const items = page.items as ReviewRow[];
  await auditListRead(ctx, actor, 'carrier_review', 'list', items);
  return { ...page, items };
}

/**
 * Records the yearly review's decision on a carrier, with the decider:
 * - keep: the mark stays;
 * - change: a new mark (another level or period), its end counted from the original issue date;
 * - extend: a longer period at the same level, decided only before the current period ends;
 * - declassify: declassified today, ahead of its period.
 * `at` is the decision's instant (the clock is injectable for tests).
 */
export async function decideReview(ctx: Context, actor: Actor, id: string, input: ReviewDecisionInput, at: Date = new Date()): Promise<ReviewRow> {
  authorize(actor, 'secrecy.manage');
  const today = localDay(at);
  await writeAudited(ctx, actor, async (trx) => {
    const review = await trx.selectFrom('carrier_reviews').selectAll().where('id', '=', id).executeTakeFirst();
    if (!review || !canRead(actor, review)) throw notFound('carrier_review', id);
    if (review.status !== 'open') throw conflict(review.decision ? 'carrier_review_decided' : 'carrier_review_done', { year: review.year, status: review.status, decision: review.decision });
    const carrier = await trx.selectFrom('carriers').selectAll().where('id', '=', review.carrier_id).executeTakeFirstOrThrow();
    if (!isStateSecret(carrier.carrier_level)) {
      throw conflict('carrier_declassified', { title: carrier.title, declassified_on: carrier.declassified_on });
    }
    const stamp = now();
    let change: { carrier_level?: typeof carrier.carrier_level; mark: string; period_end: string | null; declassified_on?: string } | null = null;
    if (input.decision === 'change' || input.decision === 'extend') {
      if (!input.mark) throw unprocessable('mark_required', { decision: input.decision });
      const next = carrierMark(input.mark, null, carrier.issued_on);
      if (input.decision === 'extend') {
        if (carrier.period_end && today >= carrier.period_end) {
          throw unprocessable('period_ended', { title: carrier.title, periodEnd: carrier.period_end }, { periodEnd: carrier.period_end, today });
        }
        if (parseMark(carrier.mark).period.kind === 'long_term') {
          throw unprocessable('not_extendable', { title: carrier.title, mark: carrier.mark });
        }
        if (next.mark.level !== carrier.carrier_level) {
          throw unprocessable('level_changed');
        }
        const longer = next.mark.period.kind === 'long_term' || (next.end !== null && (carrier.period_end === null || next.end > carrier.period_end));
        if (!longer) {
          throw unprocessable('not_longer', { text: next.text, current: carrier.period_end ?? carrier.mark });
        }
      } else if (next.end !== null && next.end <= today) {
        throw unprocessable('already_ended', { text: next.text, end: next.end });
      }
      change = { carrier_level: next.mark.level, mark: next.text, period_end: next.end };
    } else if (input.decision === 'declassify') {
      change = { carrier_level: 'internal', mark: DECLASSIFIED_MARK, period_end: carrier.period_end, declassified_on: today };
    }
    if (change) await trx.updateTable('carriers').set({ ...change, updated_at: stamp }).where('id', '=', carrier.id).execute();
    await trx
      .updateTable('carrier_reviews')
      .set({
        status: 'decided',
        decision: input.decision,
        new_mark: change?.mark ?? null,
        note: input.note ?? null,
        decided_by: actor.id,
        decided_by_name: actor.name,
        decided_at: at.toISOString(),
        updated_at: stamp,
      })
      .where('id', '=', id)
      .execute();
    await refreshFingerprints(trx, { type: 'carrier_review', id });
    const audit = [
      { action: 'carrier_review.decide', objectType: 'carrier_review', objectId: id, level: RECORD_LEVEL, detail: { decision: input.decision, from: carrier.mark, to: change?.mark ?? carrier.mark, note: input.note ?? null } },
      ...(change
        ? [{ action: input.decision === 'declassify' ? 'carrier.declassify' : 'carrier.reclassify', objectType: 'carrier', objectId: carrier.id, level: RECORD_LEVEL, detail: { reviewId: id, from: carrier.mark, to: change.mark, periodEnd: change.period_end } }]
        : []),
    ];
    return { result: undefined, audit };
  });
  const row = await ctx.database.db
    .selectFrom('carrier_reviews')
    .innerJoin('carriers', 'carriers.id', 'carrier_reviews.carrier_id')
    .selectAll('carrier_reviews')
    .select(['carriers.title', 'carriers.number', 'carriers.mark', 'carriers.period_end', 'carriers.carrier_level'])
    .where('carrier_reviews.id', '=', id)
    .executeTakeFirstOrThrow();
  return row as ReviewRow;
}
