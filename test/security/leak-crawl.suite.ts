import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Driver, getRequests, idsOfKinds, writeVariants, type Leak } from '../helpers/crawl.ts';
import { DIALECTS } from '../helpers/db.ts';
import type { DialectName } from '../../src/db/database.ts';
import { testServer, type TestServer } from '../helpers/http.ts';
import { dayOffset, plantWorld, type LowUser } from '../helpers/leak-world.ts';
import { operationsOf } from '../helpers/openapi.ts';

/**
 * The leak crawl: canaries planted in records of every kind that low users may not know, then every
 * GET operation of the OpenAPI document walked as each low user with every path parameter filled
 * with canary record ids (exports in both formats, search, calendar feeds), and every write aimed at
 * hidden records. Any canary a reader may not know in any body, and any write accepted on a hidden
 * record, fails the test. New routes are walked as soon as they are in the document.
 *
 * REMIT_CRAWL_REPORT=<file> writes what was found as Markdown (for the findings log).
 */

interface Accepted {
  user: string;
  route: string;
  url: string;
  status: number;
  target: string;
  slot: string;
}

const group = <T,>(items: T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/**
 * Runs `task` on every item, READ_WIDTH at a time. The crawl's reads change nothing and each answer is
 * judged on its own; sent one after another, each read waited alone for the durable commit of its
 * audit event, while reads in flight together share one (the audit log's group commit). Measured
 * alone on two cores: PostgreSQL 178 → 113 s, SQLite 56 → 47 s, the same 145k requests.
 */
const READ_WIDTH = 8;
async function atOnce<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(READ_WIDTH, items.length) }, lane));
}

