/** Types and small hooks for the secrecy capability (/api/secrecy, /api/knowable). */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Level } from './types.ts';

export const FINDING_KINDS = ['mark', 'level_word', 'keyword', 'id_number', 'mobile', 'landline', 'bank_card', 'email', 'copied_text'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingSource {
  type: string;
  id: string;
  level: string;
  /** The record whose need-to-know governs the text (a speech's study session), when not the record itself. */
  parent?: { type: string; id: string };
}

/**
 * One finding. `code` keys the explanation in the catalogue (secrecy.finding.<code>), `reason` is the
 * server's English text of it. A "refer up" finding (a match of a record the reader may not read)
 * has no span, excerpt or source. A warning (severity warn) may be dismissed and does not stop publishing.
 */
export interface ScanFinding {
  kind: FindingKind;
  code: string;
  severity: 'block' | 'warn';
  start?: number;
  end?: number;
  excerpt?: string;
  reason: string;
  params?: Record<string, string | number>;
  source?: FindingSource;
}

export interface ScanResult {
  sha256: string;
  length: number;
  hasStarMark: boolean;
  findings: ScanFinding[];
}

export interface StoredFinding extends ScanFinding {
  id: string;
  resolved: boolean;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export const OUTCOMES = ['publish', 'do_not_publish', 'refer_up'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface PublicationReview {
  id: string;
  title: string;
  draftSha256: string;
  draftLength: number;
  hasStarMark: boolean;
  draftedBy: string | null;
  reviewerId: string | null;
  reviewerName: string | null;
  approverId: string | null;
  approverName: string | null;
  outcome: Outcome | null;
  basis: string | null;
  decidedAt: string | null;
  level: Level;
  mark: string | null;
  createdAt: string;
  updatedAt: string;
  findings?: StoredFinding[];
  /** Blocking findings still open. */
  unresolved?: number;
  /** Warnings not yet dismissed (they do not stop publishing). */
  openWarnings?: number;
}

export interface KeywordList {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  termCount: number;
  revision: number;
  level: Level;
  mark: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Keyword {
  id: string;
  listId: string;
  term: string;
  folded: string;
  createdAt: string;
}

export interface KeywordsResult {
  list: KeywordList;
  added: number;
  skipped: number;
}

export const POST_GRADES = ['core', 'important', 'general', 'none'] as const;

export interface Clearance {
  personId: string;
  personName: string;
  grade: string;
  highestLevel: Level;
  grantedOn: string;
  grantedBy: string;
  basis: string;
  recordLevel: Level;
  mark: string | null;
  updatedAt: string;
}

export interface ClearanceHistory {
  id: string;
  personId: string;
  grade: string;
  highestLevel: Level;
  grantedOn: string;
  grantedBy: string;
  basis: string;
  accountClearance: Level | null;
  recordedBy: string | null;
  recordedAt: string;
}

export const CARRIER_STATES = ['held', 'returned', 'destroyed'] as const;

/** Names of people and units the reader may not know come as `null` with `hidden: true`. */
export interface ScopeEntry {
  type: 'person' | 'unit';
  id: string;
  name: string | null;
  hidden: boolean;
  approvedBy: string | null;
  addedAt: string;
}

export interface Carrier {
  id: string;
  title: string;
  number: string | null;
  level: Level;
  mark: string;
  originalMark: string | null;
  issuedOn: string;
  periodEnd: string | null;
  declassifiedOn: string | null;
  custodianPersonId: string | null;
  custodianName: string | null;
  custodianHidden: boolean;
  location: string | null;
  copies: number;
  receivedOn: string | null;
  state: (typeof CARRIER_STATES)[number];
  stateOn: string | null;
  stateWitness: string | null;
  scope: ScopeEntry[];
  recordLevel: Level;
  createdAt: string;
  updatedAt: string;
}

export interface Alert {
  id: string;
  kind: string;
  carrierId: string | null;
  carrierTitle: string | null;
  personId: string | null;
  dueOn: string | null;
  message: string;
  readAt: string | null;
  createdAt: string;
}

export const REVIEW_DECISIONS = ['keep', 'change', 'extend', 'declassify'] as const;

export interface CarrierReview {
  id: string;
  carrierId: string;
  title: string;
  number: string | null;
  year: number;
  status: 'open' | 'decided' | 'closed';
  carrierLevel: Level;
  mark: string;
  periodEnd: string | null;
  decision: string | null;
  newMark: string | null;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface LetterTemplate {
  id: string;
  year: number;
  version: number;
  title: string;
  text: string;
  hash: string;
  createdAt: string;
}

export interface Letter {
  id: string;
  year: number;
  role: string;
  unitId: string | null;
  status: 'issued' | 'signed';
  issuedAt: string;
  signedAt: string | null;
  signedHash: string | null;
  template: { id: string; version: number; title: string; text: string; hash: string };
}

export interface BoardRow {
  letterId: string;
  personId: string;
  personName: string;
  role: string;
  unitId: string | null;
  unitName: string | null;
  unitHidden: boolean;
  status: 'issued' | 'signed';
  issuedAt: string;
  signedAt: string | null;
  templateVersion: number;
  signedHash: string | null;
}

export interface Board {
  year: number;
  issued: number;
  signed: number;
  unsigned: number;
  items: BoardRow[];
}

export interface InspectionTemplate {
  id: string;
  name: string;
  items: { code: string; text: string }[];
  createdAt: string;
}

export interface CampaignSummary {
  id: string;
  year: number;
  title: string;
  templateId: string;
  createdAt: string;
}

export const ANSWERS = ['yes', 'no', 'not_applicable'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const RECTIFICATION_STATES = ['open', 'in_progress', 'closed'] as const;

export interface InspectionFinding {
  id: string;
  campaignId: string;
  unitId: string;
  unitName: string | null;
  unitHidden: boolean;
  itemCode: string | null;
  description: string;
  severity: (typeof SEVERITIES)[number];
  rectification: { id: string; ownerPersonId: string; ownerName: string | null; ownerHidden: boolean; deadline: string; status: string };
  createdAt: string;
}

export interface Campaign extends CampaignSummary {
  items: { code: string; text: string }[];
  units: {
    unitId: string;
    unitName: string | null;
    unitHidden: boolean;
    status: string;
    submittedAt: string | null;
    answers: { itemCode: string; answer: (typeof ANSWERS)[number]; evidence: string | null; answeredAt: string }[];
  }[];
  findings: InspectionFinding[];
}

export interface Rectification {
  id: string;
  findingId: string;
  campaignId: string;
  campaignTitle: string;
  year: number;
  unitId: string;
  unitName: string | null;
  unitHidden: boolean;
  description: string;
  severity: string;
  ownerPersonId: string;
  ownerName: string | null;
  ownerHidden: boolean;
  deadline: string;
  status: (typeof RECTIFICATION_STATES)[number];
  evidence: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface Training {
  id: string;
  personId: string;
  personName: string;
  course: string;
  date: string;
  hours: number;
  provider: string | null;
}

export interface TrainingTotal {
  personId: string;
  personName: string;
  courses: number;
  hours: number;
}

export type ScopeObjectType = 'unit' | 'person' | 'position' | 'study_group' | 'study_session';

export interface KnowableRegister {
  entries: {
    subjectType: 'person' | 'unit';
    subjectId: string;
    name: string;
    reason: string | null;
    addedBy: string | null;
    addedAt: string;
    /** Who the unit admits today. */
    people: { id: string; name: string | null }[];
    members: KnowableMember[];
    pending: KnowableMember[];
  }[];
  requests: {
    id: string;
    subjectType: 'person' | 'unit';
    subjectId: string;
    reason: string;
    requestedBy: string;
    requestedAt: string;
    status: 'pending' | 'approved' | 'rejected';
    decidedBy: string | null;
    decidedAt: string | null;
    decisionNote: string | null;
    /** For a pending unit request: who approving it would admit. */
    wouldAdmit?: { personId: string; name: string | null }[];
  }[];
}

/** Someone a unit in a knowable scope brings in through a position; a null name is someone the reader may not know. */
export interface KnowableMember {
  unitId: string;
  positionId: string;
  personId: string;
  name: string | null;
  title: string | null;
  startDate: string | null;
  endDate: string | null;
  /** Approved members only: admitted today. */
  admitted?: boolean;
  decidedAt?: string;
}

export interface PendingMember extends KnowableMember {
  objectType: ScopeObjectType;
  objectId: string;
  recordName: string;
  level: string;
  unitName: string | null;
}

export function useKnowable(objectType: ScopeObjectType, objectId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['knowable', objectType, objectId],
    queryFn: () => api<KnowableRegister>(`/knowable/${objectType}/${objectId}`),
    enabled,
  });
}

/** Pending members across every record whose scope the secrecy officer keeps. */
export function usePendingMembers(enabled: boolean) {
  return useQuery({ queryKey: ['knowable', 'pending'], queryFn: () => api<{ items: PendingMember[] }>('/knowable/pending'), enabled });
}

/** Levels above internal: the state secrets, which carry a mark and a knowable scope. */
export function isStateSecret(level: string | null | undefined): boolean {
  return level === 'mimi' || level === 'jimi' || level === 'juemi';
}

export const thisYear = () => new Date().getFullYear();
