import type { Context } from '../context.ts';
import type { AssessmentAdjustment } from '../db/assessment-tables.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { mayKnow } from '../security/reads.ts';
import type { SubjectType } from './kinds.ts';
import type { AdjustmentInput } from './schemas.ts';
import { SCHEME_LEVEL, loadScheme } from './schemes.ts';

/**
 * Manual items (加分/扣分): points the office adds or takes off a unit's or leader's score, each
 * with its reason and evidence, entered and withdrawn as audited writes. A withdrawn item is gone
 * from the live score, but a result already published keeps it (src/assessment/publications.ts).
 */
export async function listAdjustments(ctx: Context, actor: Actor, schemeId: string, subject?: { type: SubjectType; id: string }): Promise<AssessmentAdjustment[]> {
  authorize(actor, 'assessment.read');
  await loadScheme(ctx.database.db, actor, schemeId);
  let query = ctx.database.db.selectFrom('assessment_adjustments').selectAll().where('scheme_id', '=', schemeId).where('level', 'in', readableLevels(actor));
  if (subject) query = query.where('subject_type', '=', subject.type).where('subject_id', '=', subject.id);
  return (await query.orderBy('created_at').execute()).map((a) => ({ ...a, points: Number(a.points) }));
}

export async function addAdjustment(ctx: Context, actor: Actor, schemeId: string, input: AdjustmentInput): Promise<string> {
  authorize(actor, 'assessment.manage');
  if (!(input.points > 0) || input.points > 100) {
    throw badRequest('points_out_of_range', { kind: input.kind, points: input.points }, { field: 'points' });
  }
  return writeAudited(ctx, actor, async (trx) => {
    const { scheme, unitIds, leaderPersonIds } = await loadScheme(trx, actor, schemeId);
    const assessed = input.subjectType === 'unit' ? unitIds : leaderPersonIds;
    if (!assessed.includes(input.subjectId) || !(await mayKnow(trx, actor, input.subjectType === 'unit' ? 'unit' : 'person', input.subjectId))) {
      throw badRequest('subject_not_in_scheme', { year: scheme.year, subject: input.subjectType === 'unit' ? 'unit' : 'leader' }, { field: 'subjectId' });
    }
    if (!input.onDay.startsWith(`${scheme.year}-`)) throw badRequest('item_day_outside_year', { year: scheme.year }, { field: 'onDay' });
    const id = newId();
    await trx
      .insertInto('assessment_adjustments')
      .values({
        id,
        scheme_id: schemeId,
        subject_type: input.subjectType,
        subject_id: input.subjectId,
        kind: input.kind,
        points: input.points,
        reason: input.reason,
        evidence: input.evidence,
        on_day: input.onDay,
        entered_by: actor.id,
        entered_by_name: actor.name,
        level: SCHEME_LEVEL,
        created_at: now(),
      })
      .execute();
    return {
      result: id,
      audit: { action: `assessment_adjustment.${input.kind}`, objectType: 'assessment_adjustment', objectId: id, level: SCHEME_LEVEL, detail: { schemeId, subjectType: input.subjectType, subjectId: input.subjectId, points: input.points, reason: input.reason } },
    };
  });
}

export async function deleteAdjustment(ctx: Context, actor: Actor, id: string, reason: string): Promise<void> {
  authorize(actor, 'assessment.manage');
  await writeAudited(ctx, actor, async (trx) => {
    const row = await trx.selectFrom('assessment_adjustments').selectAll().where('id', '=', id).where('level', 'in', readableLevels(actor)).executeTakeFirst();
    if (!row) throw notFound('assessment_item', id);
    await trx.deleteFrom('assessment_adjustments').where('id', '=', id).execute();
    return {
      result: undefined,
      audit: { action: 'assessment_adjustment.withdraw', objectType: 'assessment_adjustment', objectId: id, level: SCHEME_LEVEL, detail: { schemeId: row.scheme_id, kind: row.kind, points: Number(row.points), subjectId: row.subject_id, reason } },
    };
  });
}