/** Defines the suite for one database; each database has a test file of its own, so the two run side by side. */
export function leakCrawl(dialect: DialectName): void {
  describe.skipIf(!DIALECTS.includes(dialect))(`leak crawl on ${dialect}`, () => {
    let server: TestServer | undefined;
    afterAll(async () => server?.dispose());

    it('shows no reader a canary they may not know, on any route, and accepts no write on a hidden record', { timeout: 900_000 }, async () => {
      server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
      const world = await plantWorld(server);

      // The public channel, before any crawl write moves a release: anonymously, the index, both feeds
      // and the page at every release's id, version id and address name show the live release's
      // current text and nothing of a draft, a reviewed but unapproved, a retracted, an internal
      // release or a superseded version.
      const publicTexts: string[] = [];
      const publicUrls = ['/public/', '/public/?lang=en', '/public/feed.atom', '/public/feed.json', ...[...world.media.ids, ...world.media.slugs].flatMap((key) => [`/public/releases/${key}`, `/public/releases/${key}?lang=en`])];
      for (const url of publicUrls) publicTexts.push((await server.app.inject({ method: 'GET', url })).body);
      const publicBody = publicTexts.join('\n');
      expect(world.media.hidden.filter((text) => publicBody.includes(text.slice(-10))), 'unpublished release texts reachable under /public/').toEqual([]);
      expect(world.media.shown.filter((text) => !publicBody.includes(text)), 'the live release missing from /public/').toEqual([]);
      for (const feed of ['/public/feed.atom', '/public/feed.json']) {
        const body = (await server.app.inject({ method: 'GET', url: feed })).body;
        expect(world.media.shown.every((text) => body.includes(text)), `the live release in ${feed}`).toBe(true);
      }
      const operations = operationsOf(server.app);
      const driver = new Driver(world);
      const leaks: Leak[] = [];
      const accepted: Accepted[] = [];
      const serverErrors: string[] = [];
      // Writes the server refused as malformed test nothing about visibility; the report lists them so the crawl's bodies can be kept plausible.
      const invalid: string[] = [];
      const timings: string[] = [];
      const throttled: string[] = [];
      const seen = new Map<string, Set<string>>();
      const signedIn = world.users.filter((u): u is LowUser & { client: NonNullable<LowUser['client']> } => u.client !== null);

      const look = async (user: LowUser, route: string, url: string, response: Awaited<ReturnType<Driver['send']>>, audience = user) => {
        if (response.statusCode >= 500) serverErrors.push(`${user.name} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        // A throttled answer shows nothing: the crawl would pass without having looked.
        if (response.statusCode === 429) throttled.push(`${user.name} ${route} ${url}`);
        leaks.push(...(await driver.leaks(audience, route, url, response, user.name)));
        if (response.statusCode < 300) {
          const set = seen.get(user.name) ?? new Set<string>();
          for (const c of world.find(response.body)) set.add(c.token);
          seen.set(user.name, set);
        }
      };

      // Calendar feeds: each reader asks for one on every group and person; what a feed shows is its owner's view.
      const feeds: { file: string; owner: LowUser }[] = [];
      for (const user of signedIn) {
        const maxLevel = user.clearance === 'public' ? 'public' : 'internal';
        for (const [scope, kind] of [['group', 'study_group'], ['person', 'person']] as const) {
          for (const targetId of idsOfKinds(world, [kind])) {
            const response = await driver.send(user, 'POST', '/api/study/calendar/feeds', { scope, targetId, maxLevel });
            const target = world.hiddenFrom(user).find((r) => r.id === targetId && r.kind === kind);
            if (response.statusCode < 300 && target) accepted.push({ user: user.name, route: 'POST /api/study/calendar/feeds', url: `${scope}:${targetId}`, status: response.statusCode, target: target.label, slot: 'targetId' });
            await look(user, 'POST /api/study/calendar/feeds', `${scope}:${targetId}`, response);
            if (response.statusCode === 201) feeds.push({ file: (response.json() as { path: string }).path.split('/').pop()!, owner: user });
          }
        }
      }

      // Every GET operation, as every low user.
      const reads = operations.filter((o) => o.method === 'GET');
      for (const operation of reads) {
        if (operation.pathParams.some((p) => p.name === 'file')) {
          for (const feed of feeds) {
            const url = operation.path.replace('{file}', feed.file);
            await look(world.users.find((u) => !u.client)!, `GET ${operation.path}`, url, await driver.send(null, 'GET', url), feed.owner);
          }
          continue;
        }
        const urls = getRequests(world, operation, []);
        const started = performance.now();
        await atOnce(world.users.flatMap((user) => urls.map((url) => [user, url] as const)), async ([user, url]) => look(user, `GET ${operation.path}`, url, await driver.send(user, 'GET', url)));
        timings.push(`${Math.round(performance.now() - started)} ms, ${urls.length * world.users.length} requests: GET ${operation.path}`);
      }
      // Nobody raises their own clearance, roles or person link: each low user tries every way the API
      // offers; the accounts must be as they were.
      const db = server.ctx.database.db;
      const accounts = async () =>
        new Map(
          await Promise.all(
            signedIn.map(async (u) => {
              const row = await db.selectFrom('users').select(['clearance', 'person_id']).where('id', '=', u.userId!).executeTakeFirstOrThrow();
              const roles = (await db.selectFrom('user_roles').select('role').where('user_id', '=', u.userId!).orderBy('role').execute()).map((r) => r.role);
              return [u.name, { clearance: row.clearance, person: row.person_id, roles: roles.join('+') }] as const;
            }),
          ),
        );
      const before = await accounts();
      const hiddenPerson = world.records.find((r) => r.kind === 'person' && r.level === 'jimi')!.id;
      for (const user of signedIn) {
        const self = `/api/users/${user.userId}`;
        for (const body of [{ clearance: 'jimi' }, { roles: ['admin', 'security_admin', 'clerk', 'leader', 'secrecy_officer'] }, { personId: hiddenPerson }]) {
          await look(user, 'PATCH /api/users/{id} (own account)', self, await driver.send(user, 'PATCH', self, body));
        }
        const grant = { personId: user.personId, grade: 'core', grantedOn: world.day, grantedBy: 'Crawl', basis: 'Crawl: own grade' };
        await look(user, 'POST /api/secrecy/clearances (own grade)', '/api/secrecy/clearances', await driver.send(user, 'POST', '/api/secrecy/clearances', grant));
      }
      const after = await accounts();
      const escalated = [...before].flatMap(([name, was]) =>
        (Object.keys(was) as (keyof typeof was)[]).filter((k) => after.get(name)![k] !== was[k]).map((k) => `${name}: ${k} ${was[k]} → ${after.get(name)![k]}`),
      );

      // Need-to-know cannot be self-granted: whoever may edit the organization gives themselves a post in
      // the unit a scope names (from today, and one from next month), then walks every read again.
      const selfGranted: LowUser[] = [];
      for (const user of signedIn) {
        const unitId = world.controls.get('unit')!;
        const now = await driver.send(user, 'POST', '/api/positions', { personId: user.personId, unitId, title: 'Crawl self-granted post', level: 'public' });
        const later = await driver.send(user, 'POST', '/api/positions', { personId: user.personId, unitId, title: 'Crawl future post', startDate: dayOffset(30), level: 'public' });
        if (now.statusCode === 201 || later.statusCode === 201) selfGranted.push(user);
      }
      for (const operation of reads.filter((o) => !o.pathParams.some((p) => p.name === 'file'))) {
        const urls = getRequests(world, operation, []);
        await atOnce(urls.flatMap((url) => selfGranted.map((user) => [user, url] as const)), async ([user, url]) => look(user, `GET ${operation.path} (after giving themselves a post)`, url, await driver.send(user, 'GET', url)));
      }
      const readRequests = driver.requests;

      // Every write operation aimed at records the user may not know.
      const writes = operations.filter((o) => o.method !== 'GET');
      let writeRoutesAimed = 0;
      for (const operation of writes) {
        let aimed = false;
        for (const user of world.users) {
          for (const variant of writeVariants(world, operation, user)) {
            aimed = true;
            const response = await driver.send(user, operation.method, variant.url, variant.body);
            if (response.statusCode === 400) invalid.push(`${operation.method} ${operation.path} [${variant.slot}] ${response.body.slice(0, 160)}`);
            if (response.statusCode < 300) {
              accepted.push({ user: user.name, route: `${operation.method} ${operation.path}`, url: variant.url, status: response.statusCode, target: `${variant.target.label} [${variant.target.level}]`, slot: variant.slot });
            }
            await look(user, `${operation.method} ${operation.path}`, variant.url, response);
          }
        }
        if (aimed) writeRoutesAimed++;
      }

      // The crawl must reach content: every public control canary is shown to the public viewer somewhere.
      const publicViewer = world.users.find((u) => u.name === 'viewer-public')!;
      const unseen = [...world.canaries.values()].filter(
        (c) => c.record.level === 'public' && world.mayKnow(publicViewer, c) && c.fieldPermissions.length === 0 && !seen.get(publicViewer.name)?.has(c.token),
      );

      const summary =
        `[leak crawl ${dialect}] ${reads.length} GET routes and ${writes.length} write routes (${writeRoutesAimed} aimed at hidden records) from the OpenAPI document; ` +
        `${world.users.length} low users; ${world.canaries.size} canaries in ${world.records.length} records; ` +
        `${driver.requests} requests (${readRequests} reads incl. ${feeds.length} feeds and a second walk by ${selfGranted.length} users after giving themselves a post, ${driver.requests - readRequests} writes); ` +
        `${leaks.length} canaries shown to a reader who may not know them, ${accepted.length} writes accepted on hidden records, ${serverErrors.length} 5xx`;
      console.log(summary);

      const leakGroups = group(leaks, (l) => `${l.route} | ${l.user} | ${l.record}`);
      const leakLines = [...leakGroups.entries()].map(([key, list]) => `- ${key} (${list.length}×, e.g. ${list[0]!.status} ${list[0]!.url} shows ${list[0]!.canary})`);
      const acceptedLines = [...group(accepted, (a) => `${a.route} | ${a.user} | ${a.slot}`).entries()].map(([key, list]) => `- ${key} → ${list.map((a) => `${a.status} on ${a.target}`).join('; ')}`);
      if (process.env.REMIT_CRAWL_REPORT) {
        writeFileSync(
          process.env.REMIT_CRAWL_REPORT,
          [`## ${summary}`, '', '### Canaries shown to readers who may not know them (route | reader | record)', ...leakLines, '', '### Writes accepted on hidden records (route | user | slot)', ...acceptedLines, '', '### 5xx', ...serverErrors.map((e) => `- ${e}`), '', '### Public canaries the crawl never reached', ...unseen.map((c) => `- ${c.record.label}.${c.field}`), '', '### Slowest read routes', ...timings.sort((a, b) => parseInt(b) - parseInt(a)).slice(0, 12).map((t) => `- ${t}`), '', '### Writes refused as invalid input (first of each route and slot)', ...[...group(invalid, (i) => i.split(' ').slice(0, 3).join(' ')).values()].map((list) => `- ${list[0]} (${list.length}×)`), ''].join('\n'),
        );
      }

      // One assertion, so a failing run shows every kind of problem at once.
      expect({
        'changes to low users’ own accounts after they tried to raise their clearance, roles or person link': escalated,
        'canaries shown to a reader who may not know them (route | reader | record)': leakLines,
        'writes accepted on records the writer may not know (route | user | slot)': acceptedLines,
        'server errors during the crawl': serverErrors,
        'requests the rate limits refused (their answers were not seen)': throttled,
        'public canaries the crawl never reached (it is not seeing content)': unseen.map((c) => `${c.record.label}.${c.field}`),
      }).toEqual({
        'changes to low users’ own accounts after they tried to raise their clearance, roles or person link': [],
        'canaries shown to a reader who may not know them (route | reader | record)': [],
        'writes accepted on records the writer may not know (route | user | slot)': [],
        'server errors during the crawl': [],
        'requests the rate limits refused (their answers were not seen)': [],
        'public canaries the crawl never reached (it is not seeing content)': [],
      });
      expect(feeds.length, 'calendar feeds made by the low users').toBeGreaterThan(0);
    });
  });
}
