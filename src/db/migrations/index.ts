import type { Migration } from 'kysely';
import * as core from './0001_core.ts';
import * as study from './0002_study.ts';
import * as secrecyReview from './0003_secrecy_review.ts';
import * as secrecyRecords from './0004_secrecy_records.ts';
import * as knowable from './0005_knowable.ts';
import * as totpReplay from './0006_totp_replay.ts';
import * as separationOfDuties from './0007_separation_of_duties.ts';
import * as knowableMembers from './0008_knowable_members.ts';
import * as reviewFindings from './0009_review_findings.ts';
import * as releaseImport from './0011_release_import.ts';
import * as duties from './0012_duties.ts';
import * as notify from './0013_notify.ts';
import * as scale from './0014_scale.ts';
import * as auditRowid from './0015_audit_rowid.ts';
import * as ownPassword from './0016_own_password.ts';
import * as bilingualTexts from './0017_bilingual_texts.ts';
import * as assessment from './0018_assessment.ts';
import * as media from './0019_media.ts';
import * as webhooks from './0020_webhooks.ts';
import * as taskListIndexes from './0021_task_list_indexes.ts';
import * as listVersions from './0022_list_versions.ts';

/** Every migration in order; both dialects run the same list. */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_study': study,
  '0003_secrecy_review': secrecyReview,
  '0004_secrecy_records': secrecyRecords,
  '0005_knowable': knowable,
  '0006_totp_replay': totpReplay,
  '0007_separation_of_duties': separationOfDuties,
  '0008_knowable_members': knowableMembers,
  '0009_review_findings': reviewFindings,
  '0011_release_import': releaseImport,
  '0012_duties': duties,
  '0013_notify': notify,
  '0014_scale': scale,
  '0015_audit_rowid': auditRowid,
  '0016_own_password': ownPassword,
  '0017_bilingual_texts': bilingualTexts,
  '0018_assessment': assessment,
  '0019_media': media,
  '0020_webhooks': webhooks,
  '0021_task_list_indexes': taskListIndexes,
  '0022_list_versions': listVersions,
};
