import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('task codes on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it('numbers tasks registered at the same moment one after another, each once', async () => {
    server = await testServer(dialect);
    const supervisor = await server.signIn({ username: 'sup', roles: ['supervisor'] });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => supervisor.post('/api/duties/tasks', { title: `同时立项的事项${i + 1}`, level: 'internal', deadline: '2027-06-30' })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(201));
    const codes = (await server.ctx.database.db.selectFrom('duty_tasks').select('code').orderBy('code').execute()).map((r) => r.code);
    expect(codes).toEqual(Array.from({ length: 12 }, (_, i) => `DB-2027-${String(i + 1).padStart(4, '0')}`));
  });
});
