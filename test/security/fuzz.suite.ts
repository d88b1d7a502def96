import type { InjectOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/security/audit.ts';
import { pathParamKinds } from '../helpers/crawl.ts';
import { DIALECTS } from '../helpers/db.ts';
import type { DialectName } from '../../src/db/database.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { plantWorld, type World } from '../helpers/leak-world.ts';
import { fieldsOf, fillPath, isDateSchema, operationsOf, sample, seeded, setPath, typesOf, withQuery, type JsonSchema, type Operation } from '../helpers/openapi.ts';

/**
 * Every operation in the OpenAPI document gets malformed input: wrong types, missing fields, 1 MB
 * strings, deep nesting, lone surrogates, NUL, bad percent-encoding, over-long parameters, bad dates,
 * wrong content types. No answer may be a 5xx, every 4xx must be `{ error: { code, message, details? } }`,
 * and the audit chain must still verify afterwards.
 */

interface Probe {
  label: string;
  method: Operation['method'];
  url: string;
  payload?: string;
  contentType?: string;
}

const MEGABYTE = 'a'.repeat(1_000_000);
const NASTY = ['\u202e', '\ufeff', '😀', 'e\u0301', "'", '"', '\\', '%', '_', '<script>', '${x}', '\n', '\t', '　', '★', '--', ';', '\u2028'];
const DEEP = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
const DEEP_ARRAY = `${'['.repeat(1000)}${']'.repeat(1000)}`;

/** The value of a wrong type for a field of this schema. */
function wrongType(schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if (types.includes('string')) return 12345;
  if (types.includes('integer') || types.includes('number')) return 'not a number';
  if (types.includes('boolean')) return 'yes';
  if (types.includes('array')) return { not: 'an array' };
  if (types.includes('object')) return 'not an object';
  return [[]];
}

/**
 * Why a 4xx answer of a public page is neither an HTML page in a language nor, for what the router
 * refuses before any page (a malformed address, a NUL), the one error shape; null when it is one.
 */
function htmlPageProblem(contentType: string, body: string): string | null {
  if (contentType.includes('application/json')) return shapeProblem(contentType, body);
  if (!contentType.includes('text/html')) return `content type ${contentType || 'none'}`;
  if (!/^<!doctype html>\s*<html lang="(zh-CN|en)">/.test(body)) return 'not an HTML page with its language';
  return null;
}

/** Why a 4xx body is not in the documented shape, or null when it is. */
function shapeProblem(contentType: string, body: string): string | null {
  if (!contentType.includes('application/json')) return `content type ${contentType || 'none'}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'not JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not an object';
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'error') return `top-level keys ${keys.join(', ')}`;
  const error = (parsed as { error: unknown }).error;
  if (!error || typeof error !== 'object') return 'error is not an object';
  const e = error as Record<string, unknown>;
  const extra = Object.keys(e).filter((k) => !['code', 'message', 'params', 'details'].includes(k));
  if (extra.length) return `extra keys ${extra.join(', ')}`;
  if (e.params !== undefined && (!e.params || typeof e.params !== 'object' || Array.isArray(e.params))) return 'params is not an object';
  if (typeof e.code !== 'string' || !e.code) return 'no code';
  if (typeof e.message !== 'string' || !e.message) return 'no message';
  return null;
}

function probesFor(world: World, operation: Operation, random: () => number): Probe[] {
  const { method } = operation;
  const valid: Record<string, string> = {};
  for (const p of operation.pathParams) {
    if (p.schema.enum) valid[p.name] = String(p.schema.enum[0]);
    else if (p.name === 'file') valid[p.name] = 'rcal_nothing.ics';
    else {
      const kinds = pathParamKinds(operation, p.name) ?? [];
      // A user other than the authors: a malformed change must not be able to lock out the fuzzer.
      if (kinds.includes('user')) valid[p.name] = world.users.find((u) => u.name === 'viewer-public')!.userId!;
      else valid[p.name] = kinds.map((k) => world.controls.get(k) ?? world.idsOf(k)[0]).find(Boolean) ?? '00000000-0000-4000-8000-000000000000';
    }
  }
  const query: Record<string, string | number> = {};
  for (const p of operation.queryParams) if (p.required) query[p.name] = String(sample(p.schema, { today: world.day }, p.name));
  const path = fillPath(operation.path, valid);
  const url = withQuery(path, query);
  const probes: Probe[] = [];

  // Path parameters: bad percent-encoding, over-long, NUL, lone surrogate bytes, traversal.
  for (const p of operation.pathParams.slice(0, 2)) {
    for (const [label, raw] of [
      ['bad percent-encoding', '%E0%A4%A'],
      ['10,000-character parameter', 'a'.repeat(10_000)],
      ['101-character parameter', 'b'.repeat(101)],
      ['NUL', 'x%00y'],
      ['lone surrogate bytes', '%ED%A0%80'],
      ['traversal', '..%2F..%2Fetc'],
    ] as const) {
      probes.push({ label: `path ${p.name}: ${label}`, method, url: withQuery(fillPath(operation.path, { ...valid, [p.name]: raw }, true), query) });
    }
  }

  // Query parameters: wrong types, bad dates, NUL, bad encoding, keys of Object.prototype.
  const q = (extra: string) => `${path}?${[withQuery('', query).slice(1), extra].filter(Boolean).join('&')}`;
  for (const p of operation.queryParams) {
    const types = typesOf(p.schema);
    const values: [string, string][] = [];
    if (types.includes('integer') || types.includes('number')) values.push(['letters', 'abc'], ['negative', '-1'], ['huge', '99999999999999999999'], ['exponent', '1e309']);
    if (p.schema.enum) values.push(['unknown value', 'nope']);
    if (isDateSchema(p.schema) || /^(from|to|endsBefore)$/.test(p.name)) values.push(['bad date', '2024-13-45'], ['impossible date', '2024-02-30']);
    if (types.includes('string') && !p.schema.enum) values.push(['NUL', 'a%00b'], ['lone surrogate bytes', '%ED%A0%80'], ['bad percent-encoding', '%E0%A4%A'], ['10,000 characters', 'c'.repeat(10_000)]);
    for (const [label, raw] of values) probes.push({ label: `query ${p.name}: ${label}`, method, url: q(`${p.name}=${raw}`) });
    probes.push({ label: `query ${p.name}: given twice`, method, url: q(`${p.name}=1&${p.name}=2`) });
  }
  if (operation.queryParams.some((p) => p.name === 'sort')) {
    for (const key of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) probes.push({ label: `query sort=${key}`, method, url: q(`sort=${key}`) });
  }

  // Bodies.
  if (operation.body) {
    const fill = (name: string, schema: JsonSchema) => {
      if (!/Id$|^ids$|^leaders$|^people$|^units$|^unitIds$/.test(name)) return undefined;
      const kind = name === 'groupId' ? 'study_group' : /person|leaders|people/i.test(name) ? 'person' : /unit/i.test(name) || name === 'parentId' ? 'unit' : undefined;
      const id = kind ? world.controls.get(kind) : undefined;
      return id === undefined ? undefined : typesOf(schema).includes('array') ? [id] : id;
    };
    const base = sample(operation.body, { today: world.day, fill });
    const json = (label: string, body: unknown) => probes.push({ label, method, url, payload: JSON.stringify(body), contentType: 'application/json' });
    const raw = (label: string, payload: string, contentType = 'application/json') => probes.push({ label, method, url, payload, contentType });
    json('body {}', {});
    for (const name of (operation.body.required ?? []).slice(0, 6)) json(`body without ${name}`, setPath(base, name, undefined));
    const fields = fieldsOf(operation.body);
    for (const f of fields.slice(0, 10)) json(`body ${f.path}: wrong type`, setPath(base, f.path, wrongType(f.schema)));
    for (const f of fields.filter((f) => typesOf(f.schema).includes('string') && !f.schema.enum).slice(0, 4)) {
      json(`body ${f.path}: 1 MB string`, setPath(base, f.path, MEGABYTE));
      json(`body ${f.path}: lone surrogate`, setPath(base, f.path, 'a\uD800b'));
      json(`body ${f.path}: NUL`, setPath(base, f.path, 'a\u0000b'));
      const nasty = Array.from({ length: 6 }, () => NASTY[Math.floor(random() * NASTY.length)]).join('');
      json(`body ${f.path}: ${JSON.stringify(nasty)}`, setPath(base, f.path, nasty));
    }
    for (const f of fields.filter((f) => isDateSchema(f.schema))) {
      json(`body ${f.path}: bad date`, setPath(base, f.path, '2024-13-45'));
      json(`body ${f.path}: impossible date`, setPath(base, f.path, '2024-02-30'));
    }
    raw('body nested 1000 deep', DEEP);
    raw('body of arrays nested 1000 deep', DEEP_ARRAY);
    raw('body as text/plain', JSON.stringify(base), 'text/plain');
    raw('body as application/xml', '<request><name>x</name></request>', 'application/xml');
    raw('empty body with a JSON content type', '');
    raw('truncated JSON', '{"a":');
    for (const scalar of ['[]', 'null', '"text"', '1', 'true']) raw(`body ${scalar}`, scalar);
    raw('body with __proto__', `{"__proto__":{"polluted":true},${JSON.stringify(base).slice(1)}`);
    raw('body with constructor.prototype', `{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(base).slice(1)}`);
  }
  return probes;
}

/** Defines the suite for one database; each database has a test file of its own, so the two run side by side. */
export function fuzzEveryOperation(dialect: DialectName): void {
  describe.skipIf(!DIALECTS.includes(dialect))(`fuzz of every operation on ${dialect}`, () => {
    let server: TestServer | undefined;
    afterAll(async () => server?.dispose());

    it('answers the router’s own refusals and text that cannot be stored in the one error shape', async () => {
      const own = await testServer(dialect);
      try {
        const clerk = await own.signIn({ username: 'clerk', roles: ['clerk'] });
        const badUrl = await clerk.get('/api/units/%E0%A4%A');
        expect(badUrl.statusCode).toBe(400);
        expect(badUrl.json()).toEqual({ error: { code: 'bad_url', message: expect.stringMatching(/percent-encoding/), params: {} } });
        const long = await clerk.get(`/api/units/${'a'.repeat(10_000)}`);
        expect(long.statusCode).toBe(414);
        expect(long.json()).toEqual({ error: { code: 'uri_too_long', message: expect.stringMatching(/longer than 200 characters/), params: { max: 200 } } });
        expect(long.body.length).toBeLessThan(300);
        const xml = await own.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, 'content-type': 'application/xml' }, payload: '<unit/>' });
        expect(xml.statusCode).toBe(415);
        expect(xml.json().error.code).toBe('unsupported_media_type');
        // PostgreSQL cannot store NUL: both dialects refuse it the same way, naming the field, and nothing is written.
        const nul = await clerk.post('/api/units', { name: 'Office\u0000', kind: 'other', level: 'public' });
        expect(nul.statusCode).toBe(400);
        expect(nul.json().error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/body\.name contains a NUL character/) });
        expect((await clerk.get('/api/units?q=a%00')).statusCode).toBe(400);
        const surrogate = await clerk.post('/api/people', { name: 'Li\uD800', level: 'public' });
        expect(surrogate.statusCode).toBe(400);
        expect(surrogate.json().error.message).toMatch(/body\.name contains a broken character/);
        expect((await clerk.get('/api/units')).json().total).toBe(0);
      } finally {
        await own.dispose();
      }
    });

    it('answers malformed input with a 4xx in the documented shape, never a 5xx, and the audit chain holds', { timeout: 300_000 }, async () => {
      server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
      const world = await plantWorld(server);
      const operations = operationsOf(server.app);
      const random = seeded(11);
      const problems: string[] = [];
      const codes = new Set<string>();
      const statuses = new Map<number, number>();
      let requests = 0;
      const oversized = new Set<string>();
      // Sign-in, password and token routes get an account each (a probe may sign it out), made before
      // the sign-in route's own probes spend its rate limit.
      const own = (o: Operation) => /^\/api\/(auth|tokens)/.test(o.path);
      const selves: Client[] = [];
      for (const [i] of operations.filter(own).entries()) selves.push(await server.signIn({ username: `fuzz-self-${i}`, roles: ['viewer'] }));

      for (const operation of operations) {
        const client = own(operation) ? selves.shift()! : /^\/api\/(secrecy|knowable|audit)/.test(operation.path) ? world.secrecyAuthor : world.author;
        const probes = probesFor(world, operation, random);
        // One body over the 2 MB limit per kind of route is enough to see the 413.
        if (operation.body && !oversized.has(operation.method)) {
          oversized.add(operation.method);
          probes.push({ label: 'body over the size limit', method: operation.method, url: fillPath(operation.path, Object.fromEntries(operation.pathParams.map((p) => [p.name, 'x']))), payload: JSON.stringify({ text: 'a'.repeat(3_000_000) }), contentType: 'application/json' });
        }
        for (const probe of probes) {
          const headers: Record<string, string> = { cookie: client.cookie, 'x-csrf-token': client.csrf };
          if (probe.contentType !== undefined) headers['content-type'] = probe.contentType;
          const options: InjectOptions = { method: probe.method, url: probe.url, headers };
          if (probe.payload !== undefined) options.payload = probe.payload;
          const response = await server.app.inject(options);
          requests++;
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          const where = `${operation.method} ${operation.path} [${probe.label}] → ${response.statusCode}`;
          if (response.statusCode >= 500) problems.push(`${where} ${response.body.slice(0, 300)}`);
          else if (response.statusCode >= 400) {
            // The public pages (/public/) are HTML for people: their refusals are pages in the reader's language.
            const problem = operation.path.startsWith('/public/') ? htmlPageProblem(String(response.headers['content-type'] ?? ''), response.body) : shapeProblem(String(response.headers['content-type'] ?? ''), response.body);
            if (problem) problems.push(`${where} not in the documented shape (${problem}): ${response.body.slice(0, 200)}`);
            else if (String(response.headers['content-type']).includes('text/html')) codes.add(`${response.statusCode} public page`);
            else codes.add(`${response.statusCode} ${(JSON.parse(response.body) as { error: { code: string } }).error.code}`);
          }
        }
      }

      const audit = await verifyAudit(server.ctx.database.db);
      console.log(
        `[fuzz ${dialect}] ${operations.length} operations, ${requests} malformed requests; statuses ${[...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}; ` +
          `error codes ${[...codes].sort().join(', ')}; ${problems.length} problems; audit chain ${audit.ok ? `verified (${audit.checked} events)` : `broken: ${audit.reason}`}`,
      );
      expect(problems).toEqual([]);
      expect(audit).toMatchObject({ ok: true });
    });
  });
}
