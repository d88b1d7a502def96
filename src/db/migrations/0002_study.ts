import type { CreateTableBuilder, Kysely } from 'kysely';

// Migrations take Kysely<any> by design: they describe tables that the typed schema does not yet know.
/* eslint-disable @typescript-eslint/no-explicit-any */
const withStamps = (t: CreateTableBuilder<any, any>) =>
  t.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());

/** Study plans, sessions and everything recorded about them; the search index; calendar feeds. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('study_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('study_groups.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('study_plans_group_year').on('study_plans').columns(['group_id', 'year']).execute();

  await db.schema
    .createTable('plan_themes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('study_plans.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('planned_month', 'integer')
    .addColumn('required_sessions', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hours_per_member', 'real')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('plan_themes_plan').on('plan_themes').column('plan_id').execute();

  await db.schema
    .createTable('study_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('study_groups.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('half_day', 'text')
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('place', 'text')
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('host_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('organizing_body', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('study_sessions_group_date').on('study_sessions').columns(['group_id', 'date']).execute();

  const part = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('study_sessions.id').onDelete('cascade'));

  await part('session_themes')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('plan_theme_id', 'text', (c) => c.references('plan_themes.id').onDelete('set null'))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('session_themes_session').on('session_themes').column('session_id').execute();
  await db.schema.createIndex('session_themes_plan_theme').on('session_themes').column('plan_theme_id').execute();

  await part('study_materials')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('body', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('study_materials_session').on('study_materials').column('session_id').execute();

  await db.schema
    .createTable('session_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('study_sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .addPrimaryKeyConstraint('session_attendance_pk', ['session_id', 'person_id'])
    .execute();
  await db.schema.createIndex('session_attendance_person').on('session_attendance').column('person_id').execute();

  await part('session_observers')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('session_observers_session').on('session_observers').column('session_id').execute();

  await part('session_guidance')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('session_guidance_session').on('session_guidance').column('session_id').execute();

  await part('speeches')
    .addColumn('speaker_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('speeches_session').on('speeches').column('session_id').execute();
  await db.schema.createIndex('speeches_speaker').on('speeches').column('speaker_person_id').execute();

  await part('session_minutes')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_by_id', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('session_minutes_session').on('session_minutes').column('session_id').unique().execute();

  await part('conclusions')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('conclusions_session').on('conclusions').column('session_id').execute();

  await part('session_revisions')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_revisions_session').on('session_revisions').column('session_id').execute();

  await db.schema
    .createTable('search_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('weight', 'real', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_terms_term').on('search_terms').column('term').execute();
  await db.schema.createIndex('search_terms_record').on('search_terms').columns(['record_type', 'record_id']).execute();
  await db.schema.createIndex('search_terms_session').on('search_terms').column('session_id').execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('max_level', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('calendar_feeds_user').on('calendar_feeds').column('user_id').execute();
}
