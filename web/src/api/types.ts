export type Level = 'public' | 'internal' | 'mimi' | 'jimi' | 'juemi';
export const LEVELS: Level[] = ['public', 'internal', 'mimi', 'jimi', 'juemi'];

export type Permission =
  | 'org.read'
  | 'org.write'
  | 'org.import'
  | 'users.read'
  | 'users.manage'
  | 'clearance.request'
  | 'clearance.approve'
  | 'audit.read'
  | 'audit.verify'
  | 'locks.manage'
  | 'tokens.own';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  clearance: Level;
  personId: string | null;
  totpEnabled: boolean;
  locale: string | null;
  permissions: string[];
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface Labelled {
  code: string;
  zh: string;
  en: string;
}

export interface Meta {
  orgName: string;
  ceiling: Level;
  levels: Labelled[];
  roles: Labelled[];
  unitKinds: Labelled[];
  groupRoles: Labelled[];
}

export interface Classified {
  level: Level;
  mark?: string | null;
}

export interface Unit extends Classified {
  id: string;
  parentId: string | null;
  name: string;
  nameEn: string | null;
  kind: string;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface Person extends Classified {
  id: string;
  name: string;
  nameEn: string | null;
  email?: string | null;
  phone?: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Position extends Classified {
  id: string;
  personId: string;
  personName: string;
  personNameEn: string | null;
  unitId: string;
  unitName: string;
  unitNameEn: string | null;
  title: string;
  titleEn: string | null;
  rank: string | null;
  startDate: string | null;
  endDate: string | null;
  sortOrder: number;
}

export interface StudyGroup extends Classified {
  id: string;
  unitId: string;
  unitName: string;
  unitNameEn?: string | null;
  name: string;
  nameEn: string | null;
  description: string | null;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface GroupMember {
  personId: string;
  personName: string;
  personNameEn: string | null;
  role: string;
  sortOrder: number;
  joinedOn: string | null;
  leftOn: string | null;
  titles: string[];
  /** English titles, parallel to `titles` (null where a position has none). */
  titlesEn?: (string | null)[];
}

export interface StudyGroupDetail extends StudyGroup {
  members: GroupMember[];
}

export interface ImportResult {
  kind: string;
  dryRun: boolean;
  rows: { row: number; values: Record<string, string> }[];
  created: number;
  /** Each row's problem in English (`message`) and Chinese (`messageZh`), with its catalogue code. */
  errors: { row: number; column: string | null; code?: string; message: string; messageZh?: string }[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  clearance: Level;
  personId: string | null;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Minted with the second factor: carries the account's clearance, otherwise at most internal. */
  secondFactor: boolean;
}

/** A sign-in lock: an account, from one address. */
export interface SignInLock {
  userId: string;
  username: string;
  displayName: string;
  address: string;
  failures: number;
  lockouts: number;
  lockedUntil: string | null;
  lastFailureAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  level: Level | null;
  requestId: string | null;
  detail: unknown;
  /** Above the reader's clearance or outside their need-to-know: object id and detail withheld. */
  redacted: boolean;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  brokenAt?: number | null;
  reason?: string | null;
}
