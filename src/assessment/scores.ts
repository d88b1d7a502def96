import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { auditRead } from '../security/audit.ts';
import { joinedNames, type JoinedName } from '../security/joined-names.ts';
import { authorize } from '../security/policy.ts';
import { FactIndex, round2, scoreSubject, type SubjectScore } from './compute.ts';
import { showRecords, type ShownRecord } from './drilldown.ts';
import { loadFacts, periodOf, type Period } from './facts.ts';
import { AREA_LABELS, KINDS, type Area, type IndicatorKind, type SubjectType } from './kinds.ts';
import { SCHEME_LEVEL, loadScheme, type SchemeDetail } from './schemes.ts';

/**
 * A year's result: every assessed unit and leader scored and ranked, with the indicators and the
 * manual items it used. The live result is computed from today's records; a published one is this
 * same shape frozen (src/assessment/publications.ts), so both are shown by the same presenters.
 */
export interface ResultAdjustment {
  id: string;
  subjectType: string;
  subjectId: string;
  kind: string;
  points: number;
  reason: string;
  evidence: string;
  onDay: string;
  enteredByName: string;
  createdAt: string;
}

export interface RankedScore extends SubjectScore {
  rank: number;
}

export interface AssessmentResult {
  scheme: { id: string; year: number; title: string; fullScore: number };
  period: Period;
  indicators: { id: string; kind: string; area: string; name: string; weight: number; params: Record<string, unknown> }[];
  subjects: Record<SubjectType, RankedScore[]>;
  adjustments: ResultAdjustment[];
}

export function todayInChina(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** Ranks by total, highest first; equal totals share a rank (1, 2, 2, 4). */
function rank(scores: SubjectScore[]): RankedScore[] {
  const sorted = [...scores].sort((a, b) => b.total - a.total || a.subject.id.localeCompare(b.subject.id));
  let previous: RankedScore | undefined;
  return sorted.map((s, i) => (previous = { ...s, rank: previous && previous.total === s.total ? previous.rank : i + 1 }));
}

/** Scores every subject of the scheme from the records as they are now. */
export async function computeResult(db: Executor, detail: SchemeDetail, asOf?: string, types: readonly SubjectType[] = ['unit', 'leader']): Promise<AssessmentResult> {
  const { scheme } = detail;
  const period = periodOf(scheme.year, asOf, todayInChina());
  const index = new FactIndex(await loadFacts(db, period));
  const adjustmentRows = await db.selectFrom('assessment_adjustments').selectAll().where('scheme_id', '=', scheme.id).where('on_day', '<=', period.to).orderBy('created_at').execute();
  const adjustments: ResultAdjustment[] = adjustmentRows.map((a) => ({
    id: a.id,
    subjectType: a.subject_type,
    subjectId: a.subject_id,
    kind: a.kind,
    points: Number(a.points),
    reason: a.reason,
    evidence: a.evidence,
    onDay: a.on_day,
    enteredByName: a.entered_by_name,
    createdAt: a.created_at,
  }));
  const bySubject = new Map<string, ResultAdjustment[]>();
  for (const a of adjustments) bySubject.set(`${a.subjectType}:${a.subjectId}`, [...(bySubject.get(`${a.subjectType}:${a.subjectId}`) ?? []), a]);
  const indicators = detail.indicators.map((i) => ({ row: i, params: i.parsed }));
  const subjects: Record<SubjectType, RankedScore[]> = { unit: [], leader: [] };
  for (const type of types) {
    const ids = type === 'unit' ? detail.unitIds : detail.leaderPersonIds;
    subjects[type] = rank(ids.map((id) => scoreSubject(index, { type, id }, indicators, bySubject.get(`${type}:${id}`) ?? [])));
  }
  return {
    scheme: { id: scheme.id, year: scheme.year, title: scheme.title, fullScore: Number(scheme.full_score) },
    period,
    indicators: detail.indicators.map((i) => ({ id: i.id, kind: i.kind, area: i.area, name: i.name, weight: i.weight, params: i.parsed })),
    subjects,
    adjustments,
  };
}

/** The live result, or a published version of it, for a reader allowed to see the scheme. */
export async function resultFor(ctx: Context, actor: Actor, schemeId: string, options: { asOf?: string | undefined; version?: number | undefined; types?: readonly SubjectType[] }): Promise<{ result: AssessmentResult; published: { version: number; hash: string; publishedAt: string } | null }> {
  authorize(actor, 'assessment.read');
  const detail = await loadScheme(ctx.database.db, actor, schemeId);
  await auditRead(ctx.database, actor, { action: 'assessment.read', objectType: 'assessment_scheme', objectId: schemeId, level: SCHEME_LEVEL, detail: { version: options.version ?? null, asOf: options.asOf ?? null } });
  if (options.version === undefined) return { result: await computeResult(ctx.database.db, detail, options.asOf, options.types), published: null };
  const row = await ctx.database.db.selectFrom('assessment_publications').select(['result', 'version', 'hash', 'published_at']).where('scheme_id', '=', schemeId).where('version', '=', options.version).executeTakeFirst();
  if (!row) throw notFound('published_version', String(options.version));
  return { result: JSON.parse(row.result) as AssessmentResult, published: { version: row.version, hash: row.hash, publishedAt: row.published_at } };
}

export interface ShownSubject extends JoinedName {
  type: SubjectType;
  id: string | null;
}

function subjectNamer(names: Awaited<ReturnType<typeof joinedNames>>) {
  return (type: SubjectType, id: string): ShownSubject => {
    const name = names(type === 'unit' ? 'unit' : 'person', id);
    return { type, id: name.hidden ? null : id, ...name };
  };
}

export function areaLabel(area: string): { zh: string; en: string } {
  return AREA_LABELS[area as Area] ?? { zh: area, en: area };
}

/** Bands of the distribution: 10-point steps of the full score's percentage. */
export function distribution(totals: readonly number[], fullScore: number): { from: number; to: number; count: number }[] {
  const bands = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }));
  for (const t of totals) {
    const pct = fullScore > 0 ? (t / fullScore) * 100 : 0;
    bands[Math.min(9, Math.max(0, Math.floor(pct / 10)))]!.count++;
  }
  return bands;
}

