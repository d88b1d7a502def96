import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kind, LowUser, Planted, World } from './leak-world.ts';
import { readableText } from './leak-world.ts';
import { fieldsOf, fillPath, sample, setPath, typesOf, withQuery, type JsonSchema, type Operation } from './openapi.ts';

/**
 * What the leak crawl sends: for each operation of the OpenAPI document, which record kinds each
 * path parameter, query parameter and body field names, and the requests that fill them.
 */

/** The record kinds an address segment names when a parameter follows it (`/api/units/{id}` → unit). */
const SEGMENT_KINDS: Record<string, Kind[]> = {
  units: ['unit'],
  people: ['person'],
  positions: ['position'],
  'study-groups': ['study_group'],
  groups: ['study_group'],
  members: ['person'],
  sessions: ['study_session'],
  themes: ['theme'],
  materials: ['material'],
  observers: ['observer'],
  guidance: ['guidance'],
  speeches: ['speech'],
  conclusions: ['conclusion'],
  plans: ['plan'],
  'plan-themes': ['plan_theme'],
  reviews: ['review'],
  findings: ['review_finding'],
  'keyword-lists': ['keyword_list'],
  keywords: ['keyword'],
  clearances: ['person'],
  carriers: ['carrier'],
  alerts: ['alert'],
  'carrier-reviews': ['carrier_review'],
  letters: ['letter'],
  inspections: ['inspection'],
  rectifications: ['rectification'],
  users: ['user'],
  requests: ['knowable_request'],
  tokens: [],
  feeds: [],
  areas: ['duty_area'],
  tasks: ['duty_task'],
  milestones: ['duty_milestone'],
  subtasks: ['duty_subtask'],
  files: ['duty_file'],
  extensions: ['duty_extension'],
};

/** Body and query fields that name a record, by field name. */
const FIELD_KINDS: Record<string, Kind[]> = {
  personId: ['person'],
  hostPersonId: ['person'],
  speakerPersonId: ['person'],
  custodianPersonId: ['person'],
  ownerPersonId: ['person'],
  leaders: ['person'],
  people: ['person'],
  unitId: ['unit'],
  parentId: ['unit'],
  unitIds: ['unit'],
  units: ['unit'],
  groupId: ['study_group'],
  planThemeId: ['plan_theme'],
  templateId: ['inspection_template'],
  campaignId: ['inspection'],
  carrierId: ['carrier'],
  actorId: ['user'],
  positionId: ['position'],
  findingId: ['review_finding'],
  keywordId: ['keyword'],
  objectId: ['unit', 'person', 'position', 'study_group', 'study_session'],
  subjectId: ['person', 'unit'],
  targetId: ['study_group', 'person'],
  leadLeaderPersonId: ['person'],
  responsiblePersonId: ['person'],
  leaderPersonId: ['person'],
  leadUnitId: ['unit'],
  cooperatingUnitIds: ['unit'],
  areaId: ['duty_area'],
  sessionId: ['study_session'],
  conclusionId: ['conclusion'],
  conclusionIds: ['conclusion'],
};

/** The enum value that goes with a record named in a neighbouring id field. */
const COMPANION: Record<string, (kind: Kind) => string | undefined> = {
  objectType: (kind) => (['unit', 'person', 'position', 'study_group', 'study_session'].includes(kind) ? kind : undefined),
  subjectType: (kind) => (kind === 'person' || kind === 'unit' ? kind : undefined),
  scope: (kind) => (kind === 'study_group' ? 'group' : kind === 'person' ? 'person' : undefined),
};
const COMPANION_OF: Record<string, string> = { objectId: 'objectType', subjectId: 'subjectType', targetId: 'scope' };

/** Kinds a path parameter names: by the segment before it, or for `/…/{id}/themes/order` bodies by the segment after. */
export function pathParamKinds(operation: Operation, name: string): Kind[] | null {
  const segments = operation.path.split('/');
  const at = segments.indexOf(`{${name}}`);
  const before = segments[at - 1] ?? '';
  if (name !== 'id') return FIELD_KINDS[name] ?? SEGMENT_KINDS[before] ?? null;
  return SEGMENT_KINDS[before] ?? null;
}

