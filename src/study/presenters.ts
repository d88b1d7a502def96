import type { CalendarFeed, SessionRevision } from '../db/tables.ts';
import { markOf } from '../security/marks.ts';
import { nextStep } from './lifecycle.ts';
import type { PlanRow, PlanThemeRow } from './plans.ts';
import type { SessionRecord } from './record.ts';
import type { SessionListRow } from './sessions.ts';
import type { ThemeSuggestion } from './theme-match.ts';

/** Responses are shaped here and only here. The session record is already filtered by the policy; parts gain their marks. */
export function presentSession(record: SessionRecord) {
  const marked = <T extends { level: SessionRecord['level'] }>(part: T) => ({ ...part, mark: markOf(part.level) });
  return {
    ...record,
    themes: record.themes.map(marked),
    materials: record.materials.map(marked),
    attendance: record.attendance.map(marked),
    observers: record.observers.map(marked),
    guidance: record.guidance.map(marked),
    speeches: record.speeches.map(marked),
    conclusions: record.conclusions.map(marked),
    minutes: record.minutes ? marked(record.minutes) : null,
    nextStep: nextStep(record),
  };
}

export function presentSessionListItem(row: SessionListRow) {
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    groupNameEn: row.group_name_en,
    date: row.date,
    halfDay: row.half_day,
    startTime: row.start_time,
    endTime: row.end_time,
    place: row.place,
    form: row.form,
    status: row.status,
    hostPersonId: row.host_name ? row.host_person_id : null,
    hostName: row.host_name,
    hostNameEn: row.host_name_en,
    organizingBody: row.organizing_body,
    themes: row.themes,
    themeTexts: row.theme_texts,
    level: row.level,
    mark: markOf(row.level),
    updatedAt: row.updated_at,
  };
}

export function presentPlanTheme(theme: PlanThemeRow) {
  return {
    id: theme.id,
    planId: theme.plan_id,
    title: theme.title,
    plannedMonth: theme.planned_month,
    requiredSessions: theme.required_sessions,
    hoursPerMember: theme.hours_per_member,
    order: theme.sort_order,
    sessionsHeld: theme.sessions_held,
    sessionIds: theme.session_ids,
    studied: theme.sessions_held >= Math.max(1, theme.required_sessions),
    level: theme.level,
    mark: markOf(theme.level),
  };
}

export function presentSessionPlanThemes(found: { items: (PlanThemeRow & { plan: PlanRow })[]; suggestions: ThemeSuggestion[]; year: number }) {
  return {
    year: found.year,
    items: found.items.map((t) => ({ ...presentPlanTheme(t), planTitle: t.plan.title })),
    suggestions: found.suggestions,
  };
}

export function presentPlan(plan: PlanRow & { themes?: PlanThemeRow[] }) {
  return {
    id: plan.id,
    groupId: plan.group_id,
    groupName: plan.group_name,
    groupNameEn: plan.group_name_en,
    year: plan.year,
    title: plan.title,
    level: plan.level,
    mark: markOf(plan.level),
    ...(plan.themes ? { themes: plan.themes.map(presentPlanTheme) } : {}),
    createdAt: plan.created_at,
    updatedAt: plan.updated_at,
  };
}

export function presentRevision(revision: SessionRevision) {
  let detail: unknown;
  try {
    detail = JSON.parse(revision.detail);
  } catch {
    detail = revision.detail;
  }
  return {
    id: revision.id,
    sessionId: revision.session_id,
    at: revision.at,
    actorId: revision.actor_id,
    actorName: revision.actor_name,
    reason: revision.reason,
    action: revision.action,
    detail,
    level: revision.level,
    mark: markOf(revision.level),
  };
}

/** A feed never shows its token again after creation; only its prefix. */
export function presentFeed(feed: CalendarFeed) {
  return {
    id: feed.id,
    scope: feed.scope,
    targetId: feed.target_id,
    name: feed.name,
    maxLevel: feed.max_level,
    prefix: feed.prefix,
    createdAt: feed.created_at,
    lastUsedAt: feed.last_used_at,
    revokedAt: feed.revoked_at,
  };
}
