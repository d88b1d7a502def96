import ExcelJS from 'exceljs';
import { generate } from 'otplib';
import type { LightMyRequestResponse } from 'fastify';
import { newId } from '../../src/ids.ts';
import type { Actor } from '../../src/security/actor.ts';
import { atMost, isStateSecret, type Level } from '../../src/security/levels.ts';
import { can, type Permission } from '../../src/security/policy.ts';
import type { Role } from '../../src/security/roles.ts';
import { addDays, seeded } from './openapi.ts';
import type { Client, TestServer } from './http.ts';

/**
 * A populated Remit for tests that must see every record kind at once (the leak crawl, the fuzz
 * test): records of every kind at 秘密 and 机密 with a knowable scope naming only their author,
 * public records inside hidden units, hidden parts inside visible sessions, people and units raised
 * to 机密 after other records came to name them, internal records, and public controls. Every text
 * field holds a unique canary, `CANARY-<kind>-<field>-<10 letters>`, so "this body shows a record
 * the reader may not know" becomes "this body contains a canary the reader may not know".
 */

export type Kind =
  | 'unit' | 'person' | 'position' | 'study_group' | 'plan' | 'plan_theme' | 'study_session' | 'theme' | 'material' | 'observer'
  | 'guidance' | 'speech' | 'conclusion' | 'minutes' | 'knowable_request' | 'clearance' | 'carrier' | 'alert' | 'carrier_review'
  | 'letter_template' | 'letter' | 'inspection_template' | 'inspection' | 'finding' | 'rectification' | 'training' | 'keyword_list'
  | 'keyword' | 'review' | 'review_finding' | 'user'
  | 'duty_area' | 'duty_task' | 'duty_milestone' | 'duty_subtask' | 'duty_report' | 'duty_file' | 'duty_extension'
  | 'media_release' | 'media_release_version';

export interface Planted {
  kind: Kind;
  id: string;
  level: Level;
  /** Why no low user may know it, beyond its level: a scope naming only its author, or a hidden parent. */
  hiddenBy: string | null;
  /** Roles that may read the kind at all (any of these permissions), beyond clearance. */
  permissions: Permission[];
  label: string;
  /** Published to everyone (a live news release): anyone may know it, signed in or not. */
  published?: boolean;
}

export interface Canary {
  text: string;
  token: string;
  field: string;
  record: Planted;
  /** Fields shown only to some roles (contact details), beyond the record's own permissions. */
  fieldPermissions: Permission[];
}

export interface LowUser {
  name: string;
  clearance: Level;
  roles: Role[];
  /** Null for the anonymous client. */
  client: Client | null;
  personId: string | null;
  userId: string | null;
}

const SECRECY_READ: Permission[] = ['secrecy.read'];

/** The actor a low user's requests run as, for asking the policy what their roles allow. */
function actorFor(user: LowUser): Actor {
  return { kind: 'user', id: user.userId, name: user.name, roles: user.roles, clearance: user.clearance, personId: user.personId, via: 'session', requestId: null };
}
const ALPHABET = 'bcdfghjkmnpqrstvwxz';

export function dayOffset(days: number): string {
  return addDays(new Date().toISOString().slice(0, 10), days);
}

export class World {
  readonly server: TestServer;
  readonly records: Planted[] = [];
  readonly canaries = new Map<string, Canary>();
  readonly users: LowUser[] = [];
  /** Writes the organization and study records (admin, clerk, leader; 机密). */
  author!: Client;
  /** Writes the secrecy records (secrecy officer; 机密). */
  secrecyAuthor!: Client;
  authorPersonId = '';
  /** One visible (public) record of each kind, for the slots of a request that are not under test. */
  readonly controls = new Map<Kind, string>();
  /** A session date within the feeds' window and the current year. */
  readonly day = dayOffset(-10);
  /**
   * News releases: the canary texts of releases that must never reach /public/ (a draft, one
   * reviewed but not approved, a retracted one, one above public, a superseded version) and of the
   * live one that must; the address names (slugs) of all of them.
   */
  readonly media = { hidden: [] as string[], shown: [] as string[], slugs: [] as string[], ids: [] as string[] };
  /** The minutes text of each planted session, by level and tag (a review copies one). */
  readonly minutesTexts = new Map<string, string>();
  private readonly random: () => number;
  private tokenPattern: RegExp | null = null;

  constructor(server: TestServer, seed = 8) {
    this.server = server;
    this.random = seeded(seed);
  }

  private token(): string {
    let out = '';
    for (let i = 0; i < 10; i++) out += ALPHABET[Math.floor(this.random() * ALPHABET.length)];
    return out;
  }

  /** Registers a record (its canaries are added with `canary`). */
  record(kind: Kind, id: string, level: Level, label: string, options: { hiddenBy?: string | null; permissions?: Permission[]; published?: boolean } = {}): Planted {
    const planted: Planted = { kind, id, level, hiddenBy: options.hiddenBy ?? (isStateSecret(level) ? 'scope names only its author' : null), permissions: options.permissions ?? [], label, ...(options.published ? { published: true } : {}) };
    this.records.push(planted);
    return planted;
  }

  /** A fresh canary for a field of a record not yet created (its record is attached by `attach`). */
  canary(kind: string, field: string): string {
    const token = this.token();
    const text = `CANARY-${kind}-${field.toLowerCase()}-${token}`;
    this.pending.set(token, { text, field, token });
    this.tokenPattern = null;
    return text;
  }

  private readonly pending = new Map<string, { text: string; field: string; token: string }>();

  /** Binds canaries written into a record's fields to the record, once its id is known. */
  attach(record: Planted, texts: (string | null | undefined)[], fieldPermissions: Permission[] = []): Planted {
    for (const text of texts) {
      if (!text) continue;
      const token = text.slice(-10);
      const pending = this.pending.get(token);
      if (!pending) throw new Error(`not a pending canary: ${text}`);
      this.pending.delete(token);
      this.canaries.set(token, { ...pending, record, fieldPermissions });
    }
    return record;
  }

