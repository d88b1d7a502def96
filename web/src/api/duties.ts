/** Duties (督查督办): the shapes of /api/duties/ (docs/duties-api.md) and the reads pages share. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export const TASK_STATES = ['registered', 'assigned', 'accepted', 'returned', 'in_progress', 'completion_reported', 'verified', 'closed', 'cancelled'] as const;
export const SOURCE_KINDS = ['requirement', 'finding', 'instruction', 'annual_item', 'meeting', 'manual'] as const;
export const REPORT_FREQUENCIES = ['once', 'weekly', 'monthly', 'quarterly', 'dates'] as const;
export const LIGHTS = ['red', 'yellow', 'green', 'grey'] as const;
export const AREA_LEADER_ROLES = ['first_responsible', 'directly_responsible', 'own_field'] as const;
export type Light = (typeof LIGHTS)[number];

/** A person or unit on a task; one the reader may not know comes as hidden with no name. */
export interface Ref {
  id: string | null;
  name: string | null;
  nameEn?: string | null;
  hidden?: boolean;
}

export interface Task {
  id: string;
  code: string;
  title: string;
  content: string | null;
  level: string;
  mark?: string | null;
  state: string;
  light: Light;
  lightReasons: string[];
  progress: number;
  sentBack: boolean;
  area: { id: string; name: string; nameEn: string | null } | null;
  source: { kind: string; conclusionId: string | null; sessionId: string | null; text: string | null; date: string | null };
  leadLeader: Ref | null;
  leadUnit: Ref | null;
  responsiblePerson: Ref | null;
  cooperatingUnits: Ref[];
  deadline: string | null;
  originalDeadline: string | null;
  reportFrequency: string;
  reportDates: string[];
  nextReportDue: string | null;
  assignedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  cancellation: { reason: string; requestedBy: string | null; requestedAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaskFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
}

export interface TaskEvent {
  id: string;
  at: string;
  actorName: string | null;
  kind: string;
  note: string | null;
  detail: Record<string, unknown> | null;
}

export interface TaskReport {
  id: string;
  kind: 'progress' | 'completion';
  period: string | null;
  percent: number | null;
  narrative: string;
  reportedBy: string | null;
  reportedAt: string;
  late: boolean;
  files: TaskFile[];
}

export interface TaskExtension {
  id: string;
  oldDeadline: string;
  newDeadline: string;
  reason: string;
  state: 'pending' | 'approved' | 'refused';
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export const TASK_ACTIONS = ['assign', 'accept', 'report', 'complete', 'verify', 'close', 'extend', 'decideExtension', 'remind', 'instruct', 'cancel', 'decideCancel', 'edit'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface TaskDetail extends Task {
  milestones: { id: string; title: string; dueDate: string; weight: number; done: boolean; doneAt: string | null }[];
  subtasks: { id: string; unit: Ref | null; title: string; weight: number; progress: number; responsiblePerson: Ref | null }[];
  events: TaskEvent[];
  reports: TaskReport[];
  extensions: TaskExtension[];
  may: Partial<Record<TaskAction, boolean>>;
}

export interface DutySummary {
  toAccept: number;
  toReport: number;
  toVerify: number;
  overdue: number;
  dueThisWeek: number;
  byLight: Record<Light, number>;
}

export interface Area {
  id: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  level: string;
  leaders: { personId: string | null; name: string | null; nameEn?: string | null; hidden?: boolean; role: string }[];
  unitIds: string[];
  units: Ref[];
  taskCount: number;
}

/** The bulletin (通报) of a period, as GET /api/duties/bulletin answers it. */
export interface BulletinCounts {
  assigned: number;
  onTime: number;
  overdue: number;
  sentBack: number;
  closed: number;
}
export interface BulletinRow extends BulletinCounts {
  id: string | null;
  name: string | null;
  nameEn: string | null;
  hidden: boolean;
}
export interface BulletinOverdueTask {
  id: string;
  code: string;
  title: string;
  level: string;
  leadUnit: Ref;
  deadline: string;
  workingDaysOverdue: number;
  done: boolean;
}
export interface Bulletin {
  from: string;
  to: string;
  asOf: string;
  level: string;
  mark: string | null;
  totals: BulletinCounts;
  areas: BulletinRow[];
  units: BulletinRow[];
  overdueTasks: BulletinOverdueTask[];
}

export interface Holiday {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface SessionConclusionTasks {
  conclusionId: string;
  kind: string;
  text: string;
  level: string;
  tasks: { id: string; code: string; title: string; state: string; light: Light }[];
}

export interface Notification {
  id: string;
  kind: string;
  record: { type: string; id: string; path: string; title: string | null; withheld: boolean };
  actorName: string | null;
  createdAt: string;
  readAt: string | null;
}

/** Which of "my tasks" a workbench list shows (GET /duties/tasks/mine?as=…). */
export const MINE = ['to_accept', 'to_report', 'to_verify', 'overdue', 'responsible', 'unit', 'leader'] as const;
export type Mine = (typeof MINE)[number];

export function useDutySummary() {
  return useQuery({ queryKey: ['duties', 'summary'], queryFn: () => api<DutySummary>('/duties/summary') });
}

export function useMyTasks(as: Mine) {
  return useQuery({ queryKey: ['duties', 'mine', as], queryFn: () => api<{ items: Task[] }>('/duties/tasks/mine', { query: { as } }) });
}

export function useAreas() {
  return useQuery({ queryKey: ['duties', 'areas'], queryFn: () => api<{ items: Area[] }>('/duties/areas') });
}

/** Reads a chosen file as base64 for a report's evidence (the API takes files inside the JSON body). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
