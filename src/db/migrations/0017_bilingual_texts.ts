import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // A theme or conclusion may carry its text in both languages: `text` as recorded, and the
  // Chinese and English wording where the record has them, so a release is written in one
  // language (the seed's public facts are kept in English and in a Chinese rendering).
  for (const table of ['session_themes', 'conclusions']) {
    await db.schema.alterTable(table).addColumn('text_zh', 'text').execute();
    await db.schema.alterTable(table).addColumn('text_en', 'text').execute();
  }
}
