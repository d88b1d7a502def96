import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { startJobTimer, type JobTimer } from '../db/jobs.ts';
import { writeAudited } from '../db/write.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { publicBaseUrl } from '../notify/outbox.ts';
import { systemActor } from '../security/actor.ts';
import { unseal } from '../security/secret-box.ts';

/**
 * Webhooks of published releases: other channels (the portal's CMS, a WeChat official-account
 * bridge) subscribe with a URL and a secret, and each publish, update and retraction is POSTed to
 * them as JSON, signed with HMAC-SHA256 over `${timestamp}.${body}` (docs/webhooks.md).
 *
 * Through an outbox, as the notification e-mail (src/notify/outbox.ts): an event is queued inside
 * the publishing transaction (`queueReleaseEvent`), one delivery per active subscription of its
 * kind, so the deliveries commit or roll back with the publish. A sender claims a due delivery with
 * a conditional UPDATE (two processes never hold the same one), POSTs it, logs the attempt and marks
 * it delivered; a process that dies between claiming and marking leaves a claim that runs out, and
 * the delivery is sent again: at least once, never lost, across processes and restarts. A refused
 * or failed POST is retried with exponential back-off and jitter for a day, then given up.
 *
 * A webhook leaves the system: its body is only what the publishing step put in the event, which
 * is the public data of a published (or just retracted) release; an event naming another level or
 * carrying a ★ mark is refused.
 */
export const WEBHOOK_EVENT_KINDS = ['publish', 'update', 'retract'] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

/** Retries stop a day after the event (or after a manual retry): the delivery is given up then. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/** The wait after the first failure; it doubles after each further one, up to RETRY_MAX_MS. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 4 * 60 * 60 * 1000;
/** Each wait is drawn within ±20 % of its step, so receivers that failed together are not hit together again. */
export const RETRY_JITTER = 0.2;
/** How long a receiver has to answer. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** How long a claim holds: well beyond a POST's timeout; a claim that runs out is taken again. */
export const CLAIM_MS = 2 * 60 * 1000;
export const DEFAULT_WEBHOOK_INTERVAL_MS = 15_000;
export const DEFAULT_CONCURRENCY = 4;

/** What an attempt that failed failed on (worded in the web catalogue: webhooks.errors.*). */
export const ATTEMPT_ERRORS = ['status', 'timeout', 'refused', 'dns', 'redirect', 'network'] as const;
export type AttemptError = (typeof ATTEMPT_ERRORS)[number];

const defaultRunner = `${hostname()}:${process.pid}`;

export interface ReleaseEvent {
  kind: WebhookEventKind;
  releaseId: string;
  version: number;
  /**
   * Public data of the published release only (it leaves the system). Read by the sender: `title`,
   * `path` (the release's page, starting /public/), `publishedAt`, `retractedAt`; the fields of
   * PUBLIC_PAYLOAD_KEYS are kept and sent as `payload`, any other is dropped. A `level` other than
   * public, or a ★ anywhere, is refused.
   */
  payload: Record<string, unknown>;
}

/**
 * The payload fields that may leave: what the public pages show of a published release. Anything
 * else the publishing step puts in (the retraction's reason, who approved, the review) stays here.
 */
export const PUBLIC_PAYLOAD_KEYS = ['title', 'body', 'summary', 'language', 'version', 'path', 'publishedAt', 'firstPublishedAt', 'supersedes', 'retractedAt'] as const;

export function eventsOf(stored: string): WebhookEventKind[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((kind): kind is WebhookEventKind => (WEBHOOK_EVENT_KINDS as readonly unknown[]).includes(kind)) : [];
  } catch {
    return [];
  }
}

/**
 * Queues one event of a release and a delivery of it to every active subscription of its kind. Call
 * it with the publishing transaction, so the deliveries commit or roll back with the publish.
 */
