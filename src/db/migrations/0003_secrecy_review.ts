import type { Kysely } from 'kysely';

// Migrations take Kysely<any> by design: they describe tables that the typed schema does not yet know.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Pre-publication review: keyword lists, text fingerprints of records above public, the review register. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('secrecy_keyword_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('term_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('secrecy_keywords')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull().references('secrecy_keyword_lists.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('folded', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('secrecy_keywords_list_folded', ['list_id', 'folded'])
    .execute();

  await db.schema
    .createTable('secrecy_text_sources')
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('text_length', 'integer', (c) => c.notNull())
    .addColumn('fingerprint_count', 'integer', (c) => c.notNull())
    .addColumn('indexed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('secrecy_text_sources_pk', ['record_type', 'record_id'])
    .execute();

  await db.schema
    .createTable('secrecy_fingerprints')
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'integer', (c) => c.notNull())
    .addColumn('pos', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('secrecy_fingerprints_hash').on('secrecy_fingerprints').column('hash').execute();
  await db.schema.createIndex('secrecy_fingerprints_record').on('secrecy_fingerprints').columns(['record_type', 'record_id']).execute();

  await db.schema
    .createTable('publication_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('draft_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('draft_length', 'integer', (c) => c.notNull())
    .addColumn('has_star_mark', 'integer', (c) => c.notNull())
    .addColumn('drafted_by', 'text')
    .addColumn('reviewer_id', 'text')
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('approver_id', 'text')
    .addColumn('approver_name', 'text')
    .addColumn('outcome', 'text')
    .addColumn('basis', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('publication_review_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('publication_reviews.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('start_offset', 'integer', (c) => c.notNull())
    .addColumn('end_offset', 'integer', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('source_level', 'text')
    .addColumn('resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by_id', 'text')
    .addColumn('resolved_by_name', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('publication_review_findings_review').on('publication_review_findings').columns(['review_id', 'seq']).execute();
}
