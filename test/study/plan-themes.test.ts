import { afterEach, describe, expect, it } from 'vitest';
import { suggestPlanThemes, themeSimilarity } from '../../src/study/theme-match.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';
import { studyOrg } from './fixture.ts';

describe('plan theme suggestions by text', () => {
  it('scores how much of a plan theme a session theme says, in Chinese and English', () => {
    expect(themeSimilarity('保密工作', '深入学习贯彻习近平总书记关于保密工作重要指示精神')).toBe(1);
    expect(themeSimilarity('社会主义精神文明建设', '认真学习习近平总书记关于社会主义精神文明建设的重要论述')).toBe(1);
    expect(themeSimilarity('Secrecy work', 'the spirit of the important instructions on secrecy work')).toBe(1);
    expect(themeSimilarity('保密工作', '意识形态工作责任制')).toBeLessThan(0.6);
    expect(themeSimilarity('', 'anything')).toBe(0);
  });

  it('suggests one plan theme per session theme, the closest, and none for a theme already linked', () => {
    const suggestions = suggestPlanThemes(
      [
        { id: 's1', text: '学习贯彻党的二十大精神，学习社会主义精神文明建设重要论述', planThemeId: null },
        { id: 's2', text: '学习习近平总书记关于保密工作重要指示精神', planThemeId: null },
        { id: 's3', text: '保密工作责任制', planThemeId: 'p3' },
      ],
      [
        { id: 'p1', title: '党的二十大精神' },
        { id: 'p2', title: '保密工作' },
        { id: 'p3', title: '保密工作责任制' },
        { id: 'p4', title: '乡村振兴' },
      ],
    );
    expect(suggestions.map((s) => [s.themeId, s.planThemeId])).toEqual([
      ['s1', 'p1'],
      ['s2', 'p2'],
    ]);
  });
});

describe.each(DIALECTS)('linking session themes to plan themes on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('offers the plan themes of the group and year with suggestions, and counts linked themes of held sessions in coverage', async () => {
    server = await testServer(dialect);
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const plan = (await clerk.post('/api/study/plans', { groupId: org.group.id, year: 2024, title: '2024年度学习计划', level: 'public' })).json();
    await clerk.post(`/api/study/plans/${plan.id}/themes`, { title: '保密工作', plannedMonth: 3 });
    const withThemes = (await clerk.post(`/api/study/plans/${plan.id}/themes`, { title: '社会主义精神文明建设', plannedMonth: 6 })).json();
    const [secrecy, civilization] = withThemes.themes as { id: string }[];
    // Another year's plan is not offered.
    const other = (await clerk.post('/api/study/plans', { groupId: org.group.id, year: 2025, title: '2025年度学习计划', level: 'public' })).json();
    await clerk.post(`/api/study/plans/${other.id}/themes`, { title: '保密工作' });

    const session = (
      await clerk.post('/api/study/sessions', {
        groupId: org.group.id,
        date: '2024-03-05',
        halfDay: 'afternoon',
        level: 'public',
        themes: [{ text: '认真学习习近平总书记关于社会主义精神文明建设的重要论述' }, { text: '学习习近平总书记关于保密工作重要指示精神' }],
      })
    ).json();
    const offered = await clerk.get(`/api/study/sessions/${session.id}/plan-themes`);
    expect(offered.statusCode, offered.body).toBe(200);
    const body = offered.json();
    expect(body.year).toBe(2024);
    expect(body.items.map((t: { title: string; planTitle: string }) => `${t.planTitle}/${t.title}`)).toEqual(['2024年度学习计划/保密工作', '2024年度学习计划/社会主义精神文明建设']);
    expect(body.suggestions.map((s: { themeId: string; planThemeId: string }) => [s.themeId, s.planThemeId])).toEqual(
      expect.arrayContaining([
        [session.themes[0].id, civilization!.id],
        [session.themes[1].id, secrecy!.id],
      ]),
    );

    for (const s of body.suggestions as { themeId: string; planThemeId: string }[]) {
      expect((await clerk.patch(`/api/study/themes/${s.themeId}`, { planThemeId: s.planThemeId })).statusCode).toBe(200);
    }
    // Linked but not held yet: coverage waits for the session to take place.
    expect((await clerk.get(`/api/study/plans/${plan.id}`)).json().themes.every((t: { studied: boolean }) => !t.studied)).toBe(true);
    expect((await clerk.get(`/api/study/sessions/${session.id}/plan-themes`)).json().suggestions).toEqual([]);
    await clerk.post(`/api/study/sessions/${session.id}/held`, { date: '2024-03-05' });
    const covered = (await clerk.get(`/api/study/plans/${plan.id}`)).json();
    expect(covered.themes.map((t: { studied: boolean; sessionsHeld: number }) => [t.studied, t.sessionsHeld])).toEqual([
      [true, 1],
      [true, 1],
    ]);
    const ledger = (await clerk.get(`/api/study/ledgers/groups/${org.group.id}?year=2024`)).json();
    expect(ledger.totals).toMatchObject({ plannedThemes: 2, studiedThemes: 2, notYetStudied: [] });

    // A theme of another group's plan is refused.
    const elsewhere = await clerk.patch(`/api/study/themes/${session.themes[0].id}`, { planThemeId: 'no-such-theme' });
    expect(elsewhere.statusCode).toBe(400);
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    expect((await viewer.get(`/api/study/sessions/${session.id}/plan-themes`)).statusCode).toBe(200);
    expect((await viewer.get('/api/study/sessions/nope/plan-themes')).statusCode).toBe(404);
  });
});
