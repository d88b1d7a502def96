import type { Context } from '../context.ts';
import type { AssessmentIndicator, AssessmentScheme } from '../db/assessment-tables.ts';
import type { Executor, Trx } from '../db/database.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import type { Level } from '../security/levels.ts';
import { assertMayClassify, authorize, readableLevels } from '../security/policy.ts';
import { knownIds } from '../security/reads.ts';
import { KINDS, parseParams, type IndicatorKind, type SubjectType } from './kinds.ts';
import type { SchemeInput, SchemePatch } from './schemas.ts';

/**
 * Assessment schemes: one a year, each a list of weighted indicators whose weights add up to its
 * full score, and the units and leaders it assesses. A scheme holds figures about units and people,
 * so it is kept at internal level.
 */
export const SCHEME_LEVEL: Level = 'internal';

export interface SchemeDetail {
  scheme: AssessmentScheme;
  indicators: (AssessmentIndicator & { parsed: Record<string, unknown> })[];
  unitIds: string[];
  leaderPersonIds: string[];
}

/** Checks the indicators a person typed and says, in words they can act on, what to change. */
function checkIndicators(fullScore: number, indicators: SchemeInput['indicators']): { kind: IndicatorKind; area: string; name: string; weight: number; params: Record<string, unknown> }[] {
  if (!(fullScore > 0)) throw badRequest('full_score_not_positive', { fullScore }, { field: 'fullScore' });
  if (indicators.length === 0) throw badRequest('indicators_required', {}, { field: 'indicators' });
  const checked = indicators.map((input, i) => {
    const info = KINDS[input.kind];
    const name = input.name ?? info.label.zh;
    if (!(input.weight > 0)) throw badRequest('indicator_weight_not_positive', { number: i + 1, name, weight: input.weight }, { field: `indicators.${i}.weight` });
    const params = parseParams(input.kind, input.params);
    if (!params.ok) throw badRequest('indicator_params_invalid', { number: i + 1, name, problem: params.problem }, { field: `indicators.${i}.params` });
    return { kind: input.kind, area: input.area ?? info.area, name, weight: input.weight, params: params.value };
  });
  const sum = Math.round(checked.reduce((n, c) => n + c.weight, 0) * 100) / 100;
  if (Math.abs(sum - fullScore) > 0.001) {
    const gap = Math.round((fullScore - sum) * 100) / 100;
    throw badRequest(gap > 0 ? 'weights_below_full_score' : 'weights_above_full_score', { sum, fullScore, gap: Math.abs(gap) }, { field: 'indicators', sum, fullScore });
  }
  return checked;
}

/** Every assessed unit and leader exists and the writer may know it; a hidden one is answered like a missing one. */
async function checkSubjects(db: Executor, actor: Actor, type: SubjectType, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const known = await knownIds(db, actor, type === 'unit' ? 'unit' : 'person', unique);
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length > 0) {
    const field = type === 'unit' ? 'unitIds' : 'leaderPersonIds';
    throw badRequest('subjects_not_found', { type, missing: missing.length > 5 ? [...missing.slice(0, 5), '…'] : missing }, { field, missing });
  }
  return unique;
}

async function writeParts(trx: Trx, schemeId: string, indicators: ReturnType<typeof checkIndicators> | null, units: string[] | null, leaders: string[] | null): Promise<void> {
  if (indicators) {
    await trx.deleteFrom('assessment_indicators').where('scheme_id', '=', schemeId).execute();
    await trx
      .insertInto('assessment_indicators')
      .values(indicators.map((c, i) => ({ id: newId(), scheme_id: schemeId, area: c.area, name: c.name, kind: c.kind, weight: c.weight, params: JSON.stringify(c.params), sort_order: i })))
      .execute();
  }
  for (const [type, ids] of [['unit', units], ['leader', leaders]] as const) {
    if (!ids) continue;
    await trx.deleteFrom('assessment_subjects').where('scheme_id', '=', schemeId).where('subject_type', '=', type).execute();
    for (let i = 0; i < ids.length; i += 500) {
      await trx.insertInto('assessment_subjects').values(ids.slice(i, i + 500).map((id) => ({ scheme_id: schemeId, subject_type: type, subject_id: id }))).execute();
    }
  }
}

