import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { loadDemo } from '../../src/org/demo.ts';
import { systemActor } from '../../src/security/actor.ts';
import { loadSessionRecord } from '../../src/study/record.ts';
import { writeRelease } from '../../src/study/release-writer.ts';
import { addPart, putMinutes, updateSession } from '../../src/study/sessions.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';
import { asExpected, corpus, norm } from '../../bench/importer/score.ts';
import { confirmBody, confirmImport, knownPeople } from '../../src/study/release-confirm.ts';
import { draftPeople, importRelease, matchPeople } from '../../src/study/release-importer.ts';
import { BLIND_DEV, expectFactsInOrder, SEED_FACTS, SEED_PUBLISHED_ON, SEED_TEXT } from './release-facts.ts';

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

  it('writes the Chinese release in the same form, in Chinese throughout apart from the pinyin names', async () => {
    const { text, fallback } = writeRelease(await loadSessionRecord(ctx, actor, sessionId), 'zh');
    expectFactsInOrder(text, [
      '1月20日下午',
      '市委理论学习中心组举行集体学习',
      '深入学习贯彻党的二十大精神',
      '保密工作的重要指示精神',
      '市委书记Liu Qiang主持并讲话',
      '市委副书记、市长Yu Haitian',
      '市政协主席Lei Jie',
      '参加学习',
      'Yu Haitian、Lei Jie、Yang Feng、Wang Hongzhi、Dai Longcheng、Li Guoqiang分别围绕学习主题作重点发言',
      '会议指出，党的十八大以来',
      '全国文明典范城市',
      '会议强调，要充分认识保密工作的极端重要性',
      '会议强调，春节将至',
    ]);
    const names = /Liu Qiang|Yu Haitian|Lei Jie|Yang Feng|Wang Hongzhi|Dai Longcheng|Li Guoqiang/g;
    expect(text.replace(names, '')).not.toMatch(/[A-Za-z]/);
    expect(fallback).toEqual([]);
    // Each conclusion paragraph once: the findings' paragraph and the two requirements.
    expect(text.match(/会议指出/g)).toHaveLength(1);
    expect(text.match(/会议强调/g)).toHaveLength(2);
  });

  it('writes a part kept in one language only as recorded, and lists it, never mixing silently', async () => {
    await addPart(ctx, actor, 'themes', sessionId, { text: 'study the new regulations on archives', level: 'public' });
    await addPart(ctx, actor, 'conclusions', sessionId, { kind: 'requirement', text: '要做好档案工作。', textEn: 'It is necessary to do archives work well.', level: 'public' });
    const zh = writeRelease(await loadSessionRecord(ctx, actor, sessionId), 'zh');
    expect(zh.fallback).toEqual([{ part: 'theme', id: expect.any(String), writtenIn: 'en', label: 'study the new regulations on archives' }]);
    expect(zh.text).toContain('要做好档案工作');
    const en = writeRelease(await loadSessionRecord(ctx, actor, sessionId), 'en');
    expect(en.fallback).toEqual([]);
    expect(en.text).toContain('do archives work well');
    expect(en.text).not.toContain('档案');
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

// Round trip: a release read, confirmed and written again reads the same. The written release
// keeps each conclusion's kind and lead-in, the collective speech, observers and guidance.
const ROUND_TRIP = ['zh-02-county-party-committee', 'zh-08-peoples-congress', 'zh-28-district', 'en-19-county-party-committee', 'en-28-district', 'en-13-hospital'];

describe.each(DIALECTS)('release round trip (%s)', (dialect) => {
  let ctx: Context;
  let dispose: () => Promise<void>;
  let groupId: string;
  const actor = systemActor('test');
  const releases = [...corpus([BLIND_DEV]).filter((r) => ROUND_TRIP.includes(r.name)), { name: 'seed', text: SEED_TEXT, language: 'en' as const, publishedOn: SEED_PUBLISHED_ON }];

  beforeEach(async () => {
    ({ ctx, dispose } = await freshContext(dialect));
    await loadDemo(ctx);
    groupId = (await ctx.database.db.selectFrom('study_groups').select('id').executeTakeFirstOrThrow()).id;
  });
  afterEach(async () => dispose());

  it('reads the same facts from the release it writes of an imported release', async () => {
    expect(releases).toHaveLength(ROUND_TRIP.length + 1);
    const known = await knownPeople(ctx, actor);
    for (const release of releases) {
      const draft = importRelease(release.text, { publishedOn: release.publishedOn });
      const matches = matchPeople(draftPeople(draft), known);
      const personId = (name: string) => {
        const m = matches.find((x) => x.name === name)?.match;
        return m && m !== 'new' ? m : null;
      };
      const person = (p: { name: string; titles: string[] }) => ({ name: p.name, titles: p.titles, personId: personId(p.name) });
      const { record } = await confirmImport(
        ctx,
        actor,
        confirmBody.parse({
          groupId,
          date: draft.date?.value ?? '2024-01-01',
          halfDay: draft.halfDay?.value ?? 'morning',
          language: draft.language,
          themes: draft.themes.map((t) => t.value),
          host: draft.host ? { ...person(draft.host), spoke: draft.host.spoke, speech: draft.host.speech } : null,
          participants: draft.participants.map(person),
          speakers: draft.speakers.map(person),
          speechKind: draft.speech?.kind,
          speechWords: draft.speech?.words.value,
          collectiveSpeech: draft.collectiveSpeech?.value,
          observers: draft.observers.map((o) => ({ name: o.name, titles: o.titles })),
          guidance: draft.guidance.map((g) => g.value),
          conclusions: draft.conclusions.map((c) => ({ kind: c.kind, text: c.value, leadIn: c.leadIn })),
          importAnyway: true,
        }),
      );
      const written = writeRelease(await loadSessionRecord(ctx, actor, record.id), release.language).text;
      const again = asExpected(importRelease(written, { publishedOn: release.publishedOn }));
      const first = asExpected(draft);
      const names = (xs: { name: string }[]) => xs.map((x) => x.name).sort();
      // A release without a day was confirmed with a day the clerk chose: the written one has it.
      const facts = (e: typeof first) => ({
        date: first.date ? e.date : null,
        halfDay: first.date ? e.halfDay : null,
        themes: e.themes.map(norm),
        host: e.host?.name ?? null,
        hostSpoke: e.hostSpoke,
        participants: names(e.participants),
        speakers: e.speakers,
        collectiveSpeech: e.collectiveSpeech,
        observers: e.observers.map(norm),
        guidance: e.guidance.map(norm),
        findings: e.findings.map(norm),
        requirements: e.requirements.map(norm),
      });
      expect(facts(again), `${release.name}\n--- written ---\n${written}`).toEqual(facts(first));
    }
  });
});
