import type { AssessmentIndicator } from '../db/assessment-tables.ts';
import type { Facts, TaskFact } from './facts.ts';
import { KINDS, type Area, type IndicatorKind, type SubjectType } from './kinds.ts';

/**
 * Scores from facts: pure functions, so every formula is tested against hand-made records and the
 * benchmark measures the same code the API runs. Each result names the records that produced it
 * (type, id and what the record did to the score), which is what a breakdown drills down to.
 */
export type RecordType = 'duty_task' | 'duty_report' | 'study_session' | 'plan_theme' | 'letter' | 'inspection' | 'rectification' | 'publication_review' | 'training_record';

export interface RecordRef {
  type: RecordType;
  id: string;
  /** What the record did: on_time, late, open, first_pass, sent_back, overdue, present, absent, on_leave, speech, covered, not_covered, signed_on_time, signed_late, unsigned, submitted, pending, closed_on_time, closed_late, resolved, unresolved, hours. */
  effect: string;
  /** A figure the effect carries (overdue days, send-backs, hours). */
  value?: number;
  /** The person the record counted for, within a unit. */
  personId?: string;
}

export interface IndicatorResult {
  indicatorId: string;
  kind: IndicatorKind;
  area: string;
  name: string;
  weight: number;
  params: Record<string, unknown>;
  /** The inputs the formula took, by name (counted, met, days, hours, …). */
  inputs: Record<string, number>;
  /** Between 0 and 1 for a rate kind; null for a deduction kind. */
  rate: number | null;
  points: number;
  /** No record to count: a rate kind scores its full weight. */
  noData: boolean;
  records: RecordRef[];
}

export interface Subject {
  type: SubjectType;
  id: string;
}

export interface AdjustmentInput {
  id: string;
  kind: string;
  points: number;
}

export interface SubjectScore {
  subject: Subject;
  indicators: IndicatorResult[];
  byArea: { area: string; weight: number; points: number }[];
  indicatorPoints: number;
  bonus: number;
  deduction: number;
  total: number;
  adjustments: string[];
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;

function group<T>(rows: readonly T[], key: (row: T) => string | null | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (!k) continue;
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(row);
  }
  return map;
}

/** Calendar days from a to b (YYYY-MM-DD), positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The facts indexed by who they count for, built once per scoring run. */
export class FactIndex {
  readonly facts: Facts;
  readonly tasksByUnit; readonly tasksByLeader; readonly lateByUnit; readonly lateByLeader; readonly attendanceByPerson;
  readonly speechesByPerson; readonly themesByGroup; readonly lettersByPerson; readonly lettersByUnit; readonly inspectionsByUnit;
  readonly rectByUnit; readonly rectByOwner; readonly reviewsByPerson; readonly trainingByPerson;

  constructor(facts: Facts) {
    this.facts = facts;
    this.tasksByUnit = group(facts.tasks, (t) => t.unitId);
    this.tasksByLeader = group(facts.tasks, (t) => t.leaderId);
    this.lateByUnit = group(facts.lateReports, (r) => r.unitId);
    this.lateByLeader = group(facts.lateReports, (r) => r.leaderId);
    this.attendanceByPerson = group(facts.attendance, (a) => a.personId);
    this.speechesByPerson = group(facts.speeches, (s) => s.personId);
    this.themesByGroup = group(facts.themes, (t) => t.groupId);
    this.lettersByPerson = group(facts.letters, (l) => l.personId);
    this.lettersByUnit = group(facts.letters, (l) => l.unitId);
    this.inspectionsByUnit = group(facts.inspections, (i) => i.unitId);
    this.rectByUnit = group(facts.rectifications, (r) => r.unitId);
    this.rectByOwner = group(facts.rectifications, (r) => r.ownerId);
    this.reviewsByPerson = group(facts.reviews, (r) => r.reviewerPersonId);
    this.trainingByPerson = group(facts.training, (t) => t.personId);
  }

  /** The people a score counts: a unit's staff during the period, or the leader alone. */
  people(subject: Subject): string[] {
    return subject.type === 'unit' ? [...(this.facts.peopleOfUnit.get(subject.id) ?? [])].sort() : [subject.id];
  }

  units(subject: Subject): string[] {
    return subject.type === 'unit' ? [subject.id] : [...(this.facts.unitsOfPerson.get(subject.id) ?? [])].sort();
  }

  groups(subject: Subject): string[] {
    const groups = subject.type === 'unit' ? this.facts.groupsOfUnit.get(subject.id) : this.facts.groupsOfPerson.get(subject.id);
    return [...(groups ?? [])].sort();
  }

  tasks(subject: Subject): TaskFact[] {
    return (subject.type === 'unit' ? this.tasksByUnit.get(subject.id) : this.tasksByLeader.get(subject.id)) ?? [];
  }

  fromPeople<T>(map: Map<string, T[]>, people: readonly string[]): T[] {
    return people.flatMap((p) => map.get(p) ?? []);
  }
}

