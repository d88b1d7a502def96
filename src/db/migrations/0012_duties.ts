import type { CreateTableBuilder, Kysely } from 'kysely';

// Migrations take Kysely<any> by design: they describe tables that the typed schema does not yet know.
/* eslint-disable @typescript-eslint/no-explicit-any */
const withStamps = (t: CreateTableBuilder<any, any>) =>
  t.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());

/**
 * Duties (issue 10, docs/duties-api.md): responsibility areas, supervised tasks with their
 * milestones, subtasks, timeline, progress reports and evidence, extension requests, and the
 * holiday calendar that working days follow. A task's parts carry the task's level.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('duty_areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('description', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema
    .createTable('duty_area_leaders')
    .addColumn('area_id', 'text', (c) => c.notNull().references('duty_areas.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('duty_area_leaders_pk', ['area_id', 'person_id', 'role'])
    .execute();
  await db.schema
    .createTable('duty_area_units')
    .addColumn('area_id', 'text', (c) => c.notNull().references('duty_areas.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('duty_area_units_pk', ['area_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('duty_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.references('duty_areas.id').onDelete('set null'))
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_conclusion_id', 'text', (c) => c.references('conclusions.id').onDelete('set null'))
    .addColumn('source_session_id', 'text', (c) => c.references('study_sessions.id').onDelete('set null'))
    .addColumn('source_text', 'text')
    .addColumn('source_date', 'text')
    .addColumn('lead_leader_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('lead_unit_id', 'text', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('responsible_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('original_deadline', 'text', (c) => c.notNull())
    .addColumn('report_frequency', 'text', (c) => c.notNull())
    .addColumn('report_dates', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_back', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_requested_by', 'text')
    .addColumn('cancel_requested_by_person', 'text')
    .addColumn('cancel_requested_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('completion_reported_by', 'text')
    .addColumn('created_by', 'text')
    .$call(withStamps)
    .execute();
  for (const column of ['state', 'area_id', 'lead_unit_id', 'lead_leader_person_id', 'responsible_person_id', 'deadline', 'source_conclusion_id']) {
    await db.schema.createIndex(`duty_tasks_${column}`).on('duty_tasks').column(column).execute();
  }
  await db.schema
    .createTable('duty_task_units')
    .addColumn('task_id', 'text', (c) => c.notNull().references('duty_tasks.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('duty_task_units_pk', ['task_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('duty_task_units_unit').on('duty_task_units').column('unit_id').execute();

  const part = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('task_id', 'text', (c) => c.notNull().references('duty_tasks.id').onDelete('cascade'));

  await part('duty_milestones')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done_at', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('duty_milestones_task').on('duty_milestones').column('task_id').execute();

  await part('duty_subtasks')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('responsible_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('duty_subtasks_task').on('duty_subtasks').column('task_id').execute();

  await part('duty_events')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('detail', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_events_task_at').on('duty_events').columns(['task_id', 'at']).execute();

  await part('duty_reports')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period', 'text')
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reporter_person_id', 'text')
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_reports_task').on('duty_reports').column('task_id').execute();

  // Evidence is kept in the database (no file store to back up apart from it), base64 text so both
  // dialects hold it alike; the service caps each file's size.
  await part('duty_files')
    .addColumn('report_id', 'text', (c) => c.notNull().references('duty_reports.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_files_report').on('duty_files').column('report_id').execute();

  await part('duty_extensions')
    .addColumn('old_deadline', 'text', (c) => c.notNull())
    .addColumn('new_deadline', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requester_person_id', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_extensions_task').on('duty_extensions').column('task_id').execute();

  await db.schema
    .createTable('duty_holidays')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
}
