import type { Selectable } from 'kysely';
import type { Level } from '../security/levels.ts';

/** The news release tables (migration 0019_media); timestamps ISO text. */
type Timestamp = string;

export const RELEASE_STATES = ['draft', 'reviewed', 'approved', 'scheduled', 'published', 'retracted'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];
export const VERSION_STATES = [...RELEASE_STATES, 'superseded'] as const;
export type VersionState = (typeof VERSION_STATES)[number];
export const RELEASE_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReleaseLanguage = (typeof RELEASE_LANGUAGES)[number];
export const RELEASE_SOURCES = ['writer', 'import', 'manual'] as const;
export type ReleaseSource = (typeof RELEASE_SOURCES)[number];

/**
 * A news release: what stays the same across its versions. `state` is the state of its latest
 * version; `live_version` is the version the public pages and feeds show (null: none).
 */
export interface MediaReleaseTable {
  id: string;
  slug: string | null;
  language: ReleaseLanguage;
  session_id: string | null;
  source: ReleaseSource;
  author_id: string | null;
  author_name: string;
  level: Level;
  state: ReleaseState;
  latest_version: number;
  live_version: number | null;
  first_published_at: Timestamp | null;
  retracted_at: Timestamp | null;
  retracted_by_id: string | null;
  retracted_by_name: string | null;
  retract_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One version of a release: its text, its review (bound to the text's SHA-256), its approval and publication. */
export interface MediaReleaseVersionTable {
  id: string;
  release_id: string;
  version: number;
  title: string;
  body: string;
  /** SHA-256 of the text as reviewed (title, blank line, body). */
  text_sha256: string;
  state: VersionState;
  /** The reason a correction was made (versions after the first). */
  change_note: string | null;
  drafted_by_id: string | null;
  drafted_by_name: string;
  review_id: string | null;
  reviewed_sha256: string | null;
  reviewed_at: Timestamp | null;
  approved_by_id: string | null;
  approved_by_name: string | null;
  approved_at: Timestamp | null;
  scheduled_at: Timestamp | null;
  published_by_id: string | null;
  published_by_name: string | null;
  published_at: Timestamp | null;
  superseded_at: Timestamp | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MediaTables {
  media_releases: MediaReleaseTable;
  media_release_versions: MediaReleaseVersionTable;
}

export type MediaRelease = Selectable<MediaReleaseTable>;
export type MediaReleaseVersion = Selectable<MediaReleaseVersionTable>;
