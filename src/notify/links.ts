import type { Executor } from '../db/database.ts';
import type { Actor } from '../security/actor.ts';
import { visibleTo } from '../security/knowable.ts';
import { atMost, type Level } from '../security/levels.ts';

/**
 * The records a notification can point at. For each: where its page is, what it is called, and which
 * of a list of them a reader may read, through the access policy (level and need-to-know), asked at
 * the moment the notification is shown or mailed.
 */
export const LINKED_TYPES = ['duty_task'] as const;
export type LinkedType = (typeof LINKED_TYPES)[number];

interface LinkedRecord {
  title: string;
  /** A reference that says nothing of the content (a task's code), shown instead of a title above internal. */
  code: string;
  level: Level;
}

interface LinkedKind {
  label: { zh: string; en: string };
  path(id: string): string;
  readable(db: Executor, actor: Actor, ids: readonly string[]): Promise<Map<string, LinkedRecord>>;
}

const CHUNK = 500;

const KINDS: Record<LinkedType, LinkedKind> = {
  duty_task: {
    label: { zh: '督办事项', en: 'Supervised task' },
    path: (id) => `/duties/tasks/${encodeURIComponent(id)}`,
    async readable(db, actor, ids) {
      const found = new Map<string, LinkedRecord>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .selectFrom('duty_tasks')
          .select(['id', 'title', 'code', 'level'])
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .where(visibleTo(actor, 'duty_task', 'duty_tasks.id', 'duty_tasks.level'))
          .execute();
        for (const r of rows) found.set(r.id, { title: r.title, code: r.code, level: r.level });
      }
      return found;
    },
  },
};

export function linkedKind(type: string): LinkedKind | undefined {
  return Object.hasOwn(KINDS, type) ? KINDS[type as LinkedType] : undefined;
}

export interface SafeLink {
  path: string;
  /** Null when the reader may not read the record (any more): the notification then names only its kind. */
  title: string | null;
}

/**
 * What a notification may show of its record to this reader: nothing when the reader may not read
 * it; its title when it is at most internal; its code otherwise, since no text above internal goes
 * into a notification or an e-mail (the reader opens the record itself for the rest, audited there).
 */
export async function safeLinks(db: Executor, actor: Actor, refs: readonly { objectType: string; objectId: string }[]): Promise<Map<string, SafeLink>> {
  const byType = new Map<string, string[]>();
  for (const ref of refs) byType.set(ref.objectType, [...(byType.get(ref.objectType) ?? []), ref.objectId]);
  const links = new Map<string, SafeLink>();
  for (const [type, ids] of byType) {
    const kind = linkedKind(type);
    if (!kind) continue;
    const readable = await kind.readable(db, actor, ids);
    for (const id of ids) {
      const record = readable.get(id);
      const title = record ? (atMost(record.level, 'internal') ? record.title : record.code) : null;
      links.set(`${type}:${id}`, { path: kind.path(id), title });
    }
  }
  return links;
}