/** Kinds the `ids` of a reorder body name: `/sessions/{id}/themes/order` → theme, `/plans/{id}/themes/order` → plan_theme. */
function orderKinds(operation: Operation): Kind[] {
  const match = /\/(\w+)\/order$/.exec(operation.path);
  if (!match) return [];
  if (operation.path.includes('/plans/')) return ['plan_theme'];
  return SEGMENT_KINDS[match[1]!] ?? [];
}

export function fieldKinds(operation: Operation, name: string): Kind[] | null {
  if (name === 'ids') return orderKinds(operation);
  return FIELD_KINDS[name] ?? null;
}

export interface Sent {
  user: LowUser;
  method: string;
  url: string;
  status: number;
  text: string;
}

export interface Leak {
  user: string;
  route: string;
  url: string;
  status: number;
  canary: string;
  record: string;
}

/** Sends requests as low users and keeps count. */
export class Driver {
  requests = 0;
  readonly statuses = new Map<number, number>();
  private readonly world: World;
  constructor(world: World) {
    this.world = world;
  }

  async send(user: LowUser | null, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (user?.client) {
      headers.cookie = user.client.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = user.client.csrf;
    }
    // Each user asks from an address of their own, as people at their own desks do: the per-address
    // rate limits then throttle no one for what the others sent.
    const desk = user ? this.world.users.indexOf(user) + 10 : 9;
    const options: InjectOptions = { method: method as InjectOptions['method'], url, headers, remoteAddress: `10.0.0.${desk}` };
    if (body !== undefined) options.payload = body as InjectOptions['payload'];
    const response = await this.world.server.app.inject(options);
    this.requests++;
    this.statuses.set(response.statusCode, (this.statuses.get(response.statusCode) ?? 0) + 1);
    return response;
  }

  /** Canaries in a response that `audience` may not know. */
  async leaks(audience: LowUser, route: string, url: string, response: LightMyRequestResponse, shownTo = audience.name): Promise<Leak[]> {
    const text = await readableText(response);
    return this.world
      .find(text)
      .filter((c) => !this.world.mayKnow(audience, c))
      .map((c) => ({ user: shownTo, route, url, status: response.statusCode, canary: c.text, record: `${c.record.label} [${c.record.level}${c.record.hiddenBy ? `; ${c.record.hiddenBy}` : ''}] .${c.field}` }));
  }
}

/** Distinct ids of records of some kinds (every planted id when kinds is null). */
export function idsOfKinds(world: World, kinds: Kind[] | null): string[] {
  const records = kinds ? world.records.filter((r) => kinds.includes(r.kind)) : world.records;
  return [...new Set(records.map((r) => r.id))];
}

/** GET addresses for one operation: path parameters filled with canary ids, id-like query parameters too, and q=CANARY. */
export function getRequests(world: World, operation: Operation, extraFiles: string[]): string[] {
  const base: Record<string, string | number> = {};
  const names = new Set(operation.queryParams.map((p) => p.name));
  if (names.has('pageSize')) base.pageSize = 500;
  if (names.has('limit')) base.limit = 200;
  if (names.has('all')) base.all = 'true';
  for (const p of operation.queryParams) {
    if (p.required && base[p.name] === undefined) base[p.name] = p.name === 'q' ? 'CANARY' : String(sample(p.schema, { today: world.day }, p.name));
  }
  if (names.has('year') && base.year === undefined) base.year = Number(world.day.slice(0, 4));
  const formats = names.has('format') ? ['xlsx', 'csv'] : [undefined];

  // Path fillings: a single parameter takes every planted id; several take ids of their kinds.
  let fillings: Record<string, string>[] = [{}];
  for (const param of operation.pathParams) {
    let values: string[];
    if (param.schema.enum) values = param.schema.enum.map(String);
    else if (param.name === 'file') values = extraFiles;
    // Exports of one record are walked with ids of its kind; their JSON twins take every id.
    else values = idsOfKinds(world, operation.pathParams.length === 1 && !names.has('format') ? null : pathParamKinds(operation, param.name));
    fillings = fillings.flatMap((f) => values.map((v) => ({ ...f, [param.name]: v })));
  }
  // The knowable register of a record: its type and id go together.
  if (operation.pathParams.some((p) => p.name === 'objectType')) {
    fillings = fillings.filter((f) => world.records.some((r) => r.id === f.objectId && r.kind === f.objectType));
  }

  const urls: string[] = [];
  for (const filling of fillings) {
    const path = fillPath(operation.path, filling);
    for (const format of formats) {
      const query: Record<string, string | number> = { ...base, ...(format ? { format } : {}) };
      urls.push(withQuery(path, query));
      if (names.has('q') && query.q === undefined) urls.push(withQuery(path, { ...query, q: 'CANARY' }));
      if (operation.pathParams.length > 0) continue;
      // Lists: every id-like filter with every id of its kind; enumerations with each value.
      for (const p of operation.queryParams) {
        const kinds = FIELD_KINDS[p.name];
        if (kinds) for (const id of idsOfKinds(world, p.name === 'objectId' ? null : kinds)) urls.push(withQuery(path, { ...query, [p.name]: id }));
        if (p.schema.enum && !['order', 'format', 'all'].includes(p.name)) for (const v of p.schema.enum) urls.push(withQuery(path, { ...query, [p.name]: String(v) }));
      }
    }
  }
  // Other enumerations of addresses with a path (a release in each language).
  for (const p of operation.queryParams) {
    if (operation.pathParams.length > 0 && p.schema.enum && p.name === 'lang') {
      for (const filling of fillings) for (const v of p.schema.enum.filter((v) => v !== p.schema.default)) urls.push(withQuery(fillPath(operation.path, filling), { ...base, lang: String(v) }));
    }
  }
  return [...new Set(urls)];
}

