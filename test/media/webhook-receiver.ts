import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the receiver does with the next request: answer with a status, or never answer (the sender times out). */
export type Behaviour = number | 'hang';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** The answer it was given. */
  answer: Behaviour;
  /** Whether the signature checked out with the receiver's secret (docs/webhooks.md). */
  signed: boolean;
  timestamp: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; after them every request gets `otherwise`. */
  script(answers: Behaviour[], otherwise?: Behaviour): void;
  /** Most requests handled at the same time for one Remit-Delivery key. */
  maxConcurrentPerDelivery(): number;
  close(): Promise<void>;
}

/** The check a receiver makes (docs/webhooks.md): HMAC-SHA256 of "<t>.<raw body>" with the shared secret, compared in constant time. */
export function verifySignature(secret: string, header: string | undefined, body: string): { ok: boolean; timestamp: number } {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) return { ok: false, timestamp: NaN };
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return { ok: given.length === expected.length && timingSafeEqual(given, expected), timestamp };
}

/** A webhook receiver on 127.0.0.1 that answers as scripted and records what it got. */
export async function startReceiver(secret: string, options: { delayMs?: number } = {}): Promise<Receiver> {
  const received: Received[] = [];
  let answers: Behaviour[] = [];
  let otherwise: Behaviour = 200;
  const inFlight = new Map<string, number>();
  let maxConcurrent = 0;
  const hanging: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = answers.shift() ?? otherwise;
      const check = verifySignature(secret, request.headers['remit-signature'] as string | undefined, body);
      received.push({ headers: request.headers, body, answer, signed: check.ok, timestamp: check.timestamp });
      const key = String(request.headers['remit-delivery']);
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      maxConcurrent = Math.max(maxConcurrent, inFlight.get(key)!);
      const finish = () => {
        inFlight.set(key, inFlight.get(key)! - 1);
        if (answer === 'hang') {
          hanging.push(response);
          return;
        }
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
      };
      if (options.delayMs) setTimeout(finish, options.delayMs);
      else finish();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/remit`,
    received,
    script(next, rest = 200) {
      answers = [...next];
      otherwise = rest;
    },
    maxConcurrentPerDelivery: () => maxConcurrent,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
