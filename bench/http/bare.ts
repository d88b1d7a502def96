/**
 * The bare server of `npm run bench:http`: a Fastify route sending a constant body (Remit's own
 * answer, captured once), i.e. the cost of HTTP and Fastify alone.
 * Run as its own process: `node bench/http/bare.ts BODY_FILE PORT`; prints `listening` when ready.
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [bodyFile, portText] = process.argv.slice(2);
if (!bodyFile || !portText) throw new Error('usage: node bench/http/bare.ts BODY_FILE PORT');
const body = readFileSync(bodyFile, 'utf8');

const app = Fastify({ logger: false });
app.get('/api/people', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
await app.listen({ host: '127.0.0.1', port: Number(portText) });
console.log('listening');