export async function queueReleaseEvent(db: Executor, event: ReleaseEvent): Promise<void> {
  // A guard, not the rule: the publishing step gives public data only; anything else never leaves.
  const kept = Object.fromEntries(PUBLIC_PAYLOAD_KEYS.filter((key) => Object.hasOwn(event.payload, key)).map((key) => [key, event.payload[key]]));
  const payload = JSON.stringify(kept);
  if (!(WEBHOOK_EVENT_KINDS as readonly string[]).includes(event.kind) || ('level' in event.payload && event.payload.level !== 'public') || payload.includes('★')) {
    throw new AppError(422, 'webhook_event_not_public', { kind: event.kind });
  }
  const at = new Date();
  const stamp = at.toISOString();
  const eventId = newId();
  await db.insertInto('webhook_events').values({ id: eventId, kind: event.kind, release_id: event.releaseId, version: event.version, payload, created_at: stamp }).execute();
  const subscriptions = await db.selectFrom('webhook_subscriptions').select(['id', 'events']).where('active', '=', 1).execute();
  const giveUpAt = new Date(at.getTime() + GIVE_UP_AFTER_MS).toISOString();
  const rows = subscriptions
    .filter((subscription) => eventsOf(subscription.events).includes(event.kind))
    .map((subscription) => ({
      id: newId(),
      subscription_id: subscription.id,
      event_id: eventId,
      next_attempt_at: stamp,
      give_up_at: giveUpAt,
      claimed_by: null,
      claimed_until: null,
      delivered_at: null,
      failed_at: null,
      last_status: null,
      last_error: null,
      created_at: stamp,
    }));
  if (rows.length > 0) await db.insertInto('webhook_deliveries').values(rows).execute();
}

/** The wait after the nth failed attempt (1-based): 30 s doubling to at most 4 h, within ±20 % (`random` in [0, 1)). */
export function retryDelayMs(failures: number, random: number = Math.random()): number {
  const step = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}

export const secretContext = (subscriptionId: string) => `webhook:${subscriptionId}`;

/** `Remit-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

interface EventRow {
  id: string;
  kind: string;
  release_id: string;
  version: number;
  payload: string;
  created_at: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The body of an event's POST: the same bytes on every attempt (the address Remit is reached at is
 * read from the settings). Only what the event holds: the public data of the release.
 */
export function webhookBody(ctx: Context, event: EventRow): string {
  const payload = JSON.parse(event.payload) as Record<string, unknown>;
  const given = text(payload.path);
  const path = given?.startsWith('/public/') ? given : `/public/releases/${encodeURIComponent(event.release_id)}`;
  return JSON.stringify({
    event: event.kind,
    eventId: event.id,
    occurredAt: event.created_at,
    release: {
      id: event.release_id,
      version: event.version,
      title: text(payload.title),
      url: `${publicBaseUrl(ctx)}${path}`,
      publishedAt: text(payload.publishedAt),
      retractedAt: event.kind === 'retract' ? (text(payload.retractedAt) ?? event.created_at) : null,
    },
    payload,
  });
}

export interface WebhookRun {
  delivered: number;
  failed: number;
  /** Deliveries given up: a day of retries without success. */
  givenUp: number;
}

export interface SendOptions {
  at?: Date;
  runner?: string;
  batch?: number;
  timeoutMs?: number;
  /** Deliveries in flight at once in this process (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Draws the jitter of back-off waits; tests fix it. */
  random?: () => number;
}

/**
 * Claims a delivery for `runner` until `until` when it is still to be sent and nobody holds it: a
 * conditional UPDATE, so of any number of racing senders exactly one gets it.
 */
export async function claimDelivery(db: Executor, id: string, runner: string, at: Date, claimMs = CLAIM_MS): Promise<boolean> {
  const nowIso = at.toISOString();
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ claimed_by: runner, claimed_until: new Date(at.getTime() + claimMs).toISOString() })
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowIso)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

function failureOf(error: unknown): AttemptError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  return 'network';
}

/** POSTs one delivery; the answer's status, or what it failed on, and how long it took. */
async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number | null; error: AttemptError | null; durationMs: number }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // The answer's body is not needed, and is not read: a receiver cannot fill this process's memory.
    await response.body?.cancel().catch(() => undefined);
    const durationMs = Math.round(performance.now() - started);
    if (response.status >= 200 && response.status < 300) return { status: response.status, error: null, durationMs };
    return { status: response.status, error: response.status >= 300 && response.status < 400 ? 'redirect' : 'status', durationMs };
  } catch (error) {
    return { status: null, error: failureOf(error), durationMs: Math.round(performance.now() - started) };
  }
}

/**
 * Sends the deliveries due at `at`, each claimed first. Safe to run in any number of processes at
 * once: a delivery is held by one claim at a time. Deliveries of a deactivated subscription wait.
 */
