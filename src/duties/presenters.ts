import type { DutyEvent, DutyExtension } from '../db/duty-tables.ts';
import type { JoinedName } from '../security/joined-names.ts';
import { markOf } from '../security/marks.ts';
import type { AreaRow } from './areas.ts';
import { datesOf } from './lights.ts';
import type { ReportView, TaskDetailView, TaskView } from './views.ts';

/** Responses of /api/duties are shaped here only (docs/duties-api.md); names the reader may not know carry no id. */
function ref(id: string | null, name: JoinedName) {
  if (!id) return null;
  return name.hidden ? { id: null, name: null, nameEn: null, hidden: true } : { id, name: name.name, nameEn: name.nameEn, hidden: false };
}

export function presentTask(view: TaskView) {
  const { task, light, nameOf } = view;
  return {
    id: task.id,
    code: task.code,
    title: task.title,
    content: task.content,
    level: task.level,
    mark: markOf(task.level),
    state: task.state,
    light: light.light,
    lightReasons: light.reasons,
    progress: task.progress,
    sentBack: task.sent_back === 1,
    area: view.area ? { id: view.area.id, name: view.area.name, nameEn: view.area.name_en } : null,
    source: {
      kind: task.source_kind,
      sessionId: view.sourceLink?.sessionId ?? null,
      conclusionId: view.sourceLink?.conclusionId ?? null,
      text: task.source_text,
      date: task.source_date,
    },
    leadLeader: ref(task.lead_leader_person_id, nameOf('person', task.lead_leader_person_id)),
    leadUnit: ref(task.lead_unit_id, nameOf('unit', task.lead_unit_id)),
    responsiblePerson: ref(task.responsible_person_id, nameOf('person', task.responsible_person_id)),
    cooperatingUnits: view.cooperating.map((id) => ref(id, nameOf('unit', id))!),
    deadline: task.deadline,
    originalDeadline: task.original_deadline,
    reportFrequency: task.report_frequency,
    reportDates: datesOf(task),
    nextReportDue: light.nextReportDue,
    overdueReports: light.overdueReports,
    assignedAt: task.assigned_at,
    acceptedAt: task.accepted_at,
    completedAt: task.completed_at,
    verifiedAt: task.verified_at,
    closedAt: task.closed_at,
    cancelledAt: task.cancelled_at,
    cancellation: task.cancel_requested_at ? { reason: task.cancel_reason, requestedBy: task.cancel_requested_by, requestedAt: task.cancel_requested_at } : null,
    createdAt: task.created_at,
    updatedAt: task.updated_at,
  };
}

export function presentEvent(event: DutyEvent) {
  return { id: event.id, at: event.at, actorName: event.actor_name, kind: event.kind, note: event.note, detail: event.detail ? (JSON.parse(event.detail) as Record<string, unknown>) : {} };
}

export function presentReport(report: ReportView) {
  return {
    id: report.id,
    kind: report.kind,
    period: report.period,
    percent: report.percent,
    narrative: report.narrative,
    reportedBy: report.reported_by,
    reportedAt: report.reported_at,
    late: report.late === 1,
    files: report.files.map((f) => ({ id: f.id, name: f.name, mediaType: f.media_type, size: f.size })),
  };
}

export function presentExtension(e: DutyExtension) {
  return {
    id: e.id,
    oldDeadline: e.old_deadline,
    newDeadline: e.new_deadline,
    reason: e.reason,
    state: e.state,
    requestedBy: e.requested_by,
    requestedAt: e.requested_at,
    decidedBy: e.decided_by,
    decidedAt: e.decided_at,
    decisionNote: e.decision_note,
  };
}

export function presentTaskDetail(view: TaskDetailView) {
  const { nameOf } = view;
  return {
    ...presentTask(view),
    milestones: view.milestones.map((m) => ({ id: m.id, title: m.title, dueDate: m.due_date, weight: m.weight, done: m.done === 1, doneAt: m.done_at })),
    subtasks: view.subtasks.map((s) => ({
      id: s.id,
      unit: ref(s.unit_id, nameOf('unit', s.unit_id)),
      title: s.title,
      weight: s.weight,
      progress: s.progress,
      responsiblePerson: ref(s.responsible_person_id, nameOf('person', s.responsible_person_id)),
    })),
    events: view.events.map(presentEvent),
    reports: view.reports.map(presentReport),
    extensions: view.extensions.map(presentExtension),
    may: view.may,
  };
}

export function presentArea(area: AreaRow) {
  return {
    id: area.id,
    name: area.name,
    nameEn: area.name_en,
    description: area.description,
    level: area.level,
    leaders: area.leaders.map((l) => ({ personId: l.hidden ? null : l.person_id, name: l.name, nameEn: l.nameEn, hidden: l.hidden, role: l.role })),
    units: area.units.map((u) => ref(u.unit_id, u)!),
    taskCount: area.taskCount,
  };
}
