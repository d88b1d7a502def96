import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_GROUP, loadDemo } from '../../src/org/demo.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { DIALECTS } from '../helpers/db.ts';
import { login, testServer, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('demo data of the seed session on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it('holds the study group with its seven members and the titles the release gives them', async () => {
    server = await testServer(dialect);
    const password = await loadDemo(server.ctx);
    const admin = await login(server.app, 'admin', password);
    const groups = (await admin.get('/api/study-groups')).json();
    expect(groups.items).toHaveLength(1);
    expect(groups.items[0]).toMatchObject({ name: DEMO_GROUP.name, nameEn: 'Theoretical Learning Center Group of the Municipal Party Committee', memberCount: 7, level: 'public' });
    const group = (await admin.get(`/api/study-groups/${groups.items[0].id}`)).json();
    expect(group.members.map((m: { personName: string }) => m.personName)).toEqual([
      'Liu Qiang', 'Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang',
    ]);
    const titlesOf = async (name: string) => {
      const person = (await admin.get(`/api/people?q=${encodeURIComponent(name)}`)).json().items[0];
      return (await admin.get(`/api/positions?personId=${person.id}`)).json().items.map((p: { titleEn: string }) => p.titleEn);
    };
    expect(await titlesOf('Liu Qiang')).toEqual(['Secretary of the Municipal Party Committee']);
    expect(await titlesOf('Yu Haitian')).toEqual(['Deputy Secretary of the Municipal Party Committee', 'Mayor']);
    expect(await titlesOf('Lei Jie')).toEqual(['Chairman of the CPPCC']);
    expect(await titlesOf('Yang Feng')).toEqual(['Deputy Secretary of the Municipal Party Committee']);
    expect(await titlesOf('Dai Longcheng')).toEqual(['Member of the Standing Committee of the Municipal Party Committee']);
    expect((await admin.get('/api/auth/me')).json().user.roles).toEqual(['admin']);
    expect(await verifyAudit(server.ctx.database.db)).toMatchObject({ ok: true });
  });
});