export async function sendDueWebhooks(ctx: Context, options: SendOptions = {}): Promise<WebhookRun> {
  const at = options.at ?? new Date();
  const runner = options.runner ?? defaultRunner;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const random = options.random ?? Math.random;
  const nowIso = at.toISOString();
  const db = ctx.database.db;
  const run: WebhookRun = { delivered: 0, failed: 0, givenUp: 0 };
  const problems: unknown[] = [];
  const due = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
    .select('webhook_deliveries.id')
    .where('webhook_subscriptions.active', '=', 1)
    .where('webhook_deliveries.delivered_at', 'is', null)
    .where('webhook_deliveries.failed_at', 'is', null)
    .where('webhook_deliveries.next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('webhook_deliveries.claimed_until', 'is', null), eb('webhook_deliveries.claimed_until', '<=', nowIso)]))
    .orderBy('webhook_deliveries.next_attempt_at')
    .orderBy('webhook_deliveries.id')
    .limit(options.batch ?? 50)
    .execute();
  const queue = due.map((d) => d.id);
  // A few at a time, so one receiver that hangs until the timeout does not hold up the others.
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) await sendOne(id);
  };
  const sendOne = async (id: string) => {
    // One delivery's trouble (a secret sealed with another key) does not hold up the others; its
    // claim runs out and it is tried again, and the first such error is reported after the batch.
    try {
      if (!(await claimDelivery(db, id, runner, at, Math.max(CLAIM_MS, timeoutMs * 3)))) return;
      const delivery = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const subscription = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', delivery.subscription_id).executeTakeFirstOrThrow();
      const event = await db.selectFrom('webhook_events').selectAll().where('id', '=', delivery.event_id).executeTakeFirstOrThrow();
      const body = webhookBody(ctx, event);
      const attempt = delivery.attempts + 1;
      // The time the attempt is made at, so a receiver can refuse old (replayed) requests.
      const timestamp = Math.floor(at.getTime() / 1000);
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Remit-Webhooks/1',
        'remit-event': event.kind,
        'remit-delivery': delivery.id,
        'remit-attempt': String(attempt),
        'remit-signature': signatureHeader(unseal(ctx.settings, subscription.secret, secretContext(subscription.id)), timestamp, body),
      };
      const result = await post(subscription.url, headers, body, timeoutMs);
      const ok = result.error === null;
      const giveUp = !ok && at.getTime() >= Date.parse(delivery.give_up_at);
      const next = ok || giveUp ? delivery.next_attempt_at : new Date(Math.min(at.getTime() + retryDelayMs(attempt, random()), Date.parse(delivery.give_up_at))).toISOString();
      await writeAudited(ctx, systemActor('webhooks'), async (trx) => {
        await trx
          .insertInto('webhook_attempts')
          .values({ id: newId(), delivery_id: id, attempt, runner, started_at: nowIso, duration_ms: result.durationMs, status: result.status, error: result.error, ok: ok ? 1 : 0 })
          .execute();
        // Only while this runner still holds the claim: one that ran out may be another's now.
        await trx
          .updateTable('webhook_deliveries')
          .set({
            attempts: attempt,
            last_status: result.status,
            last_error: result.error,
            next_attempt_at: next,
            delivered_at: ok ? nowIso : null,
            failed_at: giveUp ? nowIso : null,
            claimed_by: null,
            claimed_until: null,
          })
          .where('id', '=', id)
          .where('claimed_by', '=', runner)
          .execute();
        const detail = { subscriptionId: subscription.id, eventId: event.id, kind: event.kind, releaseId: event.release_id, version: event.version, attempt, status: result.status, error: result.error };
        if (ok) return { result: undefined, audit: { action: 'webhook_delivery.delivered', objectType: 'webhook_delivery', objectId: id, level: 'internal', detail } };
        if (giveUp) return { result: undefined, audit: { action: 'webhook_delivery.given_up', objectType: 'webhook_delivery', objectId: id, level: 'internal', detail } };
        return { result: undefined, audit: [] };
      });
      if (ok) run.delivered++;
      else if (giveUp) run.givenUp++;
      else run.failed++;
    } catch (error) {
      problems.push(error);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, queue.length)) }, worker));
  if (problems.length > 0) throw problems[0];
  return run;
}

/** Sends due webhooks every interval (REMIT_WEBHOOK_INTERVAL_SECONDS); every process runs it, claims keep each delivery to one. */
export function startWebhookSender(ctx: Context, options: { intervalMs?: number; timeoutMs?: number; log?: (error: unknown) => void } = {}): JobTimer {
  const intervalMs = options.intervalMs ?? ctx.settings.webhookIntervalSeconds * 1000;
  return startJobTimer(() => sendDueWebhooks(ctx, { timeoutMs: options.timeoutMs ?? ctx.settings.webhookTimeoutSeconds * 1000 }), {
    intervalMs,
    firstDelayMs: Math.min(1_000, intervalMs),
    log: options.log,
  });
}