  /** Whether a low user may know a record: signed in, cleared for its level, not hidden by scope or parent, and allowed the kind. */
  mayKnowRecord(user: LowUser, record: Planted): boolean {
    if (record.published && !record.hiddenBy) return true;
    if (!user.client || record.hiddenBy) return false;
    if (!atMost(record.level, user.clearance)) return false;
    const actor = actorFor(user);
    // The audit reviewer reviews what every office did, so may know any kind of record within clearance and scope.
    return record.permissions.length === 0 || [...record.permissions, 'audit.read' as const].some((p) => can(actor, p));
  }

  /** Whether a low user may know what a canary says. */
  mayKnow(user: LowUser, canary: Canary): boolean {
    if (!this.mayKnowRecord(user, canary.record)) return false;
    const actor = actorFor(user);
    return canary.fieldPermissions.length === 0 || canary.fieldPermissions.some((p) => can(actor, p)) || user.personId === canary.record.id;
  }

  /** Random-looking Chinese prose, so text copied into a draft finds only its own source. */
  prose(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += PROSE_CHARS[Math.floor(this.random() * PROSE_CHARS.length)];
    return out;
  }

  /** Canaries found in a text (by their random part, so a truncated snippet or a split cell still counts). */
  find(text: string): Canary[] {
    if (this.canaries.size === 0) return [];
    this.tokenPattern ??= new RegExp([...this.canaries.keys()].join('|'), 'gi');
    const found = new Map<string, Canary>();
    for (const match of text.matchAll(this.tokenPattern)) {
      const canary = this.canaries.get(match[0].toLowerCase());
      if (canary) found.set(canary.token, canary);
    }
    return [...found.values()];
  }

  /** Records this user may not know (a record listed twice, e.g. a speech raised to 机密, counts by its latest entry). */
  hiddenFrom(user: LowUser): Planted[] {
    const latest = new Map(this.records.map((r) => [`${r.kind}:${r.id}`, r]));
    return [...latest.values()].filter((r) => !this.mayKnowRecord(user, r));
  }

  idsOf(kind: Kind): string[] {
    return this.records.filter((r) => r.kind === kind).map((r) => r.id);
  }
}

/** The text a response shows a reader: XLSX cells, unfolded iCalendar lines, or the body as sent. */
export async function readableText(response: LightMyRequestResponse): Promise<string> {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => {
      cells.push(sheet.name);
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    });
    return cells.join('\n');
  }
  if (type.includes('text/calendar')) return response.body.replace(/\r?\n[ \t]/g, '');
  // Search snippets mark matches with <mark>; a canary cut by a tag must still be found.
  return response.body.replace(/<\/?mark>|\\u003c\/?mark\\u003e/g, '');
}

async function must(response: LightMyRequestResponse | Promise<LightMyRequestResponse>, what: string): Promise<{ id: string } & Record<string, unknown>> {
  const r = await response;
  if (r.statusCode >= 300) throw new Error(`planting ${what} failed: ${r.statusCode} ${r.body.slice(0, 500)}`);
  return r.body ? (r.json() as { id: string }) : { id: '' };
}

/** Common characters without level words (机密, 秘密, 绝密), so prose never reads as a mark. */
const PROSE_CHARS = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

export interface LowUserSpec {
  name: string;
  clearance: Level;
  roles: Role[];
}

/** The insiders the crawl plays: none of them is named in any scope. */
export const LOW_USERS: LowUserSpec[] = [
  { name: 'viewer-internal', clearance: 'internal', roles: ['viewer'] },
  { name: 'clerk-internal', clearance: 'internal', roles: ['clerk'] },
  { name: 'leader-mimi', clearance: 'mimi', roles: ['leader'] },
  // Cleared for every level here and allowed to write, but named in no scope: need-to-know alone must stop them.
  { name: 'clerk-jimi', clearance: 'jimi', roles: ['clerk'] },
  { name: 'officer-internal', clearance: 'internal', roles: ['secrecy_officer'] },
  // The audit reviewer reads the whole log: it must still show only what they may know.
  { name: 'auditor-internal', clearance: 'internal', roles: ['auditor'] },
  { name: 'viewer-public', clearance: 'public', roles: ['viewer'] },
  { name: 'propaganda-public', clearance: 'public', roles: ['propaganda_officer'] },
];

/**
 * Plants the world. `full` adds everything; the fuzz test needs only one record of each kind, but
 * the same planting keeps both tests reaching the same code.
 */
