import type { CreateTableBuilder, Kysely } from 'kysely';

// Migrations take Kysely<any> by design: they describe tables that the typed schema does not yet know.
/* eslint-disable @typescript-eslint/no-explicit-any */
const withStamps = (t: CreateTableBuilder<any, any>) =>
  t.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());

/**
 * Secrecy records (issue 5): classified-post grades and their history, the carriers register with
 * its knowable scope, declassification jobs (lease, alerts, yearly reviews), responsibility letters,
 * self-inspection campaigns with findings and rectifications, and training records. Every record's
 * own `level` is at most internal: these tables describe secrets, they never hold them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clearances')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('highest_level', 'text', (c) => c.notNull())
    .addColumn('granted_on', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();

  await db.schema
    .createTable('clearance_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('highest_level', 'text', (c) => c.notNull())
    .addColumn('granted_on', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('account_clearance', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clearance_history_person').on('clearance_history').column('person_id').execute();

  await db.schema
    .createTable('carriers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('carrier_level', 'text', (c) => c.notNull())
    .addColumn('mark', 'text', (c) => c.notNull())
    .addColumn('original_mark', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text')
    .addColumn('custodian_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('location', 'text')
    .addColumn('copies', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('received_on', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_on', 'text')
    .addColumn('state_witness', 'text')
    .addColumn('declassified_on', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('carriers_period_end').on('carriers').columns(['carrier_level', 'period_end']).execute();

  await db.schema
    .createTable('carrier_scope')
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('carrier_scope_pk', ['carrier_id', 'subject_type', 'subject_id'])
    .execute();

  await db.schema
    .createTable('secrecy_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('leased_until', 'text')
    .addColumn('leased_by', 'text')
    .addColumn('last_run_at', 'text')
    .execute();

  await db.schema
    .createTable('secrecy_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('secrecy_alerts_once', ['kind', 'carrier_id', 'due_on'])
    .execute();
  await db.schema.createIndex('secrecy_alerts_person').on('secrecy_alerts').column('person_id').execute();

  await db.schema
    .createTable('carrier_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('carrier_id', 'text', (c) => c.notNull().references('carriers.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('new_mark', 'text')
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .addUniqueConstraint('carrier_reviews_once', ['carrier_id', 'year'])
    .execute();

  await db.schema
    .createTable('letter_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('letter_templates_version', ['year', 'version'])
    .execute();

  await db.schema
    .createTable('letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('template_id', 'text', (c) => c.notNull().references('letter_templates.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addColumn('signed_template_id', 'text')
    .addColumn('signed_hash', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .addUniqueConstraint('letters_once', ['year', 'person_id'])
    .execute();

  await db.schema
    .createTable('inspection_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();

  await db.schema
    .createTable('inspection_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull().references('inspection_templates.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();

  await db.schema
    .createTable('inspection_units')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('inspection_campaigns.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addPrimaryKeyConstraint('inspection_units_pk', ['campaign_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('inspection_answers')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('inspection_campaigns.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_answers_pk', ['campaign_id', 'unit_id', 'item_code'])
    .execute();

  await db.schema
    .createTable('inspection_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('inspection_campaigns.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('item_code', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();

  await db.schema
    .createTable('rectifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('finding_id', 'text', (c) => c.notNull().references('inspection_findings.id').onDelete('cascade'))
    .addColumn('owner_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();

  await db.schema
    .createTable('training_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('course', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('hours', 'real', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .$call(withStamps)
    .execute();
  await db.schema.createIndex('training_records_person_date').on('training_records').columns(['person_id', 'date']).execute();
}
