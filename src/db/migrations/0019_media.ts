import type { Kysely } from 'kysely';

// Migrations take Kysely<any> by design: they describe tables that the typed schema does not yet know.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** News releases (src/media/): a release and its versions, each reviewed, approved and published. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media_releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.references('study_sessions.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('live_version', 'integer')
    .addColumn('first_published_at', 'text')
    .addColumn('retracted_at', 'text')
    .addColumn('retracted_by_id', 'text')
    .addColumn('retracted_by_name', 'text')
    .addColumn('retract_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_releases_state').on('media_releases').columns(['state', 'updated_at']).execute();

  await db.schema
    .createTable('media_release_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'text', (c) => c.notNull().references('media_releases.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('text_sha256', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('drafted_by_id', 'text')
    .addColumn('drafted_by_name', 'text', (c) => c.notNull())
    .addColumn('review_id', 'text', (c) => c.references('publication_reviews.id'))
    .addColumn('reviewed_sha256', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('approved_by_id', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('scheduled_at', 'text')
    .addColumn('published_by_id', 'text')
    .addColumn('published_by_name', 'text')
    .addColumn('published_at', 'text')
    .addColumn('superseded_at', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('media_release_versions_number', ['release_id', 'version'])
    .execute();
  await db.schema.createIndex('media_release_versions_scheduled').on('media_release_versions').columns(['state', 'scheduled_at']).execute();
}
