import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { auditRead } from '../security/audit.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { mayKnow } from '../security/reads.ts';
import type { SubjectType } from './kinds.ts';
import { computeResult, type AssessmentResult } from './scores.ts';
import { SCHEME_LEVEL, loadScheme } from './schemes.ts';

/**
 * A subject's totals year by year: a year whose result is published shows its latest published
 * version (what was announced), any other year its live score, and says which.
 */
export async function trendOf(ctx: Context, actor: Actor, type: SubjectType, subjectId: string) {
  authorize(actor, 'assessment.read');
  if (!(await mayKnow(ctx.database.db, actor, type === 'unit' ? 'unit' : 'person', subjectId))) throw notFound(type === 'unit' ? 'unit' : 'person', subjectId);
  const schemes = await ctx.database.db.selectFrom('assessment_schemes').select(['id', 'year']).where('level', 'in', readableLevels(actor)).orderBy('year').execute();
  const items = [];
  for (const s of schemes) {
    const pub = await ctx.database.db.selectFrom('assessment_publications').select(['result', 'version']).where('scheme_id', '=', s.id).orderBy('version', 'desc').executeTakeFirst();
    let result: AssessmentResult;
    if (pub) result = JSON.parse(pub.result) as AssessmentResult;
    else {
      const detail = await loadScheme(ctx.database.db, actor, s.id);
      if (!(type === 'unit' ? detail.unitIds : detail.leaderPersonIds).includes(subjectId)) continue;
      result = await computeResult(ctx.database.db, detail, undefined, [type]);
    }
    const score = result.subjects[type].find((x) => x.subject.id === subjectId);
    if (!score) continue;
    items.push({ year: s.year, schemeId: s.id, total: score.total, fullScore: result.scheme.fullScore, rank: score.rank, of: result.subjects[type].length, publishedVersion: pub?.version ?? null, byArea: score.byArea });
  }
  await auditRead(ctx.database, actor, { action: 'assessment.trend', objectType: type === 'unit' ? 'unit' : 'person', objectId: subjectId, level: SCHEME_LEVEL });
  return { subjectType: type, items };
}
