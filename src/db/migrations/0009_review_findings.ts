import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any> by design: they describe tables that the typed schema does not yet know.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Pre-publication review, second version:
 * - every fingerprinted text names the record whose knowable scope decides who may know it (a
 *   speech's session; the record itself otherwise) and the SHA-256 of what was indexed, so writes
 *   index again only what changed. Texts written before this are indexed on the next start
 *   (backfillFingerprints, src/secrecy/review/backfill.ts), which reads them with the current code.
 * - a stored finding carries a level (its source's for copied text, the review's otherwise), a
 *   stable code and parameters for its explanation, and whether it blocks publication or is a
 *   warning that may be dismissed.
 * - the audit log is searched by actor and time to rate-limit review scans.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('secrecy_text_sources').addColumn('parent_type', 'text').execute();
  await db.schema.alterTable('secrecy_text_sources').addColumn('parent_id', 'text').execute();
  await db.schema.alterTable('secrecy_text_sources').addColumn('text_sha256', 'text').execute();
  // Until now only minutes were indexed, with their session as the record: their own parent.
  await db.updateTable('secrecy_text_sources').set({ parent_type: sql.ref('record_type'), parent_id: sql.ref('record_id') }).execute();
  await db.schema.createIndex('secrecy_text_sources_parent').on('secrecy_text_sources').columns(['parent_type', 'parent_id']).execute();

  await db.schema.alterTable('publication_review_findings').addColumn('level', 'text', (c) => c.notNull().defaultTo('internal')).execute();
  await db.schema.alterTable('publication_review_findings').addColumn('code', 'text').execute();
  await db.schema.alterTable('publication_review_findings').addColumn('params', 'text').execute();
  await db.schema.alterTable('publication_review_findings').addColumn('blocking', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db
    .updateTable('publication_review_findings')
    .set({ level: sql`coalesce(source_level, 'internal')` })
    .execute();

  await db.schema.createIndex('audit_events_actor_at').on('audit_events').columns(['actor_id', 'at']).execute();
}
