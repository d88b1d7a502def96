import type { Context } from '../context.ts';
import { writeAudited } from '../db/write.ts';
import { badRequest } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { GENESIS, canonicalJson, hashLink } from '../security/audit-chain.ts';
import { auditRead } from '../security/audit.ts';
import { authorize } from '../security/policy.ts';
import { computeResult, type AssessmentResult } from './scores.ts';
import { SCHEME_LEVEL, loadScheme } from './schemes.ts';

/**
 * Publishing a year's result (公布考核结果): the result is computed once more, over the whole year,
 * and frozen as canonical JSON. Its SHA-256 covers the previous version's hash, the result, who
 * published it and when, and the reason, so a published result is read back exactly as it was,
 * whatever happens to the records afterwards, and any change to a stored copy breaks the chain.
 * A second version needs a reason, which the chain keeps.
 */
interface Signed {
  schemeId: string;
  version: number;
  reason: string | null;
  publishedBy: string | null;
  publishedByName: string;
  publishedAt: string;
  result: AssessmentResult;
}

function signedHash(prevHash: string, s: Signed): string {
  return hashLink(prevHash, canonicalJson(s));
}

export async function publishResult(ctx: Context, actor: Actor, schemeId: string, reason: string | undefined): Promise<{ version: number; hash: string }> {
  authorize(actor, 'assessment.manage');
  return writeAudited(ctx, actor, async (trx) => {
    const detail = await loadScheme(trx, actor, schemeId);
    const last = await trx.selectFrom('assessment_publications').select(['version', 'hash']).where('scheme_id', '=', schemeId).orderBy('version', 'desc').executeTakeFirst();
    if (last && !reason) {
      throw badRequest('version_already_published', { version: last.version, year: detail.scheme.year }, { field: 'reason' });
    }
    const result = await computeResult(trx, detail, `${detail.scheme.year}-12-31`);
    const signed: Signed = {
      schemeId,
      version: (last?.version ?? 0) + 1,
      reason: reason ?? null,
      publishedBy: actor.id,
      publishedByName: actor.name,
      publishedAt: now(),
      result,
    };
    const prevHash = last?.hash ?? GENESIS;
    const hash = signedHash(prevHash, signed);
    await trx
      .insertInto('assessment_publications')
      .values({
        id: newId(),
        scheme_id: schemeId,
        year: detail.scheme.year,
        version: signed.version,
        reason: signed.reason,
        result: canonicalJson(result),
        prev_hash: prevHash,
        hash,
        published_by: actor.id,
        published_by_name: actor.name,
        published_at: signed.publishedAt,
        level: SCHEME_LEVEL,
      })
      .execute();
    return {
      result: { version: signed.version, hash },
      audit: { action: 'assessment.publish', objectType: 'assessment_scheme', objectId: schemeId, level: SCHEME_LEVEL, detail: { year: detail.scheme.year, version: signed.version, hash, reason: signed.reason } },
    };
  });
}

/** Every published version with whether its hash still matches what is stored (the chain from the first). */
export async function listPublications(ctx: Context, actor: Actor, schemeId: string) {
  authorize(actor, 'assessment.read');
  await loadScheme(ctx.database.db, actor, schemeId);
  const rows = await ctx.database.db.selectFrom('assessment_publications').selectAll().where('scheme_id', '=', schemeId).orderBy('version').execute();
  await auditRead(ctx.database, actor, { action: 'assessment.publications', objectType: 'assessment_scheme', objectId: schemeId, level: SCHEME_LEVEL });
  let prevHash = GENESIS;
  return rows.map((r) => {
    const expected = signedHash(prevHash, {
      schemeId,
      version: r.version,
      reason: r.reason,
      publishedBy: r.published_by,
      publishedByName: r.published_by_name,
      publishedAt: r.published_at,
      result: JSON.parse(r.result) as AssessmentResult,
    });
    const intact = r.prev_hash === prevHash && r.hash === expected;
    prevHash = r.hash;
    return { version: r.version, reason: r.reason, hash: r.hash, prevHash: r.prev_hash, publishedByName: r.published_by_name, publishedAt: r.published_at, intact };
  });
}