export async function loadScheme(db: Executor, actor: Actor, id: string): Promise<SchemeDetail> {
  const scheme = await db.selectFrom('assessment_schemes').selectAll().where('id', '=', id).where('level', 'in', readableLevels(actor)).executeTakeFirst();
  if (!scheme) throw notFound('assessment_scheme', id);
  const indicators = await db.selectFrom('assessment_indicators').selectAll().where('scheme_id', '=', id).orderBy('sort_order').execute();
  const subjects = await db.selectFrom('assessment_subjects').select(['subject_type', 'subject_id']).where('scheme_id', '=', id).orderBy('subject_id').execute();
  return {
    scheme,
    indicators: indicators.map((i) => ({ ...i, weight: Number(i.weight), parsed: JSON.parse(i.params) as Record<string, unknown> })),
    unitIds: subjects.filter((s) => s.subject_type === 'unit').map((s) => s.subject_id),
    leaderPersonIds: subjects.filter((s) => s.subject_type === 'leader').map((s) => s.subject_id),
  };
}

export async function listSchemes(ctx: Context, actor: Actor): Promise<AssessmentScheme[]> {
  authorize(actor, 'assessment.read');
  return ctx.database.db.selectFrom('assessment_schemes').selectAll().where('level', 'in', readableLevels(actor)).orderBy('year', 'desc').execute();
}

export async function createScheme(ctx: Context, actor: Actor, input: SchemeInput): Promise<string> {
  authorize(actor, 'assessment.manage');
  assertMayClassify(actor, SCHEME_LEVEL, ctx.settings.ceiling);
  const indicators = checkIndicators(input.fullScore, input.indicators);
  return writeAudited(ctx, actor, async (trx) => {
    const units = await checkSubjects(trx, actor, 'unit', input.unitIds);
    const leaders = await checkSubjects(trx, actor, 'leader', input.leaderPersonIds);
    const existing = await trx.selectFrom('assessment_schemes').select('id').where('year', '=', input.year).executeTakeFirst();
    if (existing) throw conflict('scheme_year_exists', { year: input.year }, { schemeId: existing.id });
    const id = newId();
    const stamp = now();
    await trx
      .insertInto('assessment_schemes')
      .values({ id, year: input.year, title: input.title, full_score: input.fullScore, level: SCHEME_LEVEL, created_by: actor.id, created_at: stamp, updated_at: stamp })
      .execute();
    await writeParts(trx, id, indicators, units, leaders);
    return {
      result: id,
      audit: { action: 'assessment_scheme.create', objectType: 'assessment_scheme', objectId: id, level: SCHEME_LEVEL, detail: { year: input.year, indicators: indicators.length, units: units.length, leaders: leaders.length } },
    };
  });
}

export async function updateScheme(ctx: Context, actor: Actor, id: string, patch: SchemePatch): Promise<void> {
  authorize(actor, 'assessment.manage');
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadScheme(trx, actor, id);
    const fullScore = patch.fullScore ?? Number(current.scheme.full_score);
    // A new full score or a new list is checked against the other: the weights must still add up.
    const indicators =
      patch.indicators !== undefined || patch.fullScore !== undefined
        ? checkIndicators(
            fullScore,
            patch.indicators ?? current.indicators.map((i) => ({ kind: i.kind as IndicatorKind, area: i.area as 'duties', name: i.name, weight: i.weight, params: i.parsed })),
          )
        : null;
    const units = patch.unitIds ? await checkSubjects(trx, actor, 'unit', patch.unitIds) : null;
    const leaders = patch.leaderPersonIds ? await checkSubjects(trx, actor, 'leader', patch.leaderPersonIds) : null;
    await trx
      .updateTable('assessment_schemes')
      .set({ ...(patch.title !== undefined && { title: patch.title }), full_score: fullScore, updated_at: now() })
      .where('id', '=', id)
      .execute();
    await writeParts(trx, id, indicators, units, leaders);
    return { result: undefined, audit: { action: 'assessment_scheme.update', objectType: 'assessment_scheme', objectId: id, level: SCHEME_LEVEL, detail: { fields: Object.keys(patch) } } };
  });
}

export async function deleteScheme(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'assessment.manage');
  await writeAudited(ctx, actor, async (trx) => {
    const current = await loadScheme(trx, actor, id);
    const published = await trx.selectFrom('assessment_publications').select('version').where('scheme_id', '=', id).executeTakeFirst();
    if (published) throw conflict('scheme_kept_with_result', { year: current.scheme.year });
    for (const table of ['assessment_adjustments', 'assessment_subjects', 'assessment_indicators'] as const) await trx.deleteFrom(table).where('scheme_id', '=', id).execute();
    await trx.deleteFrom('assessment_schemes').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'assessment_scheme.delete', objectType: 'assessment_scheme', objectId: id, level: SCHEME_LEVEL, detail: { year: current.scheme.year } } };
  });
}
