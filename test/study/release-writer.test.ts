import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { loadDemo } from '../../src/org/demo.ts';
import { systemActor } from '../../src/security/actor.ts';
import { loadSessionRecord } from '../../src/study/record.ts';
import { writeRelease } from '../../src/study/release-writer.ts';
import { addPart, putMinutes, updateSession } from '../../src/study/sessions.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';
import { expectFactsInOrder, SEED_FACTS } from './release-facts.ts';

describe.each(DIALECTS)('release writer (%s)', (dialect) => {
  let ctx: Context;
  let dispose: () => Promise<void>;
  let sessionId: string;
  const actor = systemActor('test');

  beforeEach(async () => {
    ({ ctx, dispose } = await freshContext(dialect));
    await loadDemo(ctx);
    sessionId = (await ctx.database.db.selectFrom('study_sessions').select('id').executeTakeFirstOrThrow()).id;
  });
  afterEach(async () => dispose());

  it('writes the English release of the demo seed session with every fact of the seed, in the seed order', async () => {
    const release = writeRelease(await loadSessionRecord(ctx, actor, sessionId), 'en');
    expectFactsInOrder(release.text, SEED_FACTS);
    expect(release.omitted).toEqual([]);
  });

  it('writes the Chinese release in the same form', async () => {
    const { text } = writeRelease(await loadSessionRecord(ctx, actor, sessionId), 'zh');
    expectFactsInOrder(text, ['1月20日下午', '市委理论学习中心组举行集体学习', '市委书记Liu Qiang主持并讲话', '市委副书记、市长Yu Haitian', '市政协主席Lei Jie', '参加学习', 'Yu Haitian、Lei Jie、Yang Feng、Wang Hongzhi、Dai Longcheng、Li Guoqiang分别围绕学习主题作重点发言', 'The meeting pointed out that']);
  });

  it('leaves internal content out and reports what it left out and why', async () => {
    await addPart(ctx, actor, 'themes', sessionId, { text: 'INTERNAL THEME the cadre assessment shortlist', level: 'internal' });
    await addPart(ctx, actor, 'speeches', sessionId, { speakerPersonId: null, title: 'INTERNAL SPEECH on personnel', text: 'not for publication', kind: 'exchange', level: 'internal' });
    await addPart(ctx, actor, 'conclusions', sessionId, { kind: 'requirement', text: 'INTERNAL CONCLUSION: rectify the audit findings of unit 3 by March.', level: 'internal' });
    await putMinutes(ctx, actor, sessionId, { text: 'INTERNAL MINUTES of the discussion', level: 'internal' });
    const release = writeRelease(await loadSessionRecord(ctx, actor, sessionId), 'en');
    expect(release.text).not.toMatch(/INTERNAL/);
    expectFactsInOrder(release.text, SEED_FACTS);
    expect(release.omitted.map((o) => o.part).sort()).toEqual(['conclusion', 'minutes', 'speech', 'theme']);
    for (const item of release.omitted) {
      expect(item.level).toBe('internal');
      expect(item.reason).toMatch(/only public content goes into a release/);
      expect(item.label).toMatch(/INTERNAL|Minutes/);
    }
  });

  it('refuses a release of a session that is not public', async () => {
    await updateSession(ctx, actor, sessionId, { level: 'internal' });
    const record = await loadSessionRecord(ctx, actor, sessionId);
    expect(() => writeRelease(record, 'en')).toThrow(/only a public session/);
  });
});
