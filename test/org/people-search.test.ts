import { afterEach, describe, expect, it, vi } from 'vitest';
import { COUNT_CAP } from '../../src/db/paging.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('people search and long lists on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  async function setup(): Promise<Client> {
    server = await testServer(dialect);
    return server.signIn({ username: 'clerk', roles: ['clerk'] });
  }
  /** People bulk-0…, named 批量0…, at internal, written straight to the table. */
  async function addBulkPeople(count: number): Promise<void> {
    const stamp = new Date().toISOString();
    const rows = Array.from({ length: count }, (_, i) => ({
      id: `bulk-${i}`, name: `批量${i}`, name_en: null, email: null, phone: null, note: null, level: 'internal' as const, created_at: stamp, updated_at: stamp,
    }));
    for (let i = 0; i < rows.length; i += 500) await server.ctx.database.db.insertInto('people').values(rows.slice(i, i + 500)).execute();
  }
  const names = async (clerk: Client, q: string) =>
    ((await clerk.get(`/api/people?pageSize=100&q=${encodeURIComponent(q)}`)).json().items as { name: string }[]).map((p) => p.name).sort();

  it('finds a person by any part of either name, of any length, after renames and deletes', async () => {
    const clerk = await setup();
    const lin = (await clerk.post('/api/people', { name: '林晓东', nameEn: 'Lin Xiaodong' })).json();
    await clerk.post('/api/people', { name: '周晓', nameEn: 'Zhou Xiao' });
    await clerk.post('/api/people', { name: '东方明' });
    await clerk.post('/api/people', { name: 'A"b 50%' });
    expect(await names(clerk, '晓')).toEqual(['周晓', '林晓东']);
    expect(await names(clerk, '林晓')).toEqual(['林晓东']);
    expect(await names(clerk, '晓东')).toEqual(['林晓东']);
    expect(await names(clerk, '东')).toEqual(['东方明', '林晓东']);
    expect(await names(clerk, '林晓东')).toEqual(['林晓东']);
    expect(await names(clerk, 'XIAO')).toEqual(['周晓', '林晓东']);
    expect(await names(clerk, 'n x')).toEqual(['林晓东']);
    expect(await names(clerk, 'o')).toEqual(['周晓', '林晓东']);
    expect(await names(clerk, '"b')).toEqual(['A"b 50%']);
    expect(await names(clerk, '0%')).toEqual(['A"b 50%']);
    expect(await names(clerk, '晓西')).toEqual([]);
    await clerk.patch(`/api/people/${lin.id}`, { name: '林雨桐', nameEn: null });
    expect(await names(clerk, '晓东')).toEqual([]);
    expect(await names(clerk, 'Lin')).toEqual([]);
    expect(await names(clerk, '雨桐')).toEqual(['林雨桐']);
    expect((await clerk.delete(`/api/people/${lin.id}`)).statusCode).toBe(204);
    expect(await names(clerk, '林')).toEqual([]);
  });

  it('counts a long list up to a cap and says when there are more', async () => {
    const clerk = await setup();
    await addBulkPeople(COUNT_CAP + 20);
    expect((await clerk.get('/api/people?pageSize=50')).json()).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    // A page past the cap still comes, and the last page of a search tells its exact total.
    const deep = (await clerk.get(`/api/people?pageSize=50&page=${COUNT_CAP / 50 + 1}`)).json();
    expect(deep.items).toHaveLength(20);
    expect(deep).toMatchObject({ total: COUNT_CAP + 20, totalCapped: false });
    expect((await clerk.get('/api/people?pageSize=50&q=批量100')).json()).toMatchObject({ total: 31, totalCapped: false });
    expect((await clerk.get('/api/people?pageSize=5&q=批量1')).json()).toMatchObject({ total: 1131, totalCapped: false });
  });

  it('keeps a count past the cap for ten seconds, and counts exactly again after', async () => {
    const clerk = await setup();
    await addBulkPeople(COUNT_CAP + 1);
    expect((await clerk.get('/api/people?pageSize=50')).json()).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    await server.ctx.database.db.deleteFrom('people').where('id', 'in', ['bulk-0', 'bulk-1', 'bulk-2']).execute();
    const under = (await server.ctx.database.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(under)).toBeLessThanOrEqual(COUNT_CAP);
    // Within ten seconds of the count, the list still says "more than": its pages are not counted again.
    expect((await clerk.get('/api/people?pageSize=50&page=2')).json()).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_001 });
    try {
      expect((await clerk.get('/api/people?pageSize=50')).json()).toMatchObject({ total: Number(under), totalCapped: false });
    } finally {
      vi.useRealTimers();
    }
  });

  it('pages and sorts the whole roster (queries compiled once per reader) as the filtered list does', async () => {
    const clerk = await setup();
    for (let i = 0; i < 23; i++) await clerk.post('/api/people', { name: `排序${String(i).padStart(2, '0')}`, nameEn: `Sort ${22 - i}`, level: 'internal' });
    for (const query of ['pageSize=7&page=1', 'pageSize=7&page=3', 'pageSize=7&page=4&order=desc', 'pageSize=5&page=2&sort=nameEn', 'pageSize=6&page=2&sort=createdAt&order=desc', 'pageSize=50&page=9']) {
      // Every person here is internal, so the level filter (the uncompiled path) keeps them all.
      const whole = (await clerk.get(`/api/people?${query}`)).json();
      const filtered = (await clerk.get(`/api/people?${query}&level=internal`)).json();
      expect(whole, query).toEqual(filtered);
    }
    const first = (await clerk.get('/api/people?pageSize=7&page=1')).json();
    expect(first).toMatchObject({ total: 23, totalCapped: false });
    expect(first.items.map((p: { name: string }) => p.name)).toEqual(['排序00', '排序01', '排序02', '排序03', '排序04', '排序05', '排序06']);
    // A person added later is on the next read: what is compiled is the query, never its rows.
    await clerk.post('/api/people', { name: '排序23', level: 'internal' });
    expect((await clerk.get('/api/people?pageSize=7&page=4')).json()).toMatchObject({ total: 24, items: [{ name: '排序21' }, { name: '排序22' }, { name: '排序23' }] });
  });
});
