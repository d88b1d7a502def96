import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/database.ts';
import { queueReleaseEvent } from '../../src/media/webhooks.ts';
import { startReceiver, type Receiver } from '../media/webhook-receiver.ts';
import { confirmPopup, seriousViolations, startHarness, type Harness } from './harness.ts';

/**
 * 推送订阅 in the browser, in Chinese: the empty page says what webhooks are for and the first step;
 * the propaganda officer subscribes a receiver, sees its secret once, watches a delivery fail, retries
 * it, reads each attempt in the log, and deactivates the subscription. The same page in English.
 */
const SECRET = 'portal-cms-shared-secret-e2e-01';

let h: Harness;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  // The sender looks every 0.2 s, so a queued delivery goes out while the test watches.
  h = await startHarness({ env: { REMIT_WEBHOOK_INTERVAL_SECONDS: '0.2', REMIT_WEBHOOK_TIMEOUT_SECONDS: '2' } });
}, 300_000);

afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

describe('webhooks page', () => {
  it('subscribes a receiver, shows the secret once, follows a failed delivery through a retry, and deactivates', async () => {
    const { page } = await h.newPage('zh-CN');
    await h.signIn(page, 'press', h.adminPassword);
    await h.visit(page, '/media/webhooks', 'webhooks-empty-zh');
    const empty = page.getByTestId('webhooks-empty');
    await expect.poll(() => empty.textContent()).toContain('尚无推送订阅');
    expect(await empty.textContent()).toContain('第一步：点击“新建订阅”');
    // The navigation has it under 新闻发布.
    expect(await page.getByRole('navigation').textContent()).toContain('新闻发布');
    expect(await seriousViolations(page)).toEqual([]);

    // A refused address is said in Chinese in the dialog, and nothing is saved.
    await page.getByTestId('new-webhook').click();
    const form = page.getByRole('dialog', { name: '新建订阅' });
    await page.locator('#webhook_name').fill('市政府门户网站');
    await page.locator('#webhook_url').fill('ftp://portal.example.org/in');
    await page.locator('#webhook_secret').fill(SECRET);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('推送只能发往以 http://、https:// 开头的地址');
    await page.locator('#webhook_url').fill(receiver.url);
    await form.getByRole('button', { name: /保\s*存/ }).click();

    // The secret, this once.
    const secret = page.getByTestId('webhook-secret');
    await expect.poll(() => secret.textContent()).toBe(SECRET);
    const shown = page.getByRole('dialog', { name: '请保存密钥' });
    expect(await shown.textContent()).toContain('密钥只显示这一次');
    await h.shot(page, 'webhooks-secret-zh');
    await shown.getByRole('button', { name: /^关 闭$/ }).click();
    await expect.poll(() => page.getByTestId('webhook-name').allTextContents()).toEqual(['市政府门户网站']);
    // Closed, it is gone from the page for good.
    await expect.poll(() => page.locator('body').textContent()).not.toContain(SECRET);

    // A publish reaches the outbox (as the publishing transaction queues it); the receiver fails it once.
    receiver.script([500], 200);
    await transact(h.database, (trx) =>
      queueReleaseEvent(trx, { kind: 'publish', releaseId: 'release-e2e', version: 1, payload: { title: '市委理论学习中心组举行集体学习', path: '/public/releases/release-e2e', publishedAt: new Date().toISOString() } }),
    );
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);

    await page.getByTestId('webhook-deliveries').click();
    const state = page.getByTestId('delivery-state');
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('等待重试');
    await h.shot(page, 'webhooks-log-retrying-zh');
    await page.getByTestId('delivery-retry').click();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('已送达');
    expect(new Set(receiver.received.map((r) => r.headers['remit-delivery'])).size).toBe(1);
    expect(receiver.received.every((r) => r.signed)).toBe(true);

    // Each attempt in the log: its answer and how long it took.
    await page.getByRole('button', { name: /展开行|Expand row/ }).first().click();
    const log = page.locator('.ant-table-expanded-row');
    await expect.poll(() => log.textContent()).toContain('第 2 次');
    const text = (await log.textContent()) ?? '';
    expect(text).toContain('第 1 次');
    expect(text).toContain('接收端返回错误（状态码 500）');
    expect(text).toContain('状态码 200');
    expect(text).toMatch(/\d+ 毫秒/);
    await h.shot(page, 'webhooks-log-zh');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // Deactivated: nothing more is sent to it.
    await confirmPopup(page, page.getByRole('button', { name: /停\s*用/ }), /停\s*用/);
    await expect.poll(() => page.locator('.ant-table-row').first().textContent()).toContain('已停用');
    await h.shot(page, 'webhooks-list-zh');

    const english = await h.newPage('en-US');
    await h.signIn(english.page, 'press', h.adminPassword);
    await h.visit(english.page, '/media/webhooks', 'webhooks-list-en');
    await expect.poll(() => english.page.locator('.ant-table-row').first().textContent()).toContain('Deactivated');
    expect(await english.page.locator('.ant-table-row').first().textContent()).toContain('1 delivered · 0 waiting · 0 given up');
  });
});
