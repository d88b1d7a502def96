import type { Context } from '../context.ts';
import type { Actor } from '../security/actor.ts';
import { joinedNames, type JoinedName } from '../security/joined-names.ts';
import { visibleTo } from '../security/knowable.ts';
import { can, readableLevels } from '../security/policy.ts';
import { knownIds } from '../security/reads.ts';
import type { RecordRef, RecordType } from './compute.ts';
import { inChunks } from '../db/chunks.ts';

/**
 * What a reader sees of the records behind a score. Each point keeps its effect (a task late by 12
 * days, an absence, an unsigned letter), so the arithmetic is always explained; the record's title
 * and link are shown only to a reader who may read that record, through the same rules as its own
 * page: a task or session by level and knowable scope (and a session's group and unit), a secrecy
 * record by the secrecy-read permission and its level. Anyone else sees that the point came from
 * a record they may not read, with no id, title or link.
 */
export interface ShownRecord {
  type: RecordType;
  id: string | null;
  hidden: boolean;
  title: string | null;
  path: string | null;
  effect: string;
  value: number | null;
  person: JoinedName | null;
}

/** Title and link of each record the reader may read, by `type:id`. */
async function readableTitles(ctx: Context, actor: Actor, refs: readonly RecordRef[]): Promise<Map<string, { title: string; path: string }>> {
  const db = ctx.database.db;
  const ids = (type: RecordType) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
  const shown = new Map<string, { title: string; path: string }>();
  const open = readableLevels(actor);

  for (const t of await inChunks(ids('duty_task'), (chunk) =>
    db.selectFrom('duty_tasks').select(['id', 'code', 'title']).where('id', 'in', chunk).where(visibleTo(actor, 'duty_task', 'duty_tasks.id', 'duty_tasks.level')).execute(),
  )) {
    shown.set(`duty_task:${t.id}`, { title: `${t.code} ${t.title}`, path: `/duties/tasks/${t.id}` });
  }

  const sessionIds = [...(await knownIds(db, actor, 'study_session', ids('study_session')))];
  for (const s of await inChunks(sessionIds, (chunk) => db.selectFrom('study_sessions').select(['id', 'date', 'form']).where('id', 'in', chunk).execute())) {
    shown.set(`study_session:${s.id}`, { title: s.date, path: `/study/sessions/${s.id}` });
  }
  // A session's title is its date and its first theme the reader may read.
  for (const th of await inChunks(sessionIds, (chunk) =>
    db.selectFrom('session_themes').select(['session_id', 'text']).where('session_id', 'in', chunk).where('level', 'in', open).orderBy('sort_order').execute(),
  )) {
    const entry = shown.get(`study_session:${th.session_id}`);
    if (entry && entry.title.length === 10) entry.title = `${entry.title} ${th.text}`;
  }

  const themeRows = await inChunks(ids('plan_theme'), (chunk) =>
    db
      .selectFrom('plan_themes')
      .innerJoin('study_plans', 'study_plans.id', 'plan_themes.plan_id')
      .select(['plan_themes.id', 'plan_themes.title', 'plan_themes.plan_id', 'study_plans.group_id'])
      .where('plan_themes.id', 'in', chunk)
      .where('plan_themes.level', 'in', open)
      .where('study_plans.level', 'in', open)
      .execute(),
  );
  const groupsKnown = await knownIds(db, actor, 'study_group', themeRows.map((t) => t.group_id));
  for (const t of themeRows) if (groupsKnown.has(t.group_id)) shown.set(`plan_theme:${t.id}`, { title: t.title, path: `/study/plans/${t.plan_id}` });

  // Secrecy records are read with the secrecy office's permission (src/secrecy/records-routes.ts).
  if (can(actor, 'secrecy.read')) {
    for (const l of await inChunks(ids('letter'), (chunk) => db.selectFrom('letters').select(['id', 'year', 'role']).where('id', 'in', chunk).where('level', 'in', open).execute())) {
      shown.set(`letter:${l.id}`, { title: `${l.year} 保密工作责任书 / secrecy responsibility letter`, path: `/secrecy/letters?year=${l.year}` });
    }
    for (const c of await inChunks(ids('inspection'), (chunk) => db.selectFrom('inspection_campaigns').select(['id', 'title']).where('id', 'in', chunk).where('level', 'in', open).execute())) {
      shown.set(`inspection:${c.id}`, { title: c.title, path: `/secrecy/inspections/${c.id}` });
    }
    for (const r of await inChunks(ids('rectification'), (chunk) =>
      db
        .selectFrom('rectifications')
        .innerJoin('inspection_findings', 'inspection_findings.id', 'rectifications.finding_id')
        .select(['rectifications.id', 'inspection_findings.description', 'rectifications.deadline'])
        .where('rectifications.id', 'in', chunk)
        .where('rectifications.level', 'in', open)
        .where('inspection_findings.level', 'in', open)
        .execute(),
    )) {
      shown.set(`rectification:${r.id}`, { title: `${r.description.slice(0, 80)}（${r.deadline}）`, path: '/secrecy/rectifications' });
    }
    for (const t of await inChunks(ids('training_record'), (chunk) => db.selectFrom('training_records').select(['id', 'course', 'date']).where('id', 'in', chunk).where('level', 'in', open).execute())) {
      shown.set(`training_record:${t.id}`, { title: `${t.date} ${t.course}`, path: '/secrecy/training' });
    }
  }
  if (can(actor, 'secrecy.review')) {
    for (const r of await inChunks(ids('publication_review'), (chunk) => db.selectFrom('publication_reviews').select(['id', 'title']).where('id', 'in', chunk).where('level', 'in', open).execute())) {
      shown.set(`publication_review:${r.id}`, { title: r.title, path: `/secrecy/reviews/${r.id}` });
    }
  }
  return shown;
}

/** The records behind a score as this reader may see them (ids, titles, links and people only where readable). */
export async function showRecords(ctx: Context, actor: Actor, refs: readonly RecordRef[]): Promise<ShownRecord[]> {
  const titles = await readableTitles(ctx, actor, refs);
  const names = await joinedNames(ctx.database.db, actor, refs.filter((r) => r.personId).map((r) => ({ type: 'person' as const, id: r.personId })));
  return refs.map((r) => {
    const seen = titles.get(`${r.type}:${r.id}`);
    return {
      type: r.type,
      id: seen ? r.id : null,
      hidden: !seen,
      title: seen?.title ?? null,
      path: seen?.path ?? null,
      effect: r.effect,
      value: r.value ?? null,
      person: r.personId ? names('person', r.personId) : null,
    };
  });
}
