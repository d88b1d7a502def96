import type { Context } from '../context.ts';
import type { AssessmentAdjustment, AssessmentScheme } from '../db/assessment-tables.ts';
import type { Actor } from '../security/actor.ts';
import { joinedNames } from '../security/joined-names.ts';
import { KINDS, type IndicatorKind } from './kinds.ts';
import { areaLabel } from './scores.ts';
import type { SchemeDetail } from './schemes.ts';

export function presentSchemeSummary(s: AssessmentScheme) {
  return { id: s.id, year: s.year, title: s.title, fullScore: Number(s.full_score), level: s.level, createdAt: s.created_at, updatedAt: s.updated_at };
}

/** A scheme with its indicators (and each kind's formula) and the units and leaders it assesses, names through the access policy. */
export async function presentScheme(ctx: Context, actor: Actor, d: SchemeDetail) {
  const names = await joinedNames(ctx.database.db, actor, [...d.unitIds.map((id) => ({ type: 'unit' as const, id })), ...d.leaderPersonIds.map((id) => ({ type: 'person' as const, id }))]);
  const subject = (type: 'unit' | 'person', id: string) => {
    const n = names(type, id);
    return { id: n.hidden ? null : id, ...n };
  };
  return {
    ...presentSchemeSummary(d.scheme),
    indicators: d.indicators.map((i) => ({
      id: i.id,
      area: i.area,
      areaLabel: areaLabel(i.area),
      name: i.name,
      kind: i.kind,
      shape: KINDS[i.kind as IndicatorKind].shape,
      formula: KINDS[i.kind as IndicatorKind].formula,
      weight: i.weight,
      params: i.parsed,
    })),
    units: d.unitIds.map((id) => subject('unit', id)),
    leaders: d.leaderPersonIds.map((id) => subject('person', id)),
  };
}

export async function presentAdjustment(ctx: Context, actor: Actor, rows: readonly AssessmentAdjustment[]) {
  const names = await joinedNames(ctx.database.db, actor, rows.map((r) => ({ type: r.subject_type === 'unit' ? ('unit' as const) : ('person' as const), id: r.subject_id })));
  return rows.map((r) => {
    const n = names(r.subject_type === 'unit' ? 'unit' : 'person', r.subject_id);
    return {
      id: r.id,
      subject: { type: r.subject_type, id: n.hidden ? null : r.subject_id, ...n },
      kind: r.kind,
      points: Number(r.points),
      reason: r.reason,
      evidence: r.evidence,
      onDay: r.on_day,
      enteredByName: r.entered_by_name,
      createdAt: r.created_at,
    };
  });
}