function rate(weight: number, met: number, counted: number, extra: Omit<IndicatorResult, 'rate' | 'points' | 'noData' | 'weight'>): IndicatorResult {
  if (counted === 0) return { ...extra, weight, rate: null, points: weight, noData: true };
  const r = Math.min(1, met / counted);
  return { ...extra, weight, rate: round2(r * 10_000) / 10_000, points: round2(weight * r), noData: false };
}

function deduction(weight: number, perItem: number, items: number, extra: Omit<IndicatorResult, 'rate' | 'points' | 'noData' | 'weight'>): IndicatorResult {
  return { ...extra, weight, rate: null, points: round2(Math.max(0, weight - perItem * items)), noData: false };
}

/** One indicator for one subject: the formula its kind documents (src/assessment/kinds.ts). */
export function computeIndicator(index: FactIndex, subject: Subject, indicator: Pick<AssessmentIndicator, 'id' | 'kind' | 'area' | 'name' | 'weight'>, params: Record<string, unknown>): IndicatorResult {
  const { from, to } = index.facts.period;
  const kind = indicator.kind as IndicatorKind;
  const base = { indicatorId: indicator.id, kind, area: indicator.area, name: indicator.name, params };
  const w = indicator.weight;
  switch (kind) {
    case 'duty_on_time': {
      const due = index.tasks(subject).filter((t) => t.deadline >= from && t.deadline <= to);
      const records = due.map((t): RecordRef => ({ type: 'duty_task', id: t.id, effect: t.completedDay === null ? 'open' : t.completedDay <= t.deadline ? 'on_time' : 'late' }));
      const met = records.filter((r) => r.effect === 'on_time').length;
      return rate(w, met, due.length, { ...base, inputs: { due: due.length, onTime: met }, records });
    }
    case 'duty_first_pass': {
      const verified = index.tasks(subject).filter((t) => t.verifiedDay !== null && t.verifiedDay >= from && t.verifiedDay <= to);
      const records = verified.map((t): RecordRef => (t.sentBack === 0 ? { type: 'duty_task', id: t.id, effect: 'first_pass' } : { type: 'duty_task', id: t.id, effect: 'sent_back', value: t.sentBack }));
      const met = verified.filter((t) => t.sentBack === 0).length;
      return rate(w, met, verified.length, { ...base, inputs: { verified: verified.length, firstPass: met, sendBacks: verified.reduce((n, t) => n + t.sentBack, 0) }, records });
    }
    case 'duty_overdue_days': {
      const perDay = Number(params.pointsPerDay);
      const due = index.tasks(subject).filter((t) => t.deadline >= from && t.deadline <= to);
      const records: RecordRef[] = [];
      let days = 0;
      for (const t of due) {
        const late = Math.max(0, daysBetween(t.deadline, t.completedDay ?? to));
        if (late > 0) records.push({ type: 'duty_task', id: t.id, effect: 'overdue', value: late });
        days += late;
      }
      return deduction(w, perDay, days, { ...base, inputs: { tasks: due.length, overdueDays: days, pointsPerDay: perDay }, records });
    }
    case 'duty_late_reports': {
      const per = Number(params.pointsPerReport);
      const late = (subject.type === 'unit' ? index.lateByUnit.get(subject.id) : index.lateByLeader.get(subject.id)) ?? [];
      const records = late.map((r): RecordRef => ({ type: 'duty_task', id: r.taskId, effect: 'late_report' }));
      return deduction(w, per, late.length, { ...base, inputs: { lateReports: late.length, pointsPerReport: per }, records });
    }
    case 'study_attendance': {
      const rows = index.fromPeople(index.attendanceByPerson, index.people(subject));
      const present = rows.filter((a) => a.status === 'present').length;
      const absent = rows.filter((a) => a.status === 'absent').length;
      const leave = rows.filter((a) => a.status === 'on_leave').length;
      const records = rows.map((a): RecordRef => ({ type: 'study_session', id: a.sessionId, effect: a.status, personId: a.personId }));
      return rate(w, present, present + absent, { ...base, inputs: { present, absent, onLeave: leave }, records });
    }
    case 'study_speeches': {
      const people = index.people(subject);
      const perPerson = Number(params.perPerson);
      const rows = index.fromPeople(index.speechesByPerson, people);
      const records = rows.map((s): RecordRef => ({ type: 'study_session', id: s.sessionId, effect: 'speech', personId: s.personId }));
      return rate(w, rows.length, perPerson * people.length, { ...base, inputs: { speeches: rows.length, people: people.length, perPerson, expected: perPerson * people.length }, records });
    }
    case 'study_themes': {
      const themes = index.groups(subject).flatMap((g) => index.themesByGroup.get(g) ?? []);
      const records: RecordRef[] = [];
      let covered = 0;
      for (const t of themes) {
        const done = t.sessionIds.length >= t.required;
        if (done) covered++;
        records.push({ type: 'plan_theme', id: t.id, effect: done ? 'covered' : 'not_covered', value: t.sessionIds.length });
        for (const s of t.sessionIds) records.push({ type: 'study_session', id: s, effect: 'took_up_theme' });
      }
      return rate(w, covered, themes.length, { ...base, inputs: { themes: themes.length, covered }, records });
    }
    case 'secrecy_letter': {
      const due = `${index.facts.period.year}-${String(params.dueMonthDay)}`;
      const byId = new Map<string, (typeof index.facts.letters)[number]>();
      for (const l of index.fromPeople(index.lettersByPerson, index.people(subject))) byId.set(l.id, l);
      if (subject.type === 'unit') for (const l of index.lettersByUnit.get(subject.id) ?? []) byId.set(l.id, l);
      const letters = [...byId.values()];
      const records = letters.map((l): RecordRef => ({ type: 'letter', id: l.id, effect: l.signedDay === null ? 'unsigned' : l.signedDay <= due ? 'signed_on_time' : 'signed_late', personId: l.personId }));
      const met = records.filter((r) => r.effect === 'signed_on_time').length;
      return rate(w, met, letters.length, { ...base, inputs: { letters: letters.length, onTime: met }, records });
    }
    case 'secrecy_inspection': {
      const rows = index.units(subject).flatMap((u) => index.inspectionsByUnit.get(u) ?? []);
      const records = rows.map((i): RecordRef => ({ type: 'inspection', id: i.campaignId, effect: i.submitted ? 'submitted' : 'pending' }));
      const met = rows.filter((i) => i.submitted).length;
      return rate(w, met, rows.length, { ...base, inputs: { inspections: rows.length, submitted: met }, records });
    }
    case 'secrecy_rectification': {
      const rows = (subject.type === 'unit' ? index.rectByUnit.get(subject.id) : index.rectByOwner.get(subject.id)) ?? [];
      const records = rows.map((r): RecordRef => ({ type: 'rectification', id: r.id, effect: r.closedDay === null ? 'open' : r.closedDay <= r.deadline ? 'closed_on_time' : 'closed_late' }));
      const met = records.filter((r) => r.effect === 'closed_on_time').length;
      return rate(w, met, rows.length, { ...base, inputs: { rectifications: rows.length, closedOnTime: met }, records });
    }
    case 'secrecy_review': {
      const rows = index.fromPeople(index.reviewsByPerson, index.people(subject));
      const records = rows.map((r): RecordRef => ({ type: 'publication_review', id: r.id, effect: r.unresolved === 0 ? 'resolved' : 'unresolved', value: r.unresolved }));
      const met = rows.filter((r) => r.unresolved === 0).length;
      return rate(w, met, rows.length, { ...base, inputs: { reviewsWithFindings: rows.length, allResolved: met }, records });
    }
    case 'secrecy_training': {
      const people = index.people(subject);
      const target = Number(params.hoursPerPerson);
      const rows = index.fromPeople(index.trainingByPerson, people);
      const hours = round2(rows.reduce((n, t) => n + t.hours, 0));
      const records = rows.map((t): RecordRef => ({ type: 'training_record', id: t.id, effect: 'hours', value: t.hours, personId: t.personId }));
      return rate(w, hours, target * people.length, { ...base, inputs: { hours, people: people.length, hoursPerPerson: target, expected: target * people.length }, records });
    }
  }
}