export async function plantWorld(server: TestServer, options: { users?: LowUserSpec[] } = {}): Promise<World> {
  const world = new World(server);
  const db = server.ctx.database.db;
  const c = world.canary.bind(world);
  const day = world.day;
  const year = Number(day.slice(0, 4));

  // The authors, cleared to 机密 and linked to people: one writes the organization and study
  // records, a secrecy officer the secrecy records (one account may not hold both duties).
  const author = await server.signIn({ username: 'crawl-author', roles: ['admin', 'clerk', 'leader'] });
  world.author = author;
  const authorPerson = await must(author.post('/api/people', { name: 'Crawl Author', level: 'public' }), 'author person');
  world.authorPersonId = authorPerson.id;
  await db.updateTable('users').set({ clearance: 'jimi', person_id: authorPerson.id }).where('id', '=', author.userId).execute();
  world.record('user', author.userId, 'public', 'author account');
  const officer = await server.signIn({ username: 'crawl-secrecy-author', roles: ['secrecy_officer'] });
  const officerPerson = await must(author.post('/api/people', { name: 'Crawl Secrecy Author', level: 'public' }), 'secrecy author person');
  await db.updateTable('users').set({ clearance: 'jimi', person_id: officerPerson.id }).where('id', '=', officer.userId).execute();
  world.secrecyAuthor = officer;
  world.record('user', officer.userId, 'public', 'secrecy author account');

  // Low users, each linked to a neutral person of their own.
  for (const spec of options.users ?? LOW_USERS) {
    const person = await must(author.post('/api/people', { name: `Crawl ${spec.name}`, level: 'public' }), `person of ${spec.name}`);
    const client = await server.signIn({ username: spec.name, roles: spec.roles });
    await db.updateTable('users').set({ clearance: spec.clearance, person_id: person.id }).where('id', '=', client.userId).execute();
    // Enrolled in TOTP, like any careful insider: the second factor must not be what stops an escalation.
    const { secret } = (await must(client.post('/api/auth/totp/setup'), `TOTP setup of ${spec.name}`)) as unknown as { secret: string };
    await must(client.post('/api/auth/totp/enable', { code: await generate({ secret }) }), `TOTP of ${spec.name}`);
    world.users.push({ ...spec, client, personId: person.id, userId: client.userId });
    world.record('user', client.userId, 'public', `account ${spec.name}`);
  }
  world.users.push({ name: 'anonymous', clearance: 'public', roles: [], client: null, personId: null, userId: null });

  const post = (url: string, body: unknown, what: string) => must(author.post(url, body), what);
  const spost = (url: string, body: unknown, what: string) => must(officer.post(url, body), what);
  const sput = (url: string, body: unknown, what: string) => must(officer.put(url, body), what);
  const spatch = (url: string, body: unknown, what: string) => must(officer.patch(url, body), what);
  const put = (url: string, body: unknown, what: string) => must(author.put(url, body), what);
  const patch = (url: string, body: unknown, what: string) => must(author.patch(url, body), what);
  const idOf = async (table: 'session_themes' | 'study_materials' | 'session_observers' | 'session_guidance' | 'speeches' | 'conclusions' | 'session_minutes' | 'plan_themes', column: 'text' | 'title' | 'name' | 'body', value: string) =>
    ((await db.selectFrom(table as 'speeches').select('id').where(column as 'text', '=', value).executeTakeFirstOrThrow()).id);

  // --- Organization and study records at one level, all canaries at that level ---------------
  const orgAt = async (level: Level, tag: string, options: { parentHidden?: string } = {}) => {
    const hiddenBy = options.parentHidden ?? null;
    const rec = (kind: Kind, id: string, label: string) => world.record(kind, id, level, `${label} ${tag}`, hiddenBy ? { hiddenBy } : {});
    const u = { name: c('unit', 'name'), nameEn: c('unit', 'nameEn') };
    const unit = await post('/api/units', { ...u, kind: 'other', level }, `unit ${tag}`);
    world.attach(rec('unit', unit.id, 'unit'), [u.name, u.nameEn]);
    const p = { name: c('person', 'name'), nameEn: c('person', 'nameEn'), phone: c('person', 'phone'), note: c('person', 'note') };
    const email = c('person', 'email');
    const person = await post('/api/people', { ...p, email: `${email.toLowerCase()}@example.cn`, level }, `person ${tag}`);
    const personRecord = rec('person', person.id, 'person');
    world.attach(personRecord, [p.name, p.nameEn, p.note]);
    // Contact details are for the roster's keepers (and the audit reviewer, who sees what changed).
    world.attach(personRecord, [email, p.phone], ['org.write', 'audit.read']);
    const q = { title: c('position', 'title'), titleEn: c('position', 'titleEn'), rank: c('position', 'rank') };
    const position = await post('/api/positions', { personId: person.id, unitId: unit.id, ...q, level }, `position ${tag}`);
    world.attach(rec('position', position.id, 'position'), [q.title, q.titleEn, q.rank]);
    const g = { name: c('study_group', 'name'), nameEn: c('study_group', 'nameEn'), description: c('study_group', 'description') };
    const group = await post('/api/study-groups', { unitId: unit.id, ...g, level }, `group ${tag}`);
    world.attach(rec('study_group', group.id, 'group'), [g.name, g.nameEn, g.description]);
    await put(`/api/study-groups/${group.id}/members/${person.id}`, { role: 'member' }, `member ${tag}`);
    await put(`/api/study-groups/${group.id}/members/${authorPerson.id}`, { role: 'leader' }, `author member ${tag}`);
    // A state-secret person cannot be named as host, speaker or on leave (those checks read by clearance alone), so the author stands in.
    const session = await studyAt(level, tag, group.id, isStateSecret(level) ? authorPerson.id : person.id, rec);
    const planTitle = c('plan', 'title');
    const themeTitle = c('plan_theme', 'title');
    let planId: string;
    if (isStateSecret(level)) {
      // The API cannot create a plan in a group above internal today (it reads the plan back by
      // clearance alone and answers 404), so these are written straight to the database.
      planId = newId();
      const stamp = new Date().toISOString();
      await db.insertInto('study_plans').values({ id: planId, group_id: group.id, year, title: planTitle, level, created_at: stamp, updated_at: stamp }).execute();
      await db.insertInto('plan_themes').values({ id: newId(), plan_id: planId, title: themeTitle, planned_month: null, hours_per_member: null, level, created_at: stamp, updated_at: stamp }).execute();
    } else {
      planId = (await post('/api/study/plans', { groupId: group.id, year, title: planTitle, level }, `plan ${tag}`)).id;
      await post(`/api/study/plans/${planId}/themes`, { title: themeTitle, plannedMonth: Number(day.slice(5, 7)), level }, `plan theme ${tag}`);
    }
    world.attach(rec('plan', planId, 'plan'), [planTitle]);
    world.attach(rec('plan_theme', await idOf('plan_themes', 'title', themeTitle), 'plan theme'), [themeTitle]);
    return { unit: unit.id, person: person.id, position: position.id, group: group.id, session, plan: planId };
  };

  /** A session with every part at `level`, minutes approved, then a part added and one changed with a reason (revisions). */
  const studyAt = async (level: Level, tag: string, groupId: string, personId: string, rec: (kind: Kind, id: string, label: string) => Planted) => {
    const s = { place: c('study_session', 'place'), organizingBody: c('study_session', 'organizingBody') };
    const sessionTheme = c('theme', 'text');
    const session = await post('/api/study/sessions', { groupId, date: day, halfDay: 'afternoon', hostPersonId: personId, status: 'held', level, ...s, themes: [{ text: sessionTheme, level }] }, `session ${tag}`);
    world.attach(rec('study_session', session.id, 'session'), [s.place, s.organizingBody]);
    world.attach(rec('theme', await idOf('session_themes', 'text', sessionTheme), 'theme'), [sessionTheme]);
    await partsAt(session.id, level, tag, rec, personId);
    const leave = { reason: c('study_session', 'leaveReason'), approvedBy: c('study_session', 'leaveApprovedBy') };
    // Attendance of a state-secret session cannot be edited today (its rows read by clearance alone); the canaries are kept only if it took.
    const attendance = await author.put(`/api/study/sessions/${session.id}/attendance`, { entries: [{ personId, status: 'on_leave', ...leave, level }] });
    if (attendance.statusCode === 200) world.attach(rec('study_session', session.id, 'session attendance'), [leave.reason, leave.approvedBy]);
    else if (!isStateSecret(level)) throw new Error(`planting attendance ${tag} failed: ${attendance.statusCode} ${attendance.body}`);
    const minutesCanary = c('minutes', 'text');
    const minutesText = `${world.prose(160)}${minutesCanary}${world.prose(160)}`;
    world.minutesTexts.set(level + tag, minutesText);
    await put(`/api/study/sessions/${session.id}/minutes`, { text: minutesText, level }, `minutes ${tag}`);
    world.attach(rec('minutes', await idOf('session_minutes', 'text', minutesText), 'minutes'), [minutesCanary]);
    // Approval locks the record; after it every change is a revision. (Minutes above internal cannot be
    // approved today, a 409 "no minutes yet"; the part below is then an ordinary change.)
    const approval = await author.post(`/api/study/sessions/${session.id}/minutes/approve`);
    if (approval.statusCode !== 200 && !isStateSecret(level)) throw new Error(`planting approval ${tag} failed: ${approval.statusCode} ${approval.body}`);
    const late = c('theme', 'text');
    await post(`/api/study/sessions/${session.id}/themes?reason=${encodeURIComponent('crawl: added after approval')}`, { text: late, level }, `late theme ${tag}`);
    world.attach(rec('theme', await idOf('session_themes', 'text', late), 'theme added after approval'), [late]);
    return session.id;
  };

  /** One part of every kind in a session, at `level`. */
  const partsAt = async (sessionId: string, level: Level, tag: string, rec: (kind: Kind, id: string, label: string) => Planted, speakerId: string | null, reason?: string) => {
    const q = reason ? `?reason=${encodeURIComponent(reason)}` : '';
    const url = (part: string) => `/api/study/sessions/${sessionId}/${part}${q}`;
    const theme = c('theme', 'text');
    await post(url('themes'), { text: theme, level }, `theme ${tag}`);
    world.attach(rec('theme', await idOf('session_themes', 'text', theme), 'theme'), [theme]);
    const m = { title: c('material', 'title'), body: c('material', 'body') };
    const link = c('material', 'link');
    await post(url('materials'), { ...m, link: `https://example.cn/${link}`, level }, `material ${tag}`);
    world.attach(rec('material', await idOf('study_materials', 'title', m.title), 'material'), [m.title, m.body, link]);
    const o = { name: c('observer', 'name'), title: c('observer', 'title') };
    await post(url('observers'), { ...o, level }, `observer ${tag}`);
    world.attach(rec('observer', await idOf('session_observers', 'name', o.name), 'observer'), [o.name, o.title]);
    const g = { body: c('guidance', 'body'), text: c('guidance', 'text') };
    await post(url('guidance'), { ...g, level }, `guidance ${tag}`);
    world.attach(rec('guidance', await idOf('session_guidance', 'body', g.body), 'guidance'), [g.body, g.text]);
    const sp = { title: c('speech', 'title'), text: c('speech', 'text') };
    await post(url('speeches'), { ...sp, kind: 'key_speech', speakerPersonId: speakerId, level }, `speech ${tag}`);
    world.attach(rec('speech', await idOf('speeches', 'title', sp.title), 'speech'), [sp.title, sp.text]);
    const conclusion = c('conclusion', 'text');
    await post(url('conclusions'), { kind: 'requirement', text: conclusion, level }, `conclusion ${tag}`);
    world.attach(rec('conclusion', await idOf('conclusions', 'text', conclusion), 'conclusion'), [conclusion]);
  };

  // Public controls: visible to every signed-in reader.
  const open = await orgAt('public', 'public');
  for (const [kind, id] of Object.entries({ unit: open.unit, person: open.person, position: open.position, study_group: open.group, study_session: open.session, plan: open.plan }) as [Kind, string][]) {
    world.controls.set(kind, id);
  }
  for (const kind of ['theme', 'material', 'observer', 'guidance', 'speech', 'conclusion', 'plan_theme', 'minutes'] as const) {
    world.controls.set(kind, world.records.find((r) => r.kind === kind && r.level === 'public')!.id);
  }
  const internal = await orgAt('internal', 'internal');
  // Plan themes above internal in the public plan.
  for (const level of ['mimi', 'jimi'] as const) {
    const title = c('plan_theme', 'title');
    await post(`/api/study/plans/${open.plan}/themes`, { title, level }, `plan theme ${level} in public plan`);
    world.attach(world.record('plan_theme', await idOf('plan_themes', 'title', title), level, `plan theme (${level}, in the public plan)`), [title]);
  }
  const secret: Record<'mimi' | 'jimi', Awaited<ReturnType<typeof orgAt>>> = { mimi: await orgAt('mimi', 'mimi'), jimi: await orgAt('jimi', 'jimi') };

  // Public records under hidden units: visible by level, hidden by their parent.
  for (const level of ['mimi', 'jimi'] as const) {
    const rec = (kind: Kind, id: string, label: string) => world.record(kind, id, 'public', `${label} (public, in a ${level} unit)`, { hiddenBy: `its unit is ${level}` });
    const g = { name: c('study_group', 'name'), description: c('study_group', 'description') };
    const group = await post('/api/study-groups', { unitId: secret[level].unit, ...g, level: 'public' }, `public group in ${level} unit`);
    world.attach(rec('study_group', group.id, 'group'), [g.name, g.description]);
    const t = { title: c('position', 'title') };
    const position = await post('/api/positions', { personId: open.person, unitId: secret[level].unit, ...t, level: 'public' }, `public position in ${level} unit`);
    world.attach(rec('position', position.id, 'position'), [t.title]);
    const s = { place: c('study_session', 'place') };
    const theme = c('theme', 'text');
    const session = await post('/api/study/sessions', { groupId: group.id, date: day, halfDay: 'morning', status: 'held', level: 'public', ...s, themes: [{ text: theme, level: 'public' }] }, `public session in ${level} unit`);
    world.attach(rec('study_session', session.id, 'session'), [s.place]);
    world.attach(rec('theme', await idOf('session_themes', 'text', theme), 'theme'), [theme]);
    const sp = { title: c('speech', 'title'), text: c('speech', 'text') };
    await post(`/api/study/sessions/${session.id}/speeches`, { ...sp, kind: 'key_speech', level: 'public' }, `public speech in ${level} unit`);
    world.attach(rec('speech', await idOf('speeches', 'title', sp.title), 'speech'), [sp.title, sp.text]);
  }

  // Hidden parts inside visible, approved sessions (added with a reason: each is also a revision).
  for (const [sessionLevel, session] of [['public', open.session], ['internal', internal.session]] as const) {
    for (const level of ['internal', 'mimi', 'jimi'] as const) {
      if (level === sessionLevel) continue;
      const rec = (kind: Kind, id: string, label: string) => world.record(kind, id, level, `${label} (${level}, in a ${sessionLevel} session)`);
      await partsAt(session, level, `${level} in ${sessionLevel}`, rec, null, 'crawl: part added after approval');
    }
  }
  // A visible speech whose text is raised to 机密 after approval: the revision holds old and new text.
  await post(`/api/study/sessions/${open.session}/speeches?reason=crawl`, { title: 'Crawl speech to raise', text: 'Crawl speech, public for now', kind: 'exchange', level: 'public' }, 'speech to raise');
  const toRaise = await idOf('speeches', 'title', 'Crawl speech to raise');
  const raisedText = c('speech', 'text');
  await patch(`/api/study/speeches/${toRaise}?reason=${encodeURIComponent('crawl: raised')}`, { text: raisedText, level: 'jimi' }, 'raised speech');
  world.attach(world.record('speech', toRaise, 'jimi', 'speech raised to jimi after approval'), [raisedText]);

  // People and units that other records name, raised to 机密 (name and level in one change) later.
  const raise: { kind: 'person' | 'unit'; id: string; level: 'mimi' | 'jimi' }[] = [];
  for (const level of ['mimi', 'jimi'] as const) {
    const person = await post('/api/people', { name: `Crawl raised person ${level}`, level: 'public' }, 'person to raise');
    const unit = await post('/api/units', { name: `Crawl raised unit ${level}`, kind: 'department', level: 'public' }, 'unit to raise');
    raise.push({ kind: 'person', id: person.id, level }, { kind: 'unit', id: unit.id, level });
    await post('/api/positions', { personId: person.id, unitId: open.unit, title: 'Crawl post', level: 'public' }, 'position of raised person');
    await post('/api/positions', { personId: open.person, unitId: unit.id, title: 'Crawl post in raised unit', level: 'public' }, 'position in raised unit');
    await put(`/api/study-groups/${open.group}/members/${person.id}`, { role: 'member' }, 'raised member');
  }
  const raisedPerson = (level: 'mimi' | 'jimi') => raise.find((r) => r.kind === 'person' && r.level === level)!.id;
  const raisedUnit = (level: 'mimi' | 'jimi') => raise.find((r) => r.kind === 'unit' && r.level === level)!.id;
  // The public session names the raised person as a speaker and on its attendance list.
  await post(`/api/study/sessions/${open.session}/speeches?reason=crawl`, { title: 'Crawl remarks', text: 'Crawl remarks', kind: 'exchange', speakerPersonId: raisedPerson('jimi'), level: 'public' }, 'speech by raised person');

  // --- Secrecy records (kept at internal): canaries readable by internal readers with secrecy.read --
  const secrecy = (kind: Kind, id: string, label: string, permissions: Permission[] = SECRECY_READ) => world.record(kind, id, 'internal', label, { permissions });
  for (const level of ['mimi', 'jimi'] as const) {
    const grant = { grantedBy: c('clearance', 'grantedBy'), basis: c('clearance', 'basis') };
    await spost('/api/secrecy/clearances', { personId: raisedPerson(level), grade: 'general', grantedOn: day, ...grant }, 'clearance');
    world.attach(secrecy('clearance', raisedPerson(level), `grade of raised person ${level}`), [grant.grantedBy, grant.basis]);
  }
  const grant = { grantedBy: c('clearance', 'grantedBy'), basis: c('clearance', 'basis') };
  await spost('/api/secrecy/clearances', { personId: open.person, grade: 'general', grantedOn: day, ...grant }, 'clearance');
  world.attach(secrecy('clearance', open.person, 'grade of public person'), [grant.grantedBy, grant.basis]);

  const carriers: string[] = [];
  for (const [i, level] of (['mimi', 'jimi'] as const).entries()) {
    const k = { title: c('carrier', 'title'), number: c('carrier', 'number').slice(0, 100), location: c('carrier', 'location'), scopeApprovedBy: c('carrier', 'scopeApprovedBy') };
    const carrier = await spost(
      '/api/secrecy/carriers',
      { ...k, mark: i === 0 ? '秘密★6个月' : '机密★10年', issuedOn: i === 0 ? addDays(day, -170) : day, custodianPersonId: raisedPerson(level), copies: 2, scope: { people: [raisedPerson(level)], units: [raisedUnit(level)] } },
      `carrier ${level}`,
    );
    world.attach(secrecy('carrier', carrier.id, `carrier kept by raised person ${level}`), [k.title, k.number, k.location, k.scopeApprovedBy]);
    carriers.push(carrier.id);
  }
  const returned = { title: c('carrier', 'title'), witness: c('carrier', 'witness') };
  const gone = await spost('/api/secrecy/carriers', { title: returned.title, mark: '秘密★1年', issuedOn: day, custodianPersonId: open.person }, 'carrier to return');
  await spost(`/api/secrecy/carriers/${gone.id}/state`, { state: 'returned', on: day, witness: returned.witness }, 'carrier returned');
  world.attach(secrecy('carrier', gone.id, 'returned carrier'), [returned.title, returned.witness]);
  await spost('/api/secrecy/jobs/run', undefined, 'secrecy jobs');
  for (const alert of await db.selectFrom('secrecy_alerts').select('id').execute()) world.record('alert', alert.id, 'internal', 'alert', { permissions: SECRECY_READ });
  const reviews = await db.selectFrom('carrier_reviews').select(['id', 'carrier_id']).execute();
  for (const review of reviews) world.record('carrier_review', review.id, 'internal', 'carrier review', { permissions: SECRECY_READ });
  const openReview = reviews.find((r) => r.carrier_id === carriers[1]);
  if (openReview) {
    const note = c('carrier_review', 'note');
    await spost(`/api/secrecy/carrier-reviews/${openReview.id}/decision`, { decision: 'keep', note }, 'carrier review decision');
    world.attach(world.records.find((r) => r.id === openReview.id)!, [note]);
  }

  const template = { title: c('letter_template', 'title'), text: c('letter_template', 'text') };
  const letterTemplate = await spost('/api/secrecy/letter-templates', { year, ...template }, 'letter template');
  world.attach(secrecy('letter_template', letterTemplate.id, 'letter template'), [template.title, template.text]);
  await spost('/api/secrecy/letters/issue', { year, leaders: [open.person], unitHeads: [{ personId: raisedPerson('jimi'), unitId: raisedUnit('jimi') }, { personId: raisedPerson('mimi'), unitId: raisedUnit('mimi') }] }, 'letters');
  for (const letter of await db.selectFrom('letters').select('id').execute()) world.record('letter', letter.id, 'internal', 'letter', { permissions: SECRECY_READ });

  const checklist = { name: c('inspection_template', 'name'), item: c('inspection_template', 'item') };
  const inspectionTemplate = await spost('/api/secrecy/inspection-templates', { name: checklist.name, items: [{ code: 'C1', text: checklist.item }] }, 'inspection template');
  world.attach(secrecy('inspection_template', inspectionTemplate.id, 'checklist'), [checklist.name, checklist.item]);
  const campaignTitle = c('inspection', 'title');
  const campaign = await spost('/api/secrecy/inspections', { year, title: campaignTitle, templateId: inspectionTemplate.id, unitIds: [open.unit, raisedUnit('jimi'), raisedUnit('mimi')] }, 'inspection');
  const campaignRecord = world.attach(secrecy('inspection', campaign.id, 'inspection'), [campaignTitle]);
  const evidence = c('inspection', 'evidence');
  await sput(`/api/secrecy/inspections/${campaign.id}/units/${raisedUnit('jimi')}/answers`, { answers: [{ itemCode: 'C1', answer: 'no', evidence }], submit: true }, 'inspection answers');
  world.attach(campaignRecord, [evidence]);
  for (const level of ['mimi', 'jimi'] as const) {
    const description = c('finding', 'description');
    await spost(`/api/secrecy/inspections/${campaign.id}/findings`, { unitId: raisedUnit(level), itemCode: 'C1', description, severity: 'high', ownerPersonId: raisedPerson(level), deadline: addDays(day, 30) }, 'finding');
    const finding = await db.selectFrom('inspection_findings').select('id').where('description', '=', description).executeTakeFirstOrThrow();
    world.attach(secrecy('finding', finding.id, `finding in raised unit ${level}`), [description]);
    const rectification = await db.selectFrom('rectifications').select('id').where('finding_id', '=', finding.id).executeTakeFirstOrThrow();
    const rectificationEvidence = c('rectification', 'evidence');
    await spatch(`/api/secrecy/rectifications/${rectification.id}`, { status: 'in_progress', evidence: rectificationEvidence }, 'rectification');
    world.attach(secrecy('rectification', rectification.id, `rectification owned by raised person ${level}`), [rectificationEvidence]);
  }

  for (const personId of [raisedPerson('jimi'), open.person]) {
    const t = { course: c('training', 'course'), provider: c('training', 'provider') };
    await spost('/api/secrecy/training', { personId, date: day, hours: 2, ...t }, 'training');
    const training = await db.selectFrom('training_records').select('id').where('course', '=', t.course).executeTakeFirstOrThrow();
    world.attach(secrecy('training', training.id, 'training'), [t.course, t.provider]);
  }

  const list = { name: c('keyword_list', 'name'), description: c('keyword_list', 'description'), term: c('keyword', 'term') };
  const keywordList = await spost('/api/secrecy/keyword-lists', { name: list.name, description: list.description, terms: [list.term] }, 'keyword list');
  world.attach(secrecy('keyword_list', keywordList.id, 'keyword list', ['secrecy.keywords']), [list.name, list.description]);
  const keyword = await db.selectFrom('secrecy_keywords').select('id').where('list_id', '=', keywordList.id).executeTakeFirstOrThrow();
  world.attach(secrecy('keyword', keyword.id, 'keyword', ['secrecy.keywords']), [list.term]);

  // A draft copying the 机密 minutes: the register must not show the copied text to those who may not know it.
  const draft = `${world.prose(40)}${world.minutesTexts.get('jimijimi')}${world.prose(40)}`;
  const r = { title: c('review', 'title'), draftedBy: c('review', 'draftedBy') };
  const review = await post('/api/secrecy/reviews', { ...r, text: draft }, 'review');
  world.attach(secrecy('review', review.id, 'review', ['secrecy.review']), [r.title, r.draftedBy]);
  const findings = (await db.selectFrom('publication_review_findings').select(['id', 'kind']).where('review_id', '=', review.id).execute());
  for (const f of findings) world.record('review_finding', f.id, 'internal', `review finding (${f.kind})`, { permissions: ['secrecy.review'] });
  if (findings[0]) {
    const note = c('review', 'resolutionNote');
    await post(`/api/secrecy/reviews/${review.id}/findings/${findings[0].id}/resolve`, { note }, 'resolve finding');
    world.attach(world.records.find((x) => x.id === review.id)!, [note]);
  }
  const basis = c('review', 'basis');
  await post(`/api/secrecy/reviews/${review.id}/decision`, { outcome: 'do_not_publish', basis }, 'review decision');
  world.attach(world.records.find((x) => x.id === review.id)!, [basis]);

  // Scope requests on the secrets: their reasons describe records nobody low may know.
  for (const level of ['mimi', 'jimi'] as const) {
    const reason = c('knowable_request', 'reason');
    const request = await post('/api/knowable/requests', { objectType: 'unit', objectId: secret[level].unit, subjectType: 'person', subjectId: open.person, reason }, `scope request ${level}`);
    world.attach(world.record('knowable_request', request.id, level, `scope request on ${level} unit`), [reason]);
    // A scope naming the public unit, approved by the secrecy office: it admits the members it approved,
    // never someone who gives themselves a position there later (the crawl tries).
    const byUnit = await post('/api/knowable/requests', { objectType: 'unit', objectId: secret[level].unit, subjectType: 'unit', subjectId: open.unit, reason: 'Crawl: the public unit keeps the file' }, `unit scope request ${level}`);
    await must(officer.post(`/api/knowable/requests/${byUnit.id}/decide`, { approve: true, note: 'Crawl' }), `unit scope approval ${level}`);
  }

  // --- Duties: an area, and tasks at internal, 秘密 and 机密 with every part carrying canaries ------
  const supervisor = await server.signIn({ username: 'crawl-supervisor', roles: ['supervisor'] });
  const supervisorPerson = await post('/api/people', { name: 'Crawl Supervisor', level: 'public' }, 'supervisor person');
  await db.updateTable('users').set({ clearance: 'jimi', person_id: supervisorPerson.id }).where('id', '=', supervisor.userId).execute();
  const dutyPost = (who: Client, url: string, body: unknown, what: string) => must(who.post(url, body), what);
  const dutyRead: Permission[] = ['duties.read'];
  const areaText = { name: c('duty_area', 'name'), nameEn: c('duty_area', 'nameEn'), description: c('duty_area', 'description') };
  const area = await dutyPost(author, '/api/duties/areas', { ...areaText, level: 'internal', leaders: [{ personId: authorPerson.id, role: 'first_responsible' }], unitIds: [open.unit] }, 'duty area');
  world.attach(world.record('duty_area', area.id, 'internal', 'responsibility area', { permissions: dutyRead }), [areaText.name, areaText.nameEn, areaText.description]);
  for (const level of ['internal', 'mimi', 'jimi'] as const) {
    const t = { title: c('duty_task', 'title'), content: c('duty_task', 'content'), milestone: c('duty_milestone', 'title'), subtask: c('duty_subtask', 'title') };
    const conclusionId = world.records.find((r) => r.kind === 'conclusion' && r.level === 'public')!.id;
    const created = await dutyPost(supervisor, '/api/duties/tasks', {
      title: t.title,
      content: t.content,
      level,
      areaId: area.id,
      source: { kind: 'requirement', conclusionId },
      // Named before they are raised to 机密: the task must then show them as hidden.
      leadLeaderPersonId: level === 'internal' ? raisedPerson('jimi') : authorPerson.id,
      leadUnitId: open.unit,
      responsiblePersonId: authorPerson.id,
      cooperatingUnitIds: level === 'internal' ? [raisedUnit('jimi')] : [],
      deadline: dayOffset(200),
      reportFrequency: 'monthly',
      milestones: [{ title: t.milestone, dueDate: dayOffset(100), weight: 1 }],
      subtasks: [{ unitId: open.unit, title: t.subtask, weight: 1 }],
    }, `duty task ${level}`);
    const task = world.record('duty_task', created.id, level, `duty task ${level}`, { permissions: dutyRead });
    world.attach(task, [t.title, t.content]);
    const detail = created as unknown as { milestones: { id: string }[]; subtasks: { id: string }[] };
    world.attach(world.record('duty_milestone', detail.milestones[0]!.id, level, `duty milestone ${level}`, { permissions: dutyRead }), [t.milestone]);
    world.attach(world.record('duty_subtask', detail.subtasks[0]!.id, level, `duty subtask ${level}`, { permissions: dutyRead }), [t.subtask]);
    // The handler (the author, responsible person) knows the task: put in its scope directly.
    if (isStateSecret(level)) {
      await db.insertInto('knowable_scope').values({ object_type: 'duty_task', object_id: created.id, subject_type: 'person', subject_id: authorPerson.id, reason: 'crawl handler', added_by: supervisor.userId, added_at: new Date().toISOString() }).execute();
    }
    const note = { assign: c('duty_task', 'assignNote'), remind: c('duty_task', 'remindNote'), instruction: c('duty_task', 'instruction') };
    await dutyPost(supervisor, `/api/duties/tasks/${created.id}/assign`, { note: note.assign }, `assign ${level}`);
    await dutyPost(author, `/api/duties/tasks/${created.id}/accept`, {}, `accept ${level}`);
    const r = { narrative: c('duty_report', 'narrative'), file: c('duty_file', 'content'), fileName: c('duty_file', 'name') };
    const reported = (await dutyPost(author, `/api/duties/tasks/${created.id}/reports`, { percent: 40, narrative: r.narrative, files: [{ name: r.fileName, mediaType: 'text/plain', contentBase64: Buffer.from(r.file).toString('base64') }] }, `report ${level}`)) as unknown as { reports: { id: string; files: { id: string }[] }[] };
    world.attach(world.record('duty_report', reported.reports[0]!.id, level, `duty report ${level}`, { permissions: dutyRead }), [r.narrative]);
    world.attach(world.record('duty_file', reported.reports[0]!.files[0]!.id, level, `duty evidence ${level}`, { permissions: dutyRead }), [r.file, r.fileName]);
    await dutyPost(supervisor, `/api/duties/tasks/${created.id}/reminders`, { note: note.remind }, `remind ${level}`);
    await dutyPost(author, `/api/duties/tasks/${created.id}/instructions`, { text: note.instruction, date: day }, `instruction ${level}`);
    world.attach(task, [note.assign, note.remind, note.instruction]);
    const e = { reason: c('duty_extension', 'reason') };
    const extended = (await dutyPost(author, `/api/duties/tasks/${created.id}/extensions`, { newDeadline: dayOffset(260), reason: e.reason }, `extension ${level}`)) as unknown as { extensions: { id: string }[] };
    world.attach(world.record('duty_extension', extended.extensions[0]!.id, level, `duty extension ${level}`, { permissions: dutyRead }), [e.reason]);
  }

  // Notifications about every task in every low user's inbox, as if each had once been on it: the
  // inbox names a task only to a reader who may read it, and then by at most internal text.
  for (const user of world.users) {
    if (!user.userId) continue;
    for (const task of world.records.filter((r) => r.kind === 'duty_task')) {
      await db.insertInto('notifications').values({ id: newId(), recipient_user_id: user.userId, kind: 'task_reminder', object_type: 'duty_task', object_id: task.id, dedupe_key: null, actor_name: 'crawl', level: 'internal', created_at: new Date().toISOString(), read_at: null }).execute();
    }
  }

  // The year-end assessment: a scheme over the open unit and a unit raised below, with leaders, so
  // its rankings and breakdowns (records behind each point, names of units and people) are crawled.
  await dutyPost(supervisor, '/api/duties/assessment/schemes', {
    year: new Date().getUTCFullYear(),
    title: 'Crawl assessment',
    fullScore: 100,
    indicators: [{ kind: 'duty_on_time', weight: 20 }, { kind: 'study_attendance', weight: 20 }, { kind: 'study_speeches', weight: 20 }, { kind: 'secrecy_letter', weight: 20 }, { kind: 'secrecy_training', weight: 20 }],
    unitIds: [open.unit, raisedUnit('jimi')],
    leaderPersonIds: [authorPerson.id, raisedPerson('jimi')],
  }, 'assessment scheme');

  // News releases at each step that must not reach /public/, and one live release that must. The
  // author drafts; the crawl's own press officer (cleared to internal, named nowhere) approves and
  // publishes; the secrecy author decides the reviews.
  const press = await server.signIn({ username: 'crawl-press', roles: ['propaganda_officer'] });
  world.record('user', press.userId, 'public', 'press account');
  const mediaRead: Permission[] = ['media.read'];
  const releaseAt = async (step: 'draft' | 'reviewed' | 'retracted' | 'internal' | 'live', level: 'public' | 'internal') => {
    const slug = `crawl-${step}`;
    const r = { title: c('media_release', 'title'), body: c('media_release', 'body') };
    const created = await post('/api/media/releases', { title: r.title, body: `${r.body}\n\n${world.prose(40)}`, level, slug }, `release ${step}`);
    const versionId = (created as unknown as { versions: { id: string }[] }).versions[0]!.id;
    // The live release's first version is superseded below: its texts belong to that version, which is not published.
    const record = step === 'live'
      ? world.record('media_release_version', versionId, level, 'superseded first version of the live release', { permissions: mediaRead })
      : world.record('media_release', created.id, level, `news release (${step})`, { permissions: mediaRead });
    world.attach(record, [r.title, r.body]);
    world.media.slugs.push(slug);
    world.media.ids.push(created.id, versionId);
    world.media.hidden.push(r.title, r.body);
    if (step !== 'draft') {
      const reviewed = (await post(`/api/media/releases/${created.id}/review`, {}, `review of release ${step}`)) as unknown as { versions: { reviewId: string }[] };
      await spost(`/api/secrecy/reviews/${reviewed.versions[0]!.reviewId}/decision`, { outcome: 'publish', basis: 'Crawl: public text' }, `decision on release ${step}`);
    }
    if (step === 'retracted' || step === 'live') {
      await must(press.post(`/api/media/releases/${created.id}/approve`), `approval of release ${step}`);
      await must(press.post(`/api/media/releases/${created.id}/publish`, {}), `publication of release ${step}`);
    }
    return created.id;
  };
  await releaseAt('draft', 'public');
  await releaseAt('reviewed', 'public');
  await releaseAt('internal', 'internal');
  const retracted = await releaseAt('retracted', 'public');
  await must(press.post(`/api/media/releases/${retracted}/retract`, { reason: 'Crawl retraction' }), 'retraction');
  const live = await releaseAt('live', 'public');
  // The live release is corrected: the second version is what /public/ and the feeds show.
  const v2 = { title: c('media_release', 'title'), body: c('media_release', 'body') };
  await post(`/api/media/releases/${live}/versions`, { title: v2.title, body: `${v2.body}\n\n${world.prose(40)}`, note: 'Crawl correction' }, 'correction');
  const reviewedV2 = (await post(`/api/media/releases/${live}/review`, {}, 'review of correction')) as unknown as { versions: { reviewId: string }[] };
  await spost(`/api/secrecy/reviews/${reviewedV2.versions[0]!.reviewId}/decision`, { outcome: 'publish', basis: 'Crawl: public text' }, 'decision on correction');
  await must(press.post(`/api/media/releases/${live}/approve`), 'approval of correction');
  await must(press.post(`/api/media/releases/${live}/publish`, {}), 'publication of correction');
  world.attach(world.record('media_release', live, 'public', 'live news release', { permissions: mediaRead, published: true }), [v2.title, v2.body]);
  world.media.shown.push(v2.title, v2.body);

  // Now raise the named people and units: from here on their names are 机密/秘密 and nobody low is in scope.
  for (const r of raise) {
    const fields = r.kind === 'person' ? { name: c('person', 'name'), nameEn: c('person', 'nameEn') } : { name: c('unit', 'name'), nameEn: c('unit', 'nameEn') };
    await patch(`/api/${r.kind === 'person' ? 'people' : 'units'}/${r.id}`, { ...fields, level: r.level }, `raise ${r.kind}`);
    world.attach(world.record(r.kind, r.id, r.level, `${r.kind} raised to ${r.level} after being named`), [fields.name, fields.nameEn]);
  }
  return world;
}
