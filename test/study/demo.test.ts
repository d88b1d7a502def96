import { afterEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/org/demo.ts';
import { systemActor } from '../../src/security/actor.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { loadSessionRecord } from '../../src/study/record.ts';
import { searchStudy } from '../../src/study/search.ts';
import { listSessions } from '../../src/study/sessions.ts';
import { KEY_SPEECH_TITLE, SEED_CONCLUSIONS, SEED_KEY_SPEAKERS, SEED_THEMES } from '../../src/study/demo.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';

const publicReader = { ...systemActor('reader'), kind: 'user' as const, id: 'reader', roles: ['viewer' as const], clearance: 'public' as const };

describe.each(DIALECTS)('demo seed session on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('holds the whole seed session at level public', async () => {
    const env = await freshContext(dialect);
    dispose = env.dispose;
    await loadDemo(env.ctx);
    const list = await listSessions(env.ctx, publicReader, { page: 1, pageSize: 50, order: 'asc' }, {});
    expect(list.total).toBe(1);
    const record = await loadSessionRecord(env.ctx, publicReader, list.items[0]!.id);
    expect(record).toMatchObject({
      date: '2023-01-20',
      halfDay: 'afternoon',
      status: 'held',
      level: 'public',
      highestLevel: 'public',
      organizingBody: 'Municipal Party Committee',
      group: { nameEn: 'Theoretical Learning Center Group of the Municipal Party Committee' },
      host: { name: 'Liu Qiang', titles: [{ zh: '市委书记', en: 'Secretary of the Municipal Party Committee' }] },
    });
    expect(record.themes.map((t) => t.text)).toEqual(SEED_THEMES);
    expect(record.themes[0]!.text).toMatch(/^thoroughly study and implement the spirit of the 20th National Congress/);
    expect(record.themes[1]!.text).toMatch(/important instructions on secrecy work/);
    expect(record.attendance).toHaveLength(7);
    expect(record.attendance.every((a) => a.status === 'present')).toBe(true);
    expect(record.attendance.map((a) => a.role)).toEqual(['host', 'participant', 'participant', 'participant', 'speaker', 'speaker', 'speaker']);
    expect(record.attendance.map((a) => a.name)[0]).toBe('Liu Qiang');
    expect(record.speeches).toHaveLength(7);
    expect(record.speeches[0]).toMatchObject({ kind: 'host_speech', speaker: { name: 'Liu Qiang' } });
    expect(record.speeches.slice(1).map((s) => s.speaker?.name)).toEqual(SEED_KEY_SPEAKERS);
    expect(record.speeches.slice(1).every((s) => s.kind === 'key_speech' && s.title === KEY_SPEECH_TITLE && s.text === '')).toBe(true);
    expect(record.speeches[1]!.speaker!.titles.map((t) => t.en)).toEqual(['Deputy Secretary of the Municipal Party Committee', 'Mayor']);
    // The paragraph the meeting "pointed out" is findings, "must" and all; the two it "emphasized" are requirements.
    expect(record.conclusions.map((c) => c.kind)).toEqual(['finding', 'finding', 'finding', 'finding', 'finding', 'requirement', 'requirement']);
    expect(record.conclusions.map((c) => c.text)).toEqual(SEED_CONCLUSIONS.map((c) => c.text));
    expect(record.conclusions[0]!.text).toMatch(/^The meeting pointed out that since the 18th/);
    expect(record.conclusions[5]!.text).toMatch(/^The meeting emphasized that it is necessary to fully understand the extreme importance of confidentiality work/);
    expect(record.minutes).toBeNull();
    expect(record.observers).toEqual([]);

    const hits = await searchStudy(env.ctx, publicReader, 'civilized');
    expect(hits.items.some((h) => h.type === 'conclusion' && h.snippet.includes('<mark>civilized</mark>'))).toBe(true);
    expect(hits.items.some((h) => h.snippet.includes('<mark>civilization</mark>'))).toBe(true);
    expect(await verifyAudit(env.ctx.database.db)).toMatchObject({ ok: true });
  });
});
