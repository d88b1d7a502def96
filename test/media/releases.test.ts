import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { runScheduledPublishOnce } from '../../src/media/scheduler.ts';
import { DIALECTS, POSTGRES_URL, testSettings } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

/**
 * The whole path of a news release through the API: draft → review (bound to the text) → approval by
 * someone other than the author → publication now or at a set time → public pages and feeds →
 * correction as a new version → retraction; and every refusal on the way.
 */

interface Version {
  version: number;
  state: string;
  reviewId: string | null;
  reviewCurrent: boolean;
  review: { outcome: string | null; openFindings: number; hasStarMark: boolean } | null;
  approvedBy: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
}
interface Release {
  id: string;
  slug: string | null;
  state: string;
  liveVersion: number | null;
  publicPath: string | null;
  versions: Version[];
}

/** RFC 3339 date-time, as both specifications require. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** Parses with feedsmith and checks what RFC 4287 requires: feed and entry id (IRI), title and updated; an author; an alternate link per entry. */
function assertAtom(text: string) {
  const feed = parseAtomFeed(text);
  expect(feed.id).toMatch(IRI);
  expect(feed.title?.value).toBeTruthy();
  expect(feed.updated).toMatch(RFC3339);
  expect(feed.authors?.[0]?.name).toBeTruthy();
  expect(feed.links?.find((l) => l.rel === 'self')?.href).toMatch(/\/public\/feed\.atom$/);
  for (const entry of feed.entries ?? []) {
    expect(entry.id).toMatch(IRI);
    expect(entry.title?.value).toBeTruthy();
    expect(entry.updated).toMatch(RFC3339);
    expect(entry.published).toMatch(RFC3339);
    expect(entry.links?.some((l) => l.rel === 'alternate' && IRI.test(l.href ?? ''))).toBe(true);
    expect(entry.content?.type).toBe('html');
  }
  return feed;
}

/** Parses with feedsmith and checks what JSON Feed 1.1 requires: version, title, items with a unique string id, content, RFC 3339 dates. */
function assertJsonFeed(text: string) {
  const raw = JSON.parse(text) as { version: string };
  expect(raw.version).toBe('https://jsonfeed.org/version/1.1');
  const feed = parseJsonFeed(raw);
  expect(feed.title).toBeTruthy();
  expect(feed.feed_url).toMatch(/\/public\/feed\.json$/);
  const ids = new Set<string>();
  for (const item of feed.items ?? []) {
    expect(typeof item.id).toBe('string');
    ids.add(item.id ?? '');
    expect(item.content_html ?? item.content_text).toBeTruthy();
    expect(item.date_published).toMatch(RFC3339);
    expect(item.date_modified).toMatch(RFC3339);
  }
  expect(ids.size).toBe((feed.items ?? []).length);
  return feed;
}

const BODY_ZH = '1月20日下午，市委理论学习中心组举行集体学习。会议指出，要加强全媒体传播体系建设。';
const CORRECTED_ZH = '1月20日下午，市委理论学习中心组举行集体学习（更正稿）。会议指出，要加强全媒体传播体系建设，让正能量成为大流量。';

