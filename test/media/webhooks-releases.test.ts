import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueWebhooks } from '../../src/media/webhooks.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

/**
 * The channel end to end: a release published and retracted through the API reaches a subscribed
 * receiver as two signed deliveries, with only the public data of the release in them.
 */
const SECRET = 'portal-cms-shared-secret-0001';
const BODY = '1月20日下午，市委理论学习中心组举行集体学习。会议指出，要加强全媒体传播体系建设。';
const REASON = '经保密办复核，个别表述需核实后再发。';

describe.each(DIALECTS)('webhooks of a published and retracted release (%s)', (dialect) => {
  let server: TestServer;
  let receiver: Receiver;
  let clerk: Client;
  let press: Client;
  let officer: Client;

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    server = await testServer(dialect, { REMIT_PUBLIC_URL: 'https://www.example.gov.cn' });
    clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    press = await server.signIn({ username: 'press', roles: ['propaganda_officer'] });
    officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
  });
  afterAll(async () => {
    await server?.dispose();
    await receiver?.close();
  });

  const ok = <T,>(response: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json() as T;
  };

  it('sends the publish and the retraction to the subscriber, signed, with public data only', async () => {
    const { subscription } = ok<{ subscription: { id: string } }>(await press.post('/api/media/webhooks', { name: '市政府门户网站', url: receiver.url, secret: SECRET }), 201);

    type Release = { id: string; versions: { reviewId: string | null }[] };
    let release = ok<Release>(await clerk.post('/api/media/releases', { language: 'zh-CN', level: 'public', title: '市委理论学习中心组举行集体学习', body: BODY, slug: 'study-0120' }), 201);
    release = ok<Release>(await clerk.post(`/api/media/releases/${release.id}/review`));
    ok(await officer.post(`/api/secrecy/reviews/${release.versions[0]!.reviewId}/decision`, { outcome: 'publish', basis: '经审查，内容均为已公开信息。' }));
    ok(await press.post(`/api/media/releases/${release.id}/approve`));
    ok(await press.post(`/api/media/releases/${release.id}/publish`, {}));

    expect(await sendDueWebhooks(server.ctx, { timeoutMs: 5_000 })).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    ok(await press.post(`/api/media/releases/${release.id}/retract`, { reason: REASON }));
    expect(await sendDueWebhooks(server.ctx, { timeoutMs: 5_000 })).toEqual({ delivered: 1, failed: 0, givenUp: 0 });

    expect(receiver.received.map((r) => r.headers['remit-event'])).toEqual(['publish', 'retract']);
    expect(receiver.received.every((r) => r.signed)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.headers['remit-delivery'])).size).toBe(2);
    const [published, retracted] = receiver.received.map((r) => JSON.parse(r.body));
    expect(published).toMatchObject({
      event: 'publish',
      release: { id: release.id, version: 1, title: '市委理论学习中心组举行集体学习', url: 'https://www.example.gov.cn/public/releases/study-0120', retractedAt: null },
      payload: { body: BODY, language: 'zh-CN' },
    });
    expect(published.release.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(retracted).toMatchObject({ event: 'retract', release: { id: release.id, version: 1, url: 'https://www.example.gov.cn/public/releases/study-0120' } });
    expect(retracted.release.retractedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // The reason for retracting is the register's, not the public's: it stays in Remit.
    for (const r of receiver.received) {
      expect(r.body).not.toContain(REASON);
      expect(r.body).not.toMatch(/"level"|"reason"|clerk|press|officer/);
    }

    const log = ok<{ items: { state: string; event: string }[] }>(await press.get(`/api/media/webhooks/${subscription.id}/deliveries`));
    expect(log.items.map((d) => [d.event, d.state])).toEqual([
      ['retract', 'delivered'],
      ['publish', 'delivered'],
    ]);
  });
});