/**
 * A subject's score: the indicators' points, plus the office's bonus items, less its deductions,
 * never below 0. Areas add up their indicators (weight and points) in the scheme's order.
 */
export function scoreSubject(
  index: FactIndex,
  subject: Subject,
  indicators: readonly { row: Pick<AssessmentIndicator, 'id' | 'kind' | 'area' | 'name' | 'weight'>; params: Record<string, unknown> }[],
  adjustments: readonly AdjustmentInput[],
): SubjectScore {
  const results = indicators.map((i) => computeIndicator(index, subject, i.row, i.params));
  const areas = new Map<string, { area: string; weight: number; points: number }>();
  for (const r of results) {
    const a = areas.get(r.area) ?? { area: r.area, weight: 0, points: 0 };
    a.weight = round2(a.weight + r.weight);
    a.points = round2(a.points + r.points);
    areas.set(r.area, a);
  }
  const indicatorPoints = round2(results.reduce((n, r) => n + r.points, 0));
  const bonus = round2(adjustments.filter((a) => a.kind === 'bonus').reduce((n, a) => n + a.points, 0));
  const deductionPoints = round2(adjustments.filter((a) => a.kind === 'deduction').reduce((n, a) => n + a.points, 0));
  return {
    subject,
    indicators: results,
    byArea: [...areas.values()],
    indicatorPoints,
    bonus,
    deduction: deductionPoints,
    total: round2(Math.max(0, indicatorPoints + bonus - deductionPoints)),
    adjustments: adjustments.map((a) => a.id),
  };
}

/** The area an indicator of this kind is filed under by default. */
export function defaultArea(kind: IndicatorKind): Area {
  return KINDS[kind].area;
}