describe.each(DIALECTS)('news releases (%s)', (dialect) => {
  let server: TestServer;
  let clerk: Client;
  let press: Client;
  let press2: Client;
  let officer: Client;
  let viewer: Client;
  let anonymous: (url: string, lang?: string) => Promise<{ status: number; body: string; type: string }>;

  beforeAll(async () => {
    // Accredited for 机密, so a draft carrying a ★ mark can be stored and its refusal seen.
    // Requests without Accept-Language keep none, so the public pages' own default (Chinese) shows.
    server = await testServer(dialect, { REMIT_CEILING: 'jimi', REMIT_ORG_NAME: '中共某某市委员会' }, { language: null });
    clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    press = await server.signIn({ username: 'press', roles: ['propaganda_officer'] });
    press2 = await server.signIn({ username: 'press2', roles: ['propaganda_officer'] });
    officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    viewer = await server.signIn({ username: 'viewer', roles: ['viewer'], clearance: 'public' });
    anonymous = async (url, lang) => {
      const response = await server.app.inject({ method: 'GET', url, headers: lang ? { 'accept-language': lang } : {} });
      return { status: response.statusCode, body: response.body, type: String(response.headers['content-type'] ?? '') };
    };
  });
  afterAll(async () => server?.dispose());

  const ok = <T,>(response: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json() as T;
  };
  const refusal = (response: { statusCode: number; json(): unknown }) => ({ status: response.statusCode, code: (response.json() as { error: { code: string } }).error.code });

  const draft = async (who: Client, input: Record<string, unknown>) => ok<Release>(await who.post('/api/media/releases', { language: 'zh-CN', level: 'public', ...input }), 201);
  const review = async (id: string) => ok<Release>(await clerk.post(`/api/media/releases/${id}/review`));
  const decide = async (reviewId: string, outcome = 'publish') => ok(await officer.post(`/api/secrecy/reviews/${reviewId}/decision`, { outcome, basis: '经审查，内容均为已公开信息。' }));
  const latest = (r: Release) => r.versions[0]!;

  it('goes from draft through review and approval to the public pages and feeds, is corrected, and is retracted', async () => {
    let release = await draft(clerk, { title: '市委理论学习中心组举行集体学习', body: BODY_ZH, slug: 'study-0120' });
    expect(release.state).toBe('draft');
    expect((await anonymous('/public/releases/study-0120')).status).toBe(404);
    expect((await anonymous(`/public/releases/${release.id}`)).status).toBe(404);

    // Approval needs the propaganda or leader role, and a review first.
    expect(refusal(await clerk.post(`/api/media/releases/${release.id}/approve`))).toEqual({ status: 403, code: 'roles_do_not_allow' });
    expect(refusal(await press.post(`/api/media/releases/${release.id}/approve`))).toEqual({ status: 409, code: 'release_not_reviewed' });

    release = await review(release.id);
    expect(latest(release)).toMatchObject({ state: 'reviewed', reviewCurrent: true, review: { outcome: null, openFindings: 0, hasStarMark: false } });
    expect(refusal(await press.post(`/api/media/releases/${release.id}/approve`))).toEqual({ status: 409, code: 'release_review_undecided' });
    await decide(latest(release).reviewId!);

    // A change after review needs a new review.
    release = ok<Release>(await clerk.patch(`/api/media/releases/${release.id}`, { body: `${BODY_ZH}会议强调，要做好各项工作。` }));
    expect(latest(release)).toMatchObject({ state: 'draft', reviewCurrent: false });
    expect(refusal(await press.post(`/api/media/releases/${release.id}/approve`))).toEqual({ status: 409, code: 'release_text_changed' });
    release = await review(release.id);
    await decide(latest(release).reviewId!);
    expect(refusal(await press.post(`/api/media/releases/${release.id}/publish`, {}))).toEqual({ status: 409, code: 'release_not_approved' });

    release = ok<Release>(await press.post(`/api/media/releases/${release.id}/approve`));
    expect(latest(release)).toMatchObject({ state: 'approved', approvedBy: 'press' });
    expect((await anonymous('/public/releases/study-0120')).status).toBe(404);

    release = ok<Release>(await press.post(`/api/media/releases/${release.id}/publish`, {}));
    expect(release).toMatchObject({ state: 'published', liveVersion: 1, publicPath: '/public/releases/study-0120' });

    // The public page, in Chinese by default and in English when asked, with the organization's name.
    const zh = await anonymous('/public/releases/study-0120');
    expect(zh.status).toBe(200);
    expect(zh.type).toContain('text/html');
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('name="viewport"');
    expect(zh.body).toContain('中共某某市委员会');
    expect(zh.body).toContain('会议强调，要做好各项工作。');
    expect(zh.body).not.toContain('<script');
    const en = await anonymous('/public/releases/study-0120?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('All releases');
    expect((await anonymous('/public/', 'en-GB,en;q=0.9')).body).toContain('News releases');
    expect((await anonymous('/public/')).body).toContain('/public/releases/study-0120');

    // Feeds, read by a feed parser and checked against what each specification requires.
    const atom = await anonymous('/public/feed.atom');
    expect(atom.type).toContain('application/atom+xml');
    const parsedAtom = assertAtom(atom.body);
    expect(parsedAtom.title?.value).toContain('中共某某市委员会');
    expect(parsedAtom.entries).toHaveLength(1);
    expect(parsedAtom.entries![0]).toMatchObject({ id: `urn:uuid:${release.id}`, title: { value: '市委理论学习中心组举行集体学习' } });
    expect(parsedAtom.entries![0]!.links![0]!.href).toMatch(/\/public\/releases\/study-0120$/);
    const json = await anonymous('/public/feed.json');
    expect(json.type).toContain('application/feed+json');
    const parsedJson = assertJsonFeed(json.body);
    expect(parsedJson.title).toContain('中共某某市委员会');
    expect(parsedJson.items).toHaveLength(1);
    expect(parsedJson.items![0]).toMatchObject({ id: release.id, title: '市委理论学习中心组举行集体学习' });
    expect(JSON.parse(json.body).version).toBe('https://jsonfeed.org/version/1.1');

    // A correction: a new version, reviewed and approved again; published, it supersedes the first.
    expect(refusal(await clerk.post(`/api/media/releases/${release.id}/versions`, { title: '市委理论学习中心组举行集体学习', body: CORRECTED_ZH, note: '' }))).toMatchObject({ status: 400 });
    release = ok<Release>(await clerk.post(`/api/media/releases/${release.id}/versions`, { title: '市委理论学习中心组举行集体学习', body: CORRECTED_ZH, note: '补充会议要求。' }), 201);
    expect(release).toMatchObject({ state: 'draft', liveVersion: 1 });
    expect((await anonymous('/public/releases/study-0120')).body).not.toContain('更正稿');
    release = await review(release.id);
    await decide(latest(release).reviewId!);
    release = ok<Release>(await press2.post(`/api/media/releases/${release.id}/approve`));
    release = ok<Release>(await press2.post(`/api/media/releases/${release.id}/publish`, {}));
    expect(release).toMatchObject({ state: 'published', liveVersion: 2 });
    expect(release.versions.map((v) => [v.version, v.state])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    const corrected = await anonymous('/public/releases/study-0120');
    expect(corrected.body).toContain('更正稿');
    expect(corrected.body).toContain('第 2 版');
    expect(corrected.body).not.toContain('会议强调，要做好各项工作。');
    expect((await anonymous('/public/feed.json')).body).not.toContain('会议强调，要做好各项工作。');

    // Retraction: off the pages and feeds at once, in the reader's language.
    expect(refusal(await press.post(`/api/media/releases/${release.id}/retract`, {}))).toMatchObject({ status: 400 });
    release = ok<Release>(await press.post(`/api/media/releases/${release.id}/retract`, { reason: '发现事实错误，撤回核实。' }));
    expect(release).toMatchObject({ state: 'retracted', publicPath: null });
    const gone = await anonymous('/public/releases/study-0120');
    expect(gone.status).toBe(404);
    expect(gone.body).toContain('此地址没有已发布的新闻稿');
    expect((await anonymous('/public/releases/study-0120?lang=en')).body).toContain('There is no published release at this address');
    expect((await anonymous(`/public/releases/${release.id}`)).status).toBe(404);
    expect((await anonymous('/public/feed.atom')).body).not.toContain('更正稿');
    expect(assertJsonFeed((await anonymous('/public/feed.json')).body).items ?? []).toHaveLength(0);
    expect(assertAtom((await anonymous('/public/feed.atom')).body).entries ?? []).toHaveLength(0);
    expect((await anonymous('/public/')).body).toContain('尚未发布新闻稿');
    expect(refusal(await clerk.post(`/api/media/releases/${release.id}/versions`, { title: 'x', body: 'y', note: 'z' }))).toEqual({ status: 409, code: 'release_retracted' });

    // Each step went into the channels' queue in its transaction: publish, update, retract.
    const events = await server.ctx.database.db.selectFrom('webhook_events').select(['kind', 'version']).where('release_id', '=', release.id).orderBy('created_at').execute();
    expect(events.map((e) => `${e.kind}:${Number(e.version)}`)).toEqual(['publish:1', 'update:2', 'retract:2']);

    // The audit log has each step.
    const actions = await server.ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', release.id).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['media_release.create', 'media_release.review', 'media_release.update', 'media_release.approve', 'media_release.publish', 'media_release.new_version', 'media_release.retract']),
    );

    // The list filters by state.
    const retracted = ok<{ items: { id: string }[] }>(await clerk.get('/api/media/releases?state=retracted'));
    expect(retracted.items.map((r) => r.id)).toContain(release.id);
    expect(ok<{ items: { id: string }[] }>(await clerk.get('/api/media/releases?state=draft')).items.map((r) => r.id)).not.toContain(release.id);
  });

  it('refuses approval by the author, and publication with an open finding, a ★ mark, or above public', async () => {
    // The author may not approve their own release.
    let own = await draft(press, { title: '宣传部自拟稿', body: '市委宣传部召开会议，部署全媒体传播工作。' });
    own = await review(own.id);
    await decide(latest(own).reviewId!);
    expect(refusal(await press.post(`/api/media/releases/${own.id}/approve`))).toEqual({ status: 422, code: 'release_own_approval' });
    expect(ok<Release>(await press2.post(`/api/media/releases/${own.id}/approve`)).state).toBe('approved');

    // An open finding: a keyword of the secrecy office's list.
    ok(await officer.post('/api/secrecy/keyword-lists', { name: '工程代号', terms: ['星河工程'] }), 201);
    let flagged = await draft(clerk, { title: '关于星河工程的报道', body: '星河工程进展顺利。' });
    flagged = await review(flagged.id);
    expect(latest(flagged).review).toMatchObject({ openFindings: 2 });
    expect(refusal(await press.post(`/api/media/releases/${flagged.id}/approve`))).toEqual({ status: 422, code: 'release_open_findings' });

    // A ★ mark: never published, resolved or not.
    let marked = await draft(clerk, { title: '学习情况通报', body: '本材料为机密★10年，请妥善保管。' });
    marked = await review(marked.id);
    expect(latest(marked).review).toMatchObject({ hasStarMark: true });
    expect(refusal(await press.post(`/api/media/releases/${marked.id}/approve`))).toEqual({ status: 422, code: 'release_star_mark' });

    // Above public: never published, even when reviewed and decided.
    let internal = await draft(clerk, { title: '内部学习安排', body: '下周组织内部学习，具体安排另行通知。', level: 'internal' });
    internal = await review(internal.id);
    await decide(latest(internal).reviewId!);
    expect(refusal(await press.post(`/api/media/releases/${internal.id}/approve`))).toEqual({ status: 422, code: 'release_not_public' });
    // A reader cleared for public only does not know it exists.
    expect((await viewer.get(`/api/media/releases/${internal.id}`)).statusCode).toBe(404);
    expect(ok<{ items: { id: string }[] }>(await viewer.get('/api/media/releases')).items.map((r) => r.id)).not.toContain(internal.id);

    // A review decided "do not publish" stops it too.
    let refused = await draft(clerk, { title: '不宜公开的稿件', body: '该稿件经审查不宜公开发布。' });
    refused = await review(refused.id);
    await decide(latest(refused).reviewId!, 'do_not_publish');
    expect(refusal(await press.post(`/api/media/releases/${refused.id}/approve`))).toEqual({ status: 422, code: 'release_review_refused' });

    // Text changed behind the workflow's back (straight in the database) is caught at publication.
    let tampered = await draft(clerk, { title: '正常稿件', body: '会议要求认真学习。' });
    tampered = await review(tampered.id);
    await decide(latest(tampered).reviewId!);
    tampered = ok<Release>(await press.post(`/api/media/releases/${tampered.id}/approve`));
    await server.ctx.database.db.updateTable('media_release_versions').set({ body: '会议要求认真学习。另附内部名单。' }).where('release_id', '=', tampered.id).execute();
    expect(refusal(await press.post(`/api/media/releases/${tampered.id}/publish`, {}))).toEqual({ status: 409, code: 'release_text_changed' });
    expect((await anonymous(`/public/releases/${tampered.id}`)).status).toBe(404);

    // Refusals are in the reader's language.
    const zh = await server.app.inject({ method: 'POST', url: `/api/media/releases/${marked.id}/approve`, headers: { cookie: press.cookie, 'x-csrf-token': press.csrf, 'accept-language': 'zh-CN' } });
    expect((zh.json() as { error: { message: string } }).error.message).toContain('凡带★标志的内容一律不得发布');
    for (const id of [flagged.id, marked.id, internal.id, refused.id, tampered.id]) expect((await anonymous(`/public/releases/${id}`)).status).toBe(404);
  });

  it('publishes a scheduled release once when its time comes, whichever of two processes ticks', async () => {
    let release = await draft(clerk, { title: '定时发布稿', body: '市委理论学习中心组将于近日举行集体学习。', slug: 'scheduled' });
    release = await review(release.id);
    await decide(latest(release).reviewId!);
    release = ok<Release>(await press.post(`/api/media/releases/${release.id}/approve`));
    expect(refusal(await press.post(`/api/media/releases/${release.id}/publish`, { at: new Date(Date.now() - 60_000).toISOString() }))).toEqual({ status: 422, code: 'release_schedule_past' });
    const at = new Date(Date.now() + 3_600_000);
    release = ok<Release>(await press.post(`/api/media/releases/${release.id}/publish`, { at: at.toISOString() }));
    expect(release.state).toBe('scheduled');

    // A second process on the same database.
    const mine = server.ctx.database;
    const otherDb: Database = mine.file ? await openDatabase({ sqlite: mine.file }) : await openDatabase({ url: POSTGRES_URL, schema: mine.schema!, poolSize: 3 });
    const other: Context = { database: otherDb, settings: testSettings({}) };
    try {
      // Before its time: nothing.
      const early = await runScheduledPublishOnce(server.ctx, new Date(at.getTime() - 60_000), 'one');
      expect(early.published).toEqual([]);
      expect((await anonymous('/public/releases/scheduled')).status).toBe(404);
      // Its time: both processes tick at once; it is published once.
      const runs = await Promise.all([runScheduledPublishOnce(server.ctx, new Date(at.getTime() + 1_000), 'one'), runScheduledPublishOnce(other, new Date(at.getTime() + 1_000), 'two')]);
      const again = await Promise.all([runScheduledPublishOnce(server.ctx, new Date(at.getTime() + 60_000), 'one'), runScheduledPublishOnce(other, new Date(at.getTime() + 60_000), 'two')]);
      expect([...runs, ...again].flatMap((r) => r.published)).toEqual([release.id]);
    } finally {
      await otherDb.close();
    }
    const published = ok<Release>(await clerk.get(`/api/media/releases/${release.id}`));
    expect(published).toMatchObject({ state: 'published', liveVersion: 1 });
    expect(latest(published)).toMatchObject({ publishedAt: new Date(at.getTime() + 1_000).toISOString() });
    expect((await anonymous('/public/releases/scheduled')).status).toBe(200);
    const publishes = await server.ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', release.id).where('action', '=', 'media_release.publish').execute();
    expect(publishes).toHaveLength(1);
    const events = await server.ctx.database.db.selectFrom('webhook_events').select('kind').where('release_id', '=', release.id).execute();
    expect(events.map((e) => e.kind)).toEqual(['publish']);
  });
});
