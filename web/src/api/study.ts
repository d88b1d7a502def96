import { useQuery } from '@tanstack/react-query';
import { api, type Page } from './client.ts';
import type { Labelled, Level, StudyGroup } from './types.ts';

export interface Title {
  zh: string;
  en: string | null;
}

export interface PersonRef {
  personId: string;
  name: string;
  nameEn: string | null;
  titles: Title[];
}

interface Part {
  id: string;
  order: number;
  level: Level;
  mark: string | null;
}

export interface SessionTheme extends Part {
  text: string;
  textZh: string | null;
  textEn: string | null;
  planThemeId: string | null;
}
export interface SessionMaterial extends Part {
  title: string;
  link: string | null;
  body: string | null;
}
export interface Attendance extends PersonRef {
  status: 'present' | 'on_leave' | 'absent';
  reason: string | null;
  approvedBy: string | null;
  /** The role an imported release gave the person (host, participant, speaker); null when recorded by hand. */
  role?: 'host' | 'participant' | 'speaker' | null;
  level: Level;
  mark: string | null;
}
export interface Observer extends Part {
  name: string;
  title: string | null;
}
export interface Guidance extends Part {
  body: string;
  text: string | null;
}
export interface Speech extends Part {
  kind: string;
  title: string;
  text: string;
  speaker: PersonRef | null;
  /** A group that spoke in turn ("市委常委"), for a speech without a single speaker. */
  collective?: string | null;
}
export interface Conclusion extends Part {
  kind: 'finding' | 'requirement';
  text: string;
  textZh: string | null;
  textEn: string | null;
}
export interface Minutes {
  id: string;
  text: string;
  level: Level;
  mark: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

export type SessionStatus = 'planned' | 'held' | 'minutes_approved' | 'archived';

export interface StudySession {
  id: string;
  level: Level;
  mark: string | null;
  highestLevel: Level;
  status: SessionStatus;
  date: string;
  halfDay: string | null;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  form: string;
  organizingBody: string | null;
  group: { id: string; name: string; nameEn: string | null; level: Level };
  host: PersonRef | null;
  themes: SessionTheme[];
  materials: SessionMaterial[];
  attendance: Attendance[];
  observers: Observer[];
  guidance: Guidance[];
  speeches: Speech[];
  conclusions: Conclusion[];
  minutes: Minutes | null;
  /** The step the session waits for (planned → held → minutes → approved → release); null when archived. */
  nextStep: 'mark_held' | 'write_minutes' | 'approve_minutes' | 'write_release' | null;
  updatedAt: string;
}

export interface SessionListItem {
  id: string;
  groupId: string;
  groupName: string;
  groupNameEn: string | null;
  date: string;
  halfDay: string | null;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  form: string;
  status: SessionStatus;
  hostPersonId: string | null;
  hostName: string | null;
  hostNameEn?: string | null;
  organizingBody: string | null;
  themes: string[];
  /** The themes with their text in each language the record holds. */
  themeTexts?: { text: string; textZh: string | null; textEn: string | null }[];
  level: Level;
  mark: string | null;
  updatedAt: string;
}

export interface Revision {
  id: string;
  sessionId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  reason: string;
  action: string;
  detail: unknown;
  level: Level;
  mark: string | null;
}

export interface PlanTheme {
  id: string;
  planId: string;
  title: string;
  plannedMonth: number | null;
  requiredSessions: number;
  hoursPerMember: number | null;
  order: number;
  sessionsHeld: number;
  sessionIds: string[];
  studied: boolean;
  level: Level;
  mark: string | null;
}

/** The plan themes a session's themes may be linked to, with the links its text suggests. */
export interface SessionPlanThemes {
  year: number;
  items: (PlanTheme & { planTitle: string })[];
  suggestions: { themeId: string; planThemeId: string; score: number }[];
}

export interface Plan {
  id: string;
  groupId: string;
  groupName: string;
  groupNameEn: string | null;
  year: number;
  title: string;
  level: Level;
  mark: string | null;
  themes?: PlanTheme[];
  createdAt: string;
  updatedAt: string;
}

export interface StudyMeta {
  halfDays: Labelled[];
  forms: Labelled[];
  statuses: Labelled[];
  attendance: Labelled[];
  speechKinds: Labelled[];
  conclusionKinds: Labelled[];
}

export interface SearchHit {
  type: 'session' | 'theme' | 'speech' | 'minutes' | 'conclusion' | string;
  id: string;
  sessionId: string;
  sessionDate: string;
  groupName: string;
  field: string;
  score: number;
  snippet: string;
  level: Level;
  mark: string | null;
}

export interface PersonLedger {
  person: { id: string; name: string; nameEn: string | null; titles: Title[] };
  year: number | null;
  sessions: {
    sessionId: string;
    date: string;
    halfDay: string | null;
    groupName: string;
    themes: string[];
    themeTexts?: { text: string; textZh: string | null; textEn: string | null }[];
    attendance: 'present' | 'on_leave' | 'absent';
    reason: string | null;
    hours: number;
    speeches: number;
    level: Level;
  }[];
  totals: { sessions: number; attended: number; leave: number; absent: number; speeches: number; hours: number };
}

export interface GroupLedger {
  group: { id: string; name: string; nameEn: string | null; level: Level };
  year: number;
  sessions: {
    sessionId: string;
    date: string;
    halfDay: string | null;
    form: string;
    status: string;
    host: string | null;
    themes: string[];
    themeTexts?: { text: string; textZh: string | null; textEn: string | null }[];
    present: number;
    onLeave: number;
    absent: number;
    speeches: number;
    conclusions: number;
    hours: number;
    level: Level;
  }[];
  coverage: { id?: string; planTitle: string; title: string; plannedMonth: number | null; requiredSessions: number; sessionsHeld: number; studied: boolean; level: Level }[];
  totals: { sessions: number; hours: number; speeches: number; plannedThemes: number; studiedThemes: number; notYetStudied: string[] };
}

export interface CalendarFeed {
  id: string;
  scope: 'group' | 'person';
  targetId: string;
  name: string;
  maxLevel: Level;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Field<T> {
  value: T;
  span: [number, number] | null;
}
export interface DraftPerson {
  name: string;
  titles: string[];
  span: [number, number] | null;
}
export interface ReleaseDraft {
  language: 'zh' | 'en';
  publishedOn: string | null;
  /** `year`: written in the release, or inferred as the latest such day not after the publication date. */
  date: (Field<string> & { year: { source: 'release' } | { source: 'published'; publishedOn: string } | { source: 'unknown' } }) | null;
  halfDay: Field<'morning' | 'afternoon' | 'evening'> | null;
  body: Field<string> | null;
  group: Field<string> | null;
  themes: Field<string>[];
  host: (DraftPerson & { role?: string; spoke: boolean; speech: string | null }) | null;
  participants: DraftPerson[];
  speakers: DraftPerson[];
  speech: { words: Field<string>; kind: 'key_speech' | 'exchange' } | null;
  collectiveSpeech: Field<string> | null;
  observers: (DraftPerson & { named: boolean })[];
  guidance: Field<string>[];
  conclusions: (Field<string> & { kind: 'finding' | 'requirement'; leadIn: string | null; paragraph: number })[];
  findings: Field<string>[];
  requirements: Field<string>[];
  present: string[];
}
export type MatchReason = 'same_name' | 'same_name_pinyin' | 'same_name_and_title' | 'same_name_pinyin_and_title';
export interface ImportAnswer {
  draft: ReleaseDraft;
  people: {
    name: string;
    titles: string[];
    /** A known person's id, or 'new'. */
    match: string;
    reason: MatchReason | null;
    candidates: { id: string; name: string; nameEn: string | null; reason: MatchReason }[];
  }[];
}

export interface ReleaseText {
  lang: 'zh' | 'en';
  text: string;
  omitted: { part: string; id: string; level: Level; label: string; reason: string; reasonCode?: 'minutes' | 'not_public' }[];
  /** Parts with no text in the release's language, written as recorded (in `writtenIn`). */
  fallback: { part: 'theme' | 'conclusion' | 'group'; id: string; writtenIn: 'zh' | 'en'; label: string }[];
}

export const studyKeys = {
  all: ['study'] as const,
  session: (id: string) => ['study', 'sessions', id] as const,
};

export function useStudyMeta() {
  return useQuery({ queryKey: ['study', 'meta'], queryFn: () => api<StudyMeta>('/study/meta'), staleTime: Infinity });
}

export function useStudyGroups() {
  return useQuery({ queryKey: ['groups', 'all'], queryFn: () => api<Page<StudyGroup>>('/study-groups', { query: { pageSize: 200 } }) });
}

export function useSession(id: string) {
  return useQuery({ queryKey: studyKeys.session(id), queryFn: () => api<StudySession>(`/study/sessions/${id}`), enabled: !!id });
}

/** Whether the session is locked: its minutes are approved, so changes need a reason. */
export function isLocked(s: Pick<StudySession, 'status'>): boolean {
  return s.status === 'minutes_approved' || s.status === 'archived';
}
