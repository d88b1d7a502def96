import type { Context } from '../../src/context.ts';
import { newId, now } from '../../src/ids.ts';
import type { Level } from '../../src/security/levels.ts';

/** A person with an e-mail address, for accounts that receive notification e-mail. */
export async function plantPerson(ctx: Context, name: string, email: string | null, level: Level = 'internal'): Promise<string> {
  const id = newId();
  const stamp = now();
  await ctx.database.db.insertInto('people').values({ id, name, name_en: null, email, phone: null, note: null, level, created_at: stamp, updated_at: stamp }).execute();
  return id;
}

let counter = 0;

/** A task row as the duties service stores it; a task above internal gets a scope naming `knownTo`. */
export async function plantTask(
  ctx: Context,
  input: { title: string; level?: Level; state?: string; deadline?: string; knownTo?: string[]; responsiblePersonId?: string | null; leadUnitId?: string | null; leadLeaderPersonId?: string | null },
): Promise<{ id: string; code: string }> {
  const id = newId();
  const code = `DB-TEST-${String(++counter).padStart(4, '0')}-${id.slice(0, 4)}`;
  const stamp = now();
  const deadline = input.deadline ?? '2030-12-31';
  await ctx.database.db
    .insertInto('duty_tasks')
    .values({
      id,
      code,
      title: input.title,
      content: `${input.title}（内容）`,
      level: input.level ?? 'internal',
      state: input.state ?? 'accepted',
      area_id: null,
      source_kind: 'manual',
      source_conclusion_id: null,
      source_session_id: null,
      source_text: null,
      source_date: null,
      lead_leader_person_id: input.leadLeaderPersonId ?? null,
      lead_unit_id: input.leadUnitId ?? null,
      responsible_person_id: input.responsiblePersonId ?? null,
      deadline,
      original_deadline: deadline,
      report_frequency: 'once',
      report_dates: null,
      assigned_at: stamp,
      accepted_at: stamp,
      completed_at: null,
      verified_at: null,
      closed_at: null,
      cancelled_at: null,
      cancel_requested_by: null,
      cancel_requested_by_person: null,
      cancel_requested_at: null,
      cancel_reason: null,
      completion_reported_by: null,
      created_by: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  for (const personId of input.knownTo ?? []) {
    await ctx.database.db.insertInto('knowable_scope').values({ object_type: 'duty_task', object_id: id, subject_type: 'person', subject_id: personId, reason: 'test', added_by: null, added_at: stamp }).execute();
  }
  return { id, code };
}
