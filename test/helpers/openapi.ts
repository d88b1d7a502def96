import type { FastifyInstance } from 'fastify';

/**
 * The operations of the running app, read from its own OpenAPI document, so tests that walk "every
 * route" (the leak crawl, the fuzz test) cover a new route the day it is added.
 */

/** The part of JSON Schema that fastify-type-provider-zod emits for our Zod schemas. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: Method;
  /** OpenAPI form, `/api/units/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: JsonSchema | null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function operationsOf(app: FastifyInstance): Operation[] {
  const document = app.swagger() as unknown as OpenApiDocument;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [verb, operation] of Object.entries(item)) {
      const method = verb.toUpperCase() as Method;
      if (!METHODS.includes(method)) continue;
      const parameters = (operation.parameters ?? []).map((p) => ({ name: p.name, in: p.in as 'path' | 'query', required: Boolean(p.required), schema: p.schema ?? {} }));
      operations.push({
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

/** The operation's address with its path parameters filled in (each percent-encoded unless `raw`). */
export function fillPath(path: string, values: Record<string, string>, raw = false): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return raw ? value : encodeURIComponent(value);
  });
}

export function withQuery(url: string, query: Record<string, string | number | undefined>): string {
  const entries = Object.entries(query).filter((e): e is [string, string | number] => e[1] !== undefined);
  if (entries.length === 0) return url;
  return `${url}?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}

export function typesOf(schema: JsonSchema): string[] {
  if (schema.anyOf ?? schema.oneOf) return [...new Set((schema.anyOf ?? schema.oneOf)!.flatMap(typesOf))];
  if (schema.enum) return [...new Set(schema.enum.map((v) => (v === null ? 'null' : typeof v)))];
  const type = schema.type;
  return type === undefined ? [] : Array.isArray(type) ? type : [type];
}

const DATE = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;
const TIME = /\[01\]\\d\|2\[0-3\]/;

export const isDateSchema = (schema: JsonSchema) => Boolean(schema.pattern && DATE.test(schema.pattern));

/**
 * Chooses a value for one field of a generated body: return a value to use it, or undefined to let
 * the generator make one from the schema. `path` is the field's dotted path (`unitHeads.0.personId`).
 */
export type Fill = (name: string, schema: JsonSchema, path: string) => unknown;

export interface SampleOptions {
  fill?: Fill;
  /** The day to write into date fields (YYYY-MM-DD). */
  today: string;
  /** Leave out optional fields the fill does not set (the smallest body the schema accepts). */
  minimal?: boolean;
}

/**
 * A plausible valid value for a schema: required fields always, optional ones unless `minimal`,
 * with a few hints by field name for rules the JSON Schema cannot say (a session's end after its
 * start, a material's link or text).
 */
export function sample(schema: JsonSchema, options: SampleOptions, name = '', path = ''): unknown {
  const filled = options.fill?.(name, schema, path);
  if (filled !== undefined) return filled;
  if (schema.const !== undefined) return schema.const;
  if (schema.anyOf ?? schema.oneOf) {
    const branches = (schema.anyOf ?? schema.oneOf)!;
    return sample(branches.find((b) => !b.enum || b.enum.some((v) => v !== '')) ?? branches[0]!, options, name, path);
  }
  if (schema.allOf?.length) return sample(Object.assign({}, ...schema.allOf) as JsonSchema, options, name, path);
  if (schema.enum) return schema.default !== undefined && schema.enum.includes(schema.default) ? schema.default : schema.enum[0];
  const type = typesOf(schema).find((t) => t !== 'null');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        const childPath = path ? `${path}.${key}` : key;
        const forced = options.fill?.(key, child, childPath);
        if (forced !== undefined) {
          out[key] = forced;
          continue;
        }
        // A carrier's level follows from its mark; elsewhere the lowest level keeps the write within anyone's clearance.
        if (key === 'level' && schema.properties?.mark) continue;
        if (!required.has(key) && options.minimal) continue;
        out[key] = sample(child, options, key, childPath);
      }
      return out;
    }
    case 'array': {
      const count = Math.max(1, schema.minItems ?? 0);
      return Array.from({ length: count }, (_, i) => sample(schema.items ?? { type: 'string' }, options, name, `${path}.${i}`));
    }
    case 'integer':
    case 'number': {
      if (/year/i.test(name)) return Number(options.today.slice(0, 4));
      const exclusive = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.exclusiveMinimum ? schema.minimum : undefined;
      const value = exclusive !== undefined ? exclusive + 1 : Math.max(schema.minimum ?? 1, 1);
      return typeof schema.maximum === 'number' ? Math.min(value, schema.maximum) : value;
    }
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema, options, name);
    default:
      return null;
  }
}

function sampleString(schema: JsonSchema, options: SampleOptions, name: string): string {
  if (isDateSchema(schema)) return /end|left|deadline|before/i.test(name) ? addDays(options.today, 30) : options.today;
  if (schema.pattern && TIME.test(schema.pattern)) return /end/i.test(name) ? '11:00' : '09:00';
  if (schema.format === 'email' || /email/i.test(name)) return 'crawl@example.cn';
  if (schema.format === 'uri' || /link|url/i.test(name)) return 'https://example.cn/material';
  if (schema.pattern === '^[a-z0-9._-]{2,64}$') return 'crawl.user';
  if (/^mark$/i.test(name)) return '秘密★10年';
  const text = `crawl ${name || 'text'}`;
  const min = schema.minLength ?? 0;
  const padded = text.length >= min ? text : text.padEnd(min, 'x');
  return schema.maxLength !== undefined ? padded.slice(0, schema.maxLength) : padded;
}

export function addDays(day: string, days: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Every field of a body schema with its dotted path (array items as `.0`), depth first. */
export function fieldsOf(schema: JsonSchema, path = ''): { path: string; name: string; schema: JsonSchema }[] {
  const out: { path: string; name: string; schema: JsonSchema }[] = [];
  const branch = schema.anyOf?.find((b) => typesOf(b).includes('object')) ?? schema;
  for (const [key, child] of Object.entries(branch.properties ?? {})) {
    const childPath = path ? `${path}.${key}` : key;
    out.push({ path: childPath, name: key, schema: child });
    if (typesOf(child).includes('object')) out.push(...fieldsOf(child, childPath));
    if (typesOf(child).includes('array') && child.items) {
      if (typesOf(child.items).includes('object')) out.push(...fieldsOf(child.items, `${childPath}.0`));
    }
  }
  return out;
}

/** A copy of `body` with the value at a dotted path replaced (or removed when `value` is undefined). */
export function setPath(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = /^\d+$/.test(keys[keys.indexOf(key) + 1] ?? '') ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