export interface WriteVariant {
  url: string;
  body: unknown;
  target: Planted;
  slot: string;
}

/**
 * Writes aimed at records the user may not know: one slot (a path parameter or an id field of the
 * body) names the hidden record, every other slot a record the user may know.
 */
export function writeVariants(world: World, operation: Operation, user: LowUser): WriteVariant[] {
  const hidden = world.hiddenFrom(user);
  const visible = (kinds: Kind[]): string | undefined => {
    for (const kind of kinds) {
      const control = world.controls.get(kind);
      if (control) return control;
    }
    return world.records.find((r) => kinds.includes(r.kind) && world.mayKnowRecord(user, r))?.id;
  };
  const slots: { slot: string; kinds: Kind[]; where: 'path' | 'body' }[] = [];
  for (const p of operation.pathParams) {
    const kinds = pathParamKinds(operation, p.name);
    if (kinds?.length) slots.push({ slot: p.name, kinds, where: 'path' });
  }
  const bodyFields = operation.body ? fieldsOf(operation.body) : [];
  for (const f of bodyFields) {
    const kinds = fieldKinds(operation, f.name);
    if (kinds?.length) slots.push({ slot: f.path, kinds, where: 'body' });
  }
  if (slots.length === 0) return [];

  const query = operation.queryParams.some((p) => p.name === 'reason') ? { reason: 'crawl' } : {};
  const variants: WriteVariant[] = [];
  for (const slot of slots) {
    for (const target of hidden.filter((r) => slot.kinds.includes(r.kind))) {
      const values: Record<string, string> = {};
      let ok = true;
      for (const p of operation.pathParams) {
        if (p.name === slot.slot) values[p.name] = target.id;
        else if (p.schema.enum) values[p.name] = String(p.schema.enum[0]);
        else {
          const id = visible(pathParamKinds(operation, p.name) ?? []);
          if (!id) ok = false;
          else values[p.name] = id;
        }
      }
      if (!ok) continue;
      let body: unknown = undefined;
      if (operation.body) {
        body = sample(operation.body, {
          today: world.day,
          fill: (name, schema, path) => {
            if (name === 'itemCode') return 'C1';
            if (slot.where === 'body' && path === slot.slot) return typesOf(schema).includes('array') ? [target.id] : target.id;
            const kinds = fieldKinds(operation, name);
            if (!kinds?.length) return undefined;
            const id = visible(kinds);
            return id === undefined ? undefined : typesOf(schema).includes('array') ? [id] : id;
          },
        });
        if (slot.where === 'body') {
          const field = slot.slot.split('.').at(-1)!;
          const companion = COMPANION_OF[field];
          if (companion) {
            const value = COMPANION[companion]!(target.kind);
            if (value === undefined) continue;
            body = setPath(body, slot.slot.replace(/[^.]+$/, companion), value);
          }
        }
      }
      variants.push({ url: withQuery(fillPath(operation.path, values), query), body, target, slot: slot.slot });
    }
  }
  return variants;
}

export type { JsonSchema };
