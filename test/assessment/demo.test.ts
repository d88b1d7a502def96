import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/org/demo.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

/** The demo's 2023 assessment scores the demo units differently, for reasons each breakdown names. */
describe.each(DIALECTS)('assessment demo (%s)', (dialect) => {
  let server: TestServer;
  let office: Client;
  beforeAll(async () => {
    server = await testServer(dialect);
    await loadDemo(server.ctx);
    office = await server.signIn({ username: 'office-demo', roles: ['supervisor'] });
  });
  afterAll(async () => server?.dispose());

  it('ranks the demo units with different totals and explains the lowest', async () => {
    const schemes = (await office.get('/api/duties/assessment/schemes')).json().items;
    expect(schemes.map((s: { year: number }) => s.year)).toContain(2023);
    const id = schemes.find((s: { year: number }) => s.year === 2023).id;
    const ranking = (await office.get(`/api/duties/assessment/schemes/${id}/scores?subjectType=unit`)).json();
    const totals = ranking.items.map((r: { total: number }) => r.total);
    expect(new Set(totals).size).toBeGreaterThan(2);
    const last = ranking.items.at(-1);
    expect(last.subject.nameEn).toBe('Municipal Committee of the CPPCC');
    const why = (await office.get(`/api/duties/assessment/schemes/${id}/scores/unit/${last.subject.id}`)).json();
    const kinds = (k: string) => why.indicators.find((i: { kind: string }) => i.kind === k);
    expect(kinds('secrecy_inspection').points).toBe(0);
    expect(kinds('secrecy_rectification').records.map((r: { effect: string }) => r.effect)).toEqual(['open']);
    expect(kinds('secrecy_letter').records.map((r: { effect: string }) => r.effect)).toEqual(['signed_late']);
    expect(kinds('secrecy_training').inputs).toMatchObject({ hours: 3, expected: 8 });
    expect(why.deduction).toBe(1);
    const leaders = (await office.get(`/api/duties/assessment/schemes/${id}/scores?subjectType=leader`)).json();
    expect(leaders.items).toHaveLength(7);
  });
});