export async function presentRanking(ctx: Context, actor: Actor, result: AssessmentResult, type: SubjectType) {
  const rows = result.subjects[type];
  const namer = subjectNamer(await joinedNames(ctx.database.db, actor, rows.map((r) => ({ type: type === 'unit' ? ('unit' as const) : ('person' as const), id: r.subject.id }))));
  const totals = rows.map((r) => r.total);
  return {
    scheme: result.scheme,
    period: result.period,
    subjectType: type,
    areas: [...new Set(result.indicators.map((i) => i.area))].map((area) => ({ area, label: areaLabel(area), weight: round2(result.indicators.filter((i) => i.area === area).reduce((n, i) => n + i.weight, 0)) })),
    items: rows.map((r) => ({
      rank: r.rank,
      subject: namer(type, r.subject.id),
      total: r.total,
      indicatorPoints: r.indicatorPoints,
      bonus: r.bonus,
      deduction: r.deduction,
      byArea: r.byArea,
    })),
    stats: {
      count: rows.length,
      mean: rows.length ? round2(totals.reduce((n, t) => n + t, 0) / rows.length) : null,
      max: rows.length ? Math.max(...totals) : null,
      min: rows.length ? Math.min(...totals) : null,
    },
    distribution: distribution(totals, result.scheme.fullScore),
  };
}

export interface ShownIndicator {
  indicatorId: string;
  kind: string;
  area: string;
  areaLabel: { zh: string; en: string };
  name: string;
  shape: 'rate' | 'deduction';
  formula: { zh: string; en: string };
  weight: number;
  params: Record<string, unknown>;
  inputs: Record<string, number>;
  rate: number | null;
  points: number;
  noData: boolean;
  records: ShownRecord[];
}

/** The "why" of one subject's score: each indicator's formula, inputs, weight, result and records. */
export async function presentBreakdown(ctx: Context, actor: Actor, result: AssessmentResult, type: SubjectType, subjectId: string, withRecords = true) {
  const score = result.subjects[type].find((s) => s.subject.id === subjectId);
  const names = await joinedNames(ctx.database.db, actor, [{ type: type === 'unit' ? 'unit' : 'person', id: subjectId }]);
  const subject = subjectNamer(names)(type, subjectId);
  // A subject the reader may not know is answered like one the scheme does not assess.
  if (!score || subject.hidden) throw notFound(type === 'unit' ? 'assessed_unit' : 'assessed_leader', subjectId);
  const indicators: ShownIndicator[] = [];
  for (const r of score.indicators) {
    const info = KINDS[r.kind as IndicatorKind];
    indicators.push({
      indicatorId: r.indicatorId,
      kind: r.kind,
      area: r.area,
      areaLabel: areaLabel(r.area),
      name: r.name,
      shape: info.shape,
      formula: info.formula,
      weight: r.weight,
      params: r.params,
      inputs: r.inputs,
      rate: r.rate,
      points: r.points,
      noData: r.noData,
      records: withRecords ? await showRecords(ctx, actor, r.records) : [],
    });
  }
  const adjustments = result.adjustments.filter((a) => a.subjectType === type && a.subjectId === subjectId);
  return {
    scheme: result.scheme,
    period: result.period,
    subject,
    rank: score.rank,
    of: result.subjects[type].length,
    total: score.total,
    indicatorPoints: score.indicatorPoints,
    bonus: score.bonus,
    deduction: score.deduction,
    byArea: score.byArea.map((a) => ({ ...a, label: areaLabel(a.area) })),
    indicators,
    adjustments,
  };
}
