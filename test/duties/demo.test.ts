import { afterEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/org/demo.ts';
import { buildServer } from '../../src/http/server.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';
import { login } from '../helpers/http.ts';

describe.each(DIALECTS)('duties demo on %s', (dialect) => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('holds tasks made from the seed session at several states, and each demo role finds its work', async () => {
    const env = await freshContext(dialect);
    const app = await buildServer(env.ctx, { webDir: '/nonexistent' });
    dispose = async () => {
      await app.close();
      await env.dispose();
    };
    const password = await loadDemo(env.ctx);
    await env.ctx.database.db.updateTable('users').set({ password_by_admin: 0 }).execute();
    const supervisor = await login(app, 'supervisor', password);
    const page = (await supervisor.get('/api/duties/tasks?pageSize=100')).json() as { items: { state: string; light: string; deadline: string; source: { kind: string; sessionId: string | null } }[] };
    expect(new Set(page.items.map((t) => t.state))).toEqual(new Set(['registered', 'assigned', 'accepted', 'in_progress', 'completion_reported', 'closed']));
    expect(page.items.every((t) => t.deadline.startsWith('2023-'))).toBe(true);
    // In 2026 every open 2023 task is overdue; the closed one is grey, the one awaiting verification is not the unit's delay.
    expect(new Set(page.items.map((t) => t.light))).toEqual(new Set(['red', 'grey', 'green']));
    // The seed session's two requirements became tasks, shown on the session's side too.
    const sessionId = page.items.find((t) => t.source.sessionId)!.source.sessionId!;
    const conclusions = (await supervisor.get(`/api/duties/sessions/${sessionId}/conclusions`)).json().items as { kind: string; tasks: unknown[] }[];
    expect(conclusions.filter((c) => c.kind === 'requirement').map((c) => c.tasks.length)).toEqual([1, 1]);
    expect((await supervisor.get('/api/duties/tasks/mine?as=to_verify')).json().items).toHaveLength(1);
    const clerk = await login(app, 'clerk', password);
    expect((await clerk.get('/api/duties/tasks/mine?as=to_accept')).json().items).toHaveLength(1);
    const areas = (await clerk.get('/api/duties/areas')).json().items.map((a: { name: string }) => a.name);
    expect(areas).toEqual(['意识形态工作', '保密工作', '文明城市创建']);
    expect((await clerk.get('/api/duties/holidays?year=2023')).json().items.some((h: { day: string; kind: string }) => h.day === '2023-01-28' && h.kind === 'workday')).toBe(true);
    expect(await verifyAudit(env.ctx.database.db)).toMatchObject({ ok: true });
  });
});
