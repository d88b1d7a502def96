import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { openDatabase, transact, type Database } from '../../src/db/database.ts';
import {
  claimDelivery,
  CLAIM_MS,
  GIVE_UP_AFTER_MS,
  queueReleaseEvent,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  retryDelayMs,
  secretContext,
  sendDueWebhooks,
  startWebhookSender,
  type ReleaseEvent,
} from '../../src/media/webhooks.ts';
import { seal } from '../../src/security/secret-box.ts';
import { DIALECTS, POSTGRES_URL } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { startReceiver, verifySignature, type Receiver } from './webhook-receiver.ts';

const SECRET = 'a-shared-secret-of-the-portal-cms';
const PUBLIC_URL = 'https://remit.example.org';
/** The receiver's time to answer in these tests: short, but long enough for a loaded machine to get a 500 back. */
const TIMEOUT_MS = 2_000;

const event = (overrides: Partial<ReleaseEvent> = {}): ReleaseEvent => ({
  kind: 'publish',
  releaseId: 'rel-1',
  version: 1,
  payload: { title: '市委理论学习中心组举行集体学习', path: '/public/releases/rel-1', publishedAt: '2026-01-20T08:00:00.000Z', language: 'zh-CN', level: 'public' },
  ...overrides,
});

describe.each(DIALECTS)('webhooks of releases (%s)', (dialect) => {
  let server: TestServer;
  let ctx: Context;
  let press: Client;
  let admin: Client;
  let viewer: Client;
  let auditor: Client;
  let receiver: Receiver;
  /** Runs the sender as one process would, at a controlled time. */
  const send = (at: Date, runner = 'process-a', c: Context = ctx) => sendDueWebhooks(c, { at, runner, timeoutMs: TIMEOUT_MS, random: () => 0.5 });
  const queue = (e: ReleaseEvent = event()) => transact(ctx.database, (trx) => queueReleaseEvent(trx, e));
  const deliveriesOf = async (subscriptionId: string) => (await press.get(`/api/media/webhooks/${subscriptionId}/deliveries`)).json() as { items: { id: string; state: string; attempts: number; nextAttemptAt: string | null; giveUpAt: string }[]; total: number };
  const subscribe = async (body: Record<string, unknown> = {}) => {
    const response = await press.post('/api/media/webhooks', { name: '门户网站', url: receiver.url, secret: SECRET, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { subscription: { id: string; url: string; events: string[]; active: boolean }; secret: string };
  };

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    server = await testServer(dialect, { REMIT_PUBLIC_URL: `${PUBLIC_URL}/` });
    ctx = server.ctx;
    press = await server.signIn({ username: 'press', roles: ['propaganda_officer'] });
    admin = await server.signIn({ username: 'admin', roles: ['admin'] });
    viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    auditor = await server.signIn({ username: 'auditor', roles: ['auditor'] });
  });
  afterAll(async () => {
    await server.dispose();
    await receiver.close();
  });
  beforeEach(async () => {
    // Each test starts with no subscriptions and an empty outbox.
    await ctx.database.db.deleteFrom('webhook_subscriptions').execute();
    await ctx.database.db.deleteFrom('webhook_events').execute();
    receiver.received.length = 0;
    receiver.script([], 200);
  });

  it('refuses addresses that are not http or https, with a message saying what to give, and saves nothing', async () => {
    for (const [url, code] of [
      ['ftp://portal.example.org/hook', 'webhook_url_scheme'],
      ['javascript:alert(1)', 'webhook_url_scheme'],
      ['file:///etc/passwd', 'webhook_url_scheme'],
      ['portal.example.org/hook', 'webhook_url_invalid'],
      ['https://cms:hunter2@portal.example.org/hook', 'webhook_url_credentials'],
    ] as const) {
      const response = await press.post('/api/media/webhooks', { name: 'x', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code, url).toBe(code);
    }
    const scheme = (await press.post('/api/media/webhooks', { name: 'x', url: 'ftp://portal.example.org/hook' })).json();
    expect(scheme.error.message).toBe('Webhooks are only sent to http://、https:// addresses; "ftp" is not one of them. Give the receiver\'s web address.');
    const zh = await server.app.inject({ method: 'POST', url: '/api/media/webhooks', headers: { cookie: press.cookie, 'x-csrf-token': press.csrf, 'accept-language': 'zh-CN' }, payload: { name: 'x', url: 'gopher://portal.example.org' } });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.message).toBe('推送只能发往以 http://、https:// 开头的地址，不能使用“gopher”。请填写接收端的网址。');
    const short = await press.post('/api/media/webhooks', { name: 'x', url: receiver.url, secret: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('webhook_secret_short');
    // A change to a bad address is refused the same way.
    const { subscription } = await subscribe();
    const patch = await press.patch(`/api/media/webhooks/${subscription.id}`, { url: 'mailto:press@example.org' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.code).toBe('webhook_url_scheme');
    const list = (await press.get('/api/media/webhooks')).json();
    expect(list.items.map((s: { url: string }) => s.url)).toEqual([receiver.url]);
  });

  it('lets only the propaganda officer and the administrator manage subscriptions; the auditor reads them', async () => {
    expect((await viewer.post('/api/media/webhooks', { name: 'x', url: receiver.url })).statusCode).toBe(403);
    expect((await viewer.get('/api/media/webhooks')).statusCode).toBe(403);
    expect((await auditor.post('/api/media/webhooks', { name: 'x', url: receiver.url })).statusCode).toBe(403);
    const made = await admin.post('/api/media/webhooks', { name: '微信公众号桥接', url: 'https://wechat-bridge.example.org/in' });
    expect(made.statusCode).toBe(201);
    expect((await auditor.get('/api/media/webhooks')).json().items).toHaveLength(1);
    expect((await auditor.patch(`/api/media/webhooks/${made.json().subscription.id}`, { active: false })).statusCode).toBe(403);
  });

  it('shows a secret once, when it is made or given; never again, and never in the audit log', async () => {
    const made = await press.post('/api/media/webhooks', { name: '门户网站', url: 'https://portal.example.org/hook', events: ['publish', 'retract'] });
    expect(made.statusCode).toBe(201);
    const { subscription, secret } = made.json() as { subscription: { id: string; events: string[] }; secret: string };
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(subscription.events).toEqual(['publish', 'retract']);
    const given = await subscribe();
    expect(given.secret).toBe(SECRET);
    const rotated = (await press.post(`/api/media/webhooks/${subscription.id}/secret`, {})).json() as { secret: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);

    const answers = [
      await press.get('/api/media/webhooks'),
      await press.get(`/api/media/webhooks/${subscription.id}`),
      await press.patch(`/api/media/webhooks/${subscription.id}`, { name: '门户网站（新）' }),
      await auditor.get(`/api/media/webhooks/${given.subscription.id}`),
    ];
    const stored = await ctx.database.db.selectFrom('webhook_subscriptions').select('secret').execute();
    const log = await ctx.database.db.selectFrom('audit_events').select(['action', 'detail']).where('object_type', '=', 'webhook_subscription').execute();
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['webhook_subscription.create', 'webhook_subscription.rotate_secret', 'webhook_subscription.update', 'webhook_subscription.read', 'webhook_subscription.list']));
    for (const plain of [secret, rotated.secret, SECRET]) {
      for (const answer of answers) expect(answer.body).not.toContain(plain);
      for (const row of stored) {
        expect(row.secret).toMatch(/^enc:v1:/);
        expect(row.secret).not.toContain(plain);
      }
      for (const event of log) expect(event.detail).not.toContain(plain);
    }
    expect(answers.every((a) => !/"secret"/.test(a.body))).toBe(true);
  });

  it('posts each event signed, retries after a 500 and a timeout with back-off, and keeps one idempotency key', async () => {
    const { subscription } = await subscribe();
    receiver.script([500, 'hang'], 200);
    await queue();
    const [queued] = (await deliveriesOf(subscription.id)).items;
    expect(queued).toMatchObject({ state: 'pending', attempts: 0 });

    const t0 = new Date();
    expect(await send(t0)).toEqual({ delivered: 0, failed: 1, givenUp: 0 });
    let [delivery] = (await deliveriesOf(subscription.id)).items;
    expect(delivery).toMatchObject({ state: 'retrying', attempts: 1 });
    // The first wait: 30 s (random 0.5 puts the jitter in the middle).
    expect(Date.parse(delivery!.nextAttemptAt!) - t0.getTime()).toBe(RETRY_BASE_MS);
    // Not due before then.
    expect(await send(new Date(t0.getTime() + RETRY_BASE_MS - 1000))).toEqual({ delivered: 0, failed: 0, givenUp: 0 });

    const t1 = new Date(delivery!.nextAttemptAt!);
    expect(await send(t1)).toEqual({ delivered: 0, failed: 1, givenUp: 0 });
    [delivery] = (await deliveriesOf(subscription.id)).items;
    expect(Date.parse(delivery!.nextAttemptAt!) - t1.getTime()).toBe(2 * RETRY_BASE_MS);

    const t2 = new Date(delivery!.nextAttemptAt!);
    expect(await send(t2)).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    expect(await send(new Date(t2.getTime() + 60 * 60_000))).toEqual({ delivered: 0, failed: 0, givenUp: 0 });

    expect(receiver.received.map((r) => r.answer)).toEqual([500, 'hang', 200]);
    const keys = new Set(receiver.received.map((r) => r.headers['remit-delivery']));
    expect(keys).toEqual(new Set([delivery!.id]));
    expect(receiver.received.map((r) => r.headers['remit-attempt'])).toEqual(['1', '2', '3']);
    expect(receiver.received.every((r) => r.signed)).toBe(true);
    expect(receiver.received.map((r) => r.timestamp)).toEqual([t0, t1, t2].map((t) => Math.floor(t.getTime() / 1000)));
    // The same bytes every time; a wrong secret or a changed body does not check out.
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const last = receiver.received[2]!;
    expect(verifySignature('another-secret-entirely', last.headers['remit-signature'] as string, last.body).ok).toBe(false);
    expect(verifySignature(SECRET, last.headers['remit-signature'] as string, last.body.replace('集体学习', '集体学习！')).ok).toBe(false);
    expect(last.headers['remit-event']).toBe('publish');
    expect(last.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({
      event: 'publish',
      release: { id: 'rel-1', version: 1, title: '市委理论学习中心组举行集体学习', url: `${PUBLIC_URL}/public/releases/rel-1`, publishedAt: '2026-01-20T08:00:00.000Z', retractedAt: null },
      payload: { language: 'zh-CN' },
    });

    const detail = (await press.get(`/api/media/webhooks/deliveries/${delivery!.id}`)).json();
    expect(detail).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(detail.log.map((a: { status: number | null; error: string | null; ok: boolean }) => [a.status, a.error, a.ok])).toEqual([
      [500, 'status', false],
      [null, 'timeout', false],
      [200, null, true],
    ]);
    expect(detail.log.map((a: { at: string }) => a.at)).toEqual([t0, t1, t2].map((t) => t.toISOString()));
    // The timeout was waited out, and not much more.
    expect(detail.log[1].durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(detail.log[1].durationMs).toBeLessThan(TIMEOUT_MS + 5_000);
    const audit = await ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', delivery!.id).execute();
    expect(audit.map((a) => a.action)).toContain('webhook_delivery.delivered');
  });

  it('computes the back-off: 30 s doubling to 4 h, within ±20 % jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20].map((n) => retryDelayMs(n, 0.5) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 14400, 14400, 14400]);
    expect(retryDelayMs(1, 0)).toBe(RETRY_BASE_MS * 0.8);
    expect(retryDelayMs(1, 0.999999)).toBe(Math.round(RETRY_BASE_MS * 1.2 * 0.999999 + RETRY_BASE_MS * 0.8 * 0.000001));
    expect(retryDelayMs(30, 0.999999)).toBeLessThanOrEqual(RETRY_MAX_MS * 1.2);
    for (let i = 0; i < 200; i++) {
      const n = 1 + (i % 12);
      const step = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (n - 1));
      const d = retryDelayMs(n);
      expect(d).toBeGreaterThanOrEqual(step * 0.8);
      expect(d).toBeLessThanOrEqual(step * 1.2);
    }
  });

  it('gives a delivery up after a day of failures, and a manual retry sends it again with the same key', async () => {
    const { subscription } = await subscribe();
    receiver.script([], 503);
    await queue(event({ kind: 'update', version: 2 }));
    const [queued] = (await deliveriesOf(subscription.id)).items;
    const created = Date.parse(queued!.giveUpAt) - GIVE_UP_AFTER_MS;
    let at = new Date(created);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const run = await send(at);
      times.push(at.getTime() - created);
      const [d] = (await deliveriesOf(subscription.id)).items;
      if (run.givenUp === 1) break;
      expect(run.failed).toBe(1);
      at = new Date(d!.nextAttemptAt!);
    }
    // 30 s, 1, 2, 4, 8, 16, 32, 64, 128 min, then every 4 h, the last try exactly a day after the event.
    const expected = [0];
    let sum = 0;
    for (let n = 1; sum < GIVE_UP_AFTER_MS; n++) {
      sum = Math.min(sum + retryDelayMs(n, 0.5), GIVE_UP_AFTER_MS);
      expected.push(sum);
    }
    expect(times).toEqual(expected);
    expect(times.at(-1)).toBe(GIVE_UP_AFTER_MS);
    const [failed] = (await deliveriesOf(subscription.id)).items;
    expect(failed).toMatchObject({ state: 'failed', attempts: expected.length, nextAttemptAt: null });
    expect(await send(new Date(created + 2 * GIVE_UP_AFTER_MS))).toEqual({ delivered: 0, failed: 0, givenUp: 0 });
    const gaveUp = await ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', failed!.id).where('action', '=', 'webhook_delivery.given_up').execute();
    expect(gaveUp).toHaveLength(1);

    // Only a manager retries; the receiver is back.
    expect((await viewer.post(`/api/media/webhooks/deliveries/${failed!.id}/retry`)).statusCode).toBe(403);
    expect((await auditor.post(`/api/media/webhooks/deliveries/${failed!.id}/retry`)).statusCode).toBe(403);
    const retried = await press.post(`/api/media/webhooks/deliveries/${failed!.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'retrying', failedAt: null });
    receiver.script([], 204);
    expect(await send(new Date())).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    expect(receiver.received.at(-1)!.headers['remit-delivery']).toBe(failed!.id);
    expect(receiver.received.at(-1)!.headers['remit-event']).toBe('update');
    expect(new Set(receiver.received.map((r) => r.headers['remit-delivery'])).size).toBe(1);
    const again = await press.post(`/api/media/webhooks/deliveries/${failed!.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('webhook_delivery_done');
    expect((await press.post('/api/media/webhooks/deliveries/no-such-delivery/retry')).statusCode).toBe(404);
  });

  it('sends again a delivery whose sender died holding it, once its claim runs out (at least once)', async () => {
    const { subscription } = await subscribe();
    await queue();
    const [delivery] = (await deliveriesOf(subscription.id)).items;
    const t0 = new Date();
    // A process claims it and dies before it posts or marks it.
    expect(await claimDelivery(ctx.database.db, delivery!.id, 'process-that-died', t0)).toBe(true);
    expect((await deliveriesOf(subscription.id)).items[0]!.state).toBe('sending');
    // Held: another process leaves it alone, and a manual retry is refused, while the claim lasts.
    expect(await send(new Date(t0.getTime() + 1000), 'process-b')).toEqual({ delivered: 0, failed: 0, givenUp: 0 });
    const held = await press.post(`/api/media/webhooks/deliveries/${delivery!.id}/retry`);
    expect(held.statusCode).toBe(409);
    expect(held.json().error.code).toBe('webhook_delivery_sending');
    expect(receiver.received).toHaveLength(0);
    // The claim runs out; the next process sends it.
    expect(await send(new Date(t0.getTime() + CLAIM_MS + 1000), 'process-b')).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['remit-delivery']).toBe(delivery!.id);
    const detail = (await press.get(`/api/media/webhooks/deliveries/${delivery!.id}`)).json();
    expect(detail).toMatchObject({ state: 'delivered', attempts: 1 });
  });

  it('never lets two senders on one database send the same delivery', async () => {
    // A second process: its own connection (pool) to the same database.
    const second: Database = ctx.database.file ? await openDatabase({ sqlite: ctx.database.file }) : await openDatabase({ url: POSTGRES_URL, schema: ctx.database.schema!, poolSize: 5 });
    const slow = await startReceiver(SECRET, { delayMs: 15 });
    try {
      const { subscription } = await subscribe({ url: slow.url });
      await subscribe({ name: '微信公众号桥接', url: slow.url, events: ['publish'] });
      for (let i = 0; i < 12; i++) await queue(event({ releaseId: `rel-${i}` }));
      const at = new Date();
      const runs = await Promise.all([
        sendDueWebhooks(ctx, { at, runner: 'process-a', timeoutMs: 5_000 }),
        sendDueWebhooks({ ...ctx, database: second }, { at, runner: 'process-b', timeoutMs: 5_000 }),
        sendDueWebhooks({ ...ctx, database: second }, { at, runner: 'process-c', timeoutMs: 5_000 }),
      ]);
      expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(24);
      expect(runs.filter((r) => r.delivered > 0).length).toBeGreaterThan(1);
      const keys = slow.received.map((r) => String(r.headers['remit-delivery']));
      expect(keys).toHaveLength(24);
      expect(new Set(keys).size).toBe(24);
      expect(slow.maxConcurrentPerDelivery()).toBe(1);
      expect(slow.received.every((r) => r.signed)).toBe(true);
      expect((await deliveriesOf(subscription.id)).items.every((d) => d.state === 'delivered')).toBe(true);
      const attempts = await ctx.database.db.selectFrom('webhook_attempts').select(['delivery_id', 'runner']).execute();
      expect(attempts).toHaveLength(24);
      expect(new Set(attempts.map((a) => a.runner)).size).toBeGreaterThan(1);
    } finally {
      await slow.close();
      await second.close();
    }
  });

  it('queues with the publishing transaction: a rolled-back publish sends nothing; other levels and ★ marks never leave', async () => {
    const { subscription } = await subscribe();
    await expect(
      transact(ctx.database, async (trx) => {
        await queueReleaseEvent(trx, event());
        throw new Error('the publish failed after queueing');
      }),
    ).rejects.toThrow('the publish failed');
    expect((await deliveriesOf(subscription.id)).total).toBe(0);
    await expect(queue(event({ payload: { title: '内部通报', level: 'internal' } }))).rejects.toMatchObject({ code: 'webhook_event_not_public' });
    await expect(queue(event({ payload: { title: '会议纪要 机密★10年' } }))).rejects.toMatchObject({ code: 'webhook_event_not_public' });
    expect(await ctx.database.db.selectFrom('webhook_events').selectAll().execute()).toHaveLength(0);
  });

  it('sends only the events a subscription asked for, and nothing to a deactivated one until it is active again', async () => {
    const portal = await subscribe({ events: ['publish', 'update', 'retract'] });
    const wechat = await subscribe({ name: '微信公众号桥接', events: ['publish'] });
    await queue(event({ kind: 'retract', payload: { title: '已撤回的稿件', retractedAt: '2026-01-21T09:00:00.000Z', reason: '内容有误' } }));
    expect((await deliveriesOf(portal.subscription.id)).total).toBe(1);
    expect((await deliveriesOf(wechat.subscription.id)).total).toBe(0);

    const off = await press.patch(`/api/media/webhooks/${portal.subscription.id}`, { active: false });
    expect(off.json()).toMatchObject({ active: false });
    expect(await send(new Date())).toEqual({ delivered: 0, failed: 0, givenUp: 0 });
    const [waiting] = (await deliveriesOf(portal.subscription.id)).items;
    const refused = await press.post(`/api/media/webhooks/deliveries/${waiting!.id}/retry`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('webhook_subscription_inactive');
    await queue();
    expect((await deliveriesOf(portal.subscription.id)).total).toBe(1);
    const audit = await ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', portal.subscription.id).execute();
    expect(audit.map((a) => a.action)).toContain('webhook_subscription.deactivate');

    // Active again: the retraction that waited goes out, with the publish the other channel asked for.
    await press.patch(`/api/media/webhooks/${portal.subscription.id}`, { active: true });
    expect(await send(new Date())).toEqual({ delivered: 2, failed: 0, givenUp: 0 });
    expect(receiver.received.map((r) => r.headers['remit-event']).sort()).toEqual(['publish', 'retract']);
    const retraction = receiver.received.find((r) => r.headers['remit-event'] === 'retract')!;
    expect(JSON.parse(retraction.body)).toMatchObject({ event: 'retract', release: { title: '已撤回的稿件', retractedAt: '2026-01-21T09:00:00.000Z' } });
    // Only the public fields of the payload leave; the retraction's reason stays.
    expect(retraction.body).not.toContain('内容有误');
  });

  it('sends the others when one subscription’s secret cannot be opened, and says so after the batch', async () => {
    const broken = await subscribe({ name: '旧密钥的订阅' });
    await subscribe({ name: '微信公众号桥接' });
    // Sealed with another server's key (REMIT_SECRET_KEY differs between processes).
    await ctx.database.db
      .updateTable('webhook_subscriptions')
      .set({ secret: seal({ secretKey: 'some-other-processes-key-0123456789', dataDir: '/nonexistent' }, SECRET, secretContext(broken.subscription.id)) })
      .where('id', '=', broken.subscription.id)
      .execute();
    await queue();
    await expect(send(new Date())).rejects.toMatchObject({ code: 'secret_key_mismatch' });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received.every((r) => r.signed)).toBe(true);
    // Never sent unsigned: it waits, held, and is tried again once its claim runs out.
    expect((await deliveriesOf(broken.subscription.id)).items[0]).toMatchObject({ state: 'sending', attempts: 0 });
  });

  it('sends a few at a time, so receivers that hang do not hold up the others', async () => {
    const stuck = await startReceiver(SECRET);
    try {
      stuck.script([], 'hang');
      await subscribe({ name: '无应答的接收端', url: stuck.url });
      await subscribe({ name: '门户网站' });
      for (let i = 0; i < 6; i++) await queue(event({ releaseId: `rel-${i}` }));
      const started = performance.now();
      const run = await sendDueWebhooks(ctx, { at: new Date(), runner: 'process-a', timeoutMs: 800, concurrency: 4 });
      const elapsed = performance.now() - started;
      expect(run).toEqual({ delivered: 6, failed: 6, givenUp: 0 });
      expect(stuck.received).toHaveLength(6);
      expect(receiver.received).toHaveLength(6);
      // One at a time, six timeouts would take 4.8 s.
      expect(elapsed).toBeLessThan(4_000);
    } finally {
      await stuck.close();
    }
  });

  it('runs on a job timer whose interval comes from the settings', async () => {
    const { ctx: quick } = { ctx: { ...ctx, settings: { ...ctx.settings, webhookIntervalSeconds: 0.1, webhookTimeoutSeconds: 2 } } };
    const { subscription } = await subscribe();
    await queue();
    const timer = startWebhookSender(quick, {});
    try {
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      await expect.poll(async () => (await deliveriesOf(subscription.id)).items[0]!.state, { timeout: 10_000 }).toBe('delivered');
    } finally {
      await timer.stop();
    }
  });
});
