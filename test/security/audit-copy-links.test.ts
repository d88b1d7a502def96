import { afterEach, describe, expect, it } from 'vitest';
import { copyChunks } from '../../src/db/copy-text.ts';
import { writeAudited } from '../../src/db/write.ts';
import { systemActor } from '../../src/security/actor.ts';
import { COPIED_COLUMNS, linkFromBytes, linksFromCopy } from '../../src/security/audit-copy-links.ts';
import { eventHash, type ChainedFields } from '../../src/security/audit-chain.ts';
import { freshContext, POSTGRES_URL } from '../helpers/db.ts';

// COPY … TO's text format as PostgreSQL's documentation gives it, written here independently of the
// decoder: a backslash before backslash, backspace, form feed, newline, carriage return, tab and
// vertical tab, \N for null, every other character as it is.
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
const copyField = (value: string | number | null) => (value === null ? '\\N' : String(value).replace(/[\\\b\f\n\r\t\v]/g, (c) => COPY_ESCAPES[c]!));

const FIELDS = ['at', 'actor_id', 'actor_name', 'action', 'object_type', 'object_id', 'level', 'request_id', 'detail'] as const;

function event(seq: number, values: (string | null)[]): ChainedFields {
  return Object.fromEntries([['seq', seq], ...FIELDS.map((f, k) => [f, values[k] ?? null])]) as unknown as ChainedFields;
}

function copyLine(prev: string, hash: string, e: ChainedFields): string {
  return [prev, hash, e.seq, ...FIELDS.map((f) => e[f])].map(copyField).join('\t');
}

// Every character JSON or COPY escapes, both escapes' own text, a literal "\N" and "null", quotes,
// control characters COPY writes as they are, DEL, line and paragraph separators, astral and Chinese.
const AWKWARD = [
  'tab\there',
  'nl\nand\rcr',
  '\b\f\v',
  'back\\slash \\t \\N \\v \\u000b',
  '\\N',
  'null',
  'q"uote "\\" \\"',
  '{"detail":["a","b"],"n":1}',
  'bell\u0007 esc\u001b nul\u0000 us\u001f del\u007f',
  'ls\u2028ps\u2029',
  '😀 𠀀 保密检查',
  '',
];

describe('hashing audit events from the bytes of their COPY text', () => {
  it('hashes every awkward value as eventHash does, without decoding the line', () => {
    let prev = '0'.repeat(64);
    const lines: string[] = [];
    const expected: { seq: number; prev_hash: string; hash: string; computed: string }[] = [];
    for (const [k, text] of AWKWARD.entries()) {
      // The awkward text in every field in turn, and as the only non-null field.
      for (const values of [FIELDS.map(() => text), FIELDS.map((_, f) => (f === k % FIELDS.length ? text : null)), FIELDS.map((_, f) => (f % 2 ? text : `${text}${f}`))]) {
        const e = event(expected.length + 1, values);
        const hash = eventHash(prev, e);
        lines.push(copyLine(prev, hash, e));
        expected.push({ seq: e.seq as number, prev_hash: prev, hash, computed: hash });
        prev = hash;
      }
    }
    const chunk = Buffer.from(`${lines.join('\n')}\n`);
    for (let start = 0, k = 0; start < chunk.length; k++) {
      expect(linkFromBytes(chunk, start, undefined), lines[k]).toEqual(expected[k]);
      start = chunk.indexOf(0x0a, start) + 1;
    }
    const links = linksFromCopy(chunk);
    expect(links).toEqual(expected);
    // A prev_hash that is the line before's hash is that very string, not another copy of it.
    expect(links.slice(1).every((link, k) => link.prev_hash === links[k]!.hash)).toBe(true);
  });

  it('agrees with eventHash on random texts of every kind of character', () => {
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\t', '\n', '\r', '\b', '\f', '\v', '\u0000', '\u0001', '\u001f', '\u007f', 'N', '/', '保', '😀', '\u2028', 'é'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const text = () => Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    let prev = 'f'.repeat(64);
    const lines: string[] = [];
    const hashes: string[] = [];
    for (let seq = 1; seq <= 2000; seq++) {
      const e = event(seq * 37, FIELDS.map(() => (random() < 0.15 ? null : text())));
      const hash = eventHash(prev, e);
      lines.push(copyLine(prev, hash, e));
      hashes.push(hash);
      prev = hash;
    }
    const links = linksFromCopy(Buffer.from(`${lines.join('\n')}\n`));
    expect(links.map((l) => l.computed)).toEqual(hashes);
    expect(links.map((l) => l.seq)).toEqual(hashes.map((_, k) => (k + 1) * 37));
  });

  it('leaves a line it does not expect to the field-by-field decoder, which gives the same link', () => {
    const e = event(12, ['2026-12-01T00:00:00.000Z', null, 'x', 'a.b', 't', null, 'internal', null, '{}']);
    const hash = eventHash('0'.repeat(64), e);
    const line = copyLine('0'.repeat(64), hash, e);
    // COPY writes seq as a plain number; a leading zero or a sign is another text of the same seq.
    for (const odd of [line.replace('\t12\t', '\t012\t'), line.replace('\t12\t', '\t+12\t')]) {
      const chunk = Buffer.from(`${odd}\n`);
      expect(linkFromBytes(chunk, 0, undefined)).toBeUndefined();
      expect(linksFromCopy(chunk)).toEqual([{ seq: 12, prev_hash: '0'.repeat(64), hash, computed: hash }]);
    }
    // An escape COPY never writes is not read as anything.
    expect(linkFromBytes(Buffer.from(`${line.replace('\tx\t', '\tx\\q\t')}\n`), 0, undefined)).toBeUndefined();
    expect(() => linksFromCopy(Buffer.from(`${line.replace('\tx\t', '\tx\\q\t')}\n`))).toThrow(/escape/);
  });

  it('reads each prev_hash as stored, also after a line the decoder took and where it skips a line', () => {
    const e = (seq: number) => event(seq, ['2026-12-01T00:00:00.000Z', null, `actor ${seq}`, 'a.b', 't', null, 'internal', null, '{}']);
    const genesis = '0'.repeat(64);
    const h1 = eventHash(genesis, e(1));
    const h2 = eventHash(h1, e(2));
    // Line 3 links to line 1, not to line 2 (an event slipped in between); line 2 takes the decoder.
    const h3 = eventHash(h1, e(3));
    const h4 = eventHash(h3, e(4));
    const short = 'abc';
    const h5 = eventHash(short, e(5));
    const lines = [copyLine(genesis, h1, e(1)), copyLine(h1, h2, e(2)).replace('\t2\t', '\t02\t'), copyLine(h1, h3, e(3)), copyLine(h3, h4, e(4)), copyLine(short, h5, e(5))];
    const links = linksFromCopy(Buffer.from(`${lines.join('\n')}\n`));
    expect(links.map((l) => [l.seq, l.prev_hash, l.hash, l.computed])).toEqual([
      [1, genesis, h1, h1],
      [2, h1, h2, h2],
      [3, h1, h3, h3],
      [4, h3, h4, h4],
      // A prev_hash that is not 64 digits long is found by its tab.
      [5, short, h5, h5],
    ]);
    // Each line in a chunk of its own: the previous hash is compared as text.
    let previous: ReturnType<typeof linksFromCopy>[number] | undefined;
    const alone = lines.map((line) => (previous = linksFromCopy(Buffer.from(`${line}\n`), previous)[0]!));
    expect(alone).toEqual(links);
  });
});

describe.skipIf(!POSTGRES_URL)('hashing audit events from PostgreSQL\'s own COPY', () => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  it('gives every stored hash from the bytes alone, for events holding any text', async () => {
    const env = await freshContext('postgres');
    dispose = env.dispose;
    // PostgreSQL's text holds no NUL character.
    for (const [i, text] of AWKWARD.map((t) => t.replaceAll('\u0000', '')).entries()) {
      const actor = { ...systemActor('tester'), name: `tester ${text}` };
      await writeAudited(env.ctx, actor, async () => ({ result: undefined, audit: { action: 'test.write', objectType: 'thing', objectId: text || null, level: 'internal', detail: { text, i } } }));
    }
    const stored = await env.ctx.database.db.selectFrom('audit_events').select(['seq', 'prev_hash', 'hash']).orderBy('seq').execute();
    const client = await env.ctx.database.pool!.connect();
    try {
      const copy = copyChunks(client, `select ${COPIED_COLUMNS} from audit_events order by seq`);
      const links = [];
      for await (const chunk of copy.chunks) {
        for (let start = 0; start < chunk.length; start = chunk.indexOf(0x0a, start) + 1) expect(linkFromBytes(chunk, start, undefined)).toBeDefined();
        links.push(...linksFromCopy(chunk));
      }
      expect(links).toEqual(stored.map((e) => ({ seq: Number(e.seq), prev_hash: e.prev_hash, hash: e.hash, computed: e.hash })));
    } finally {
      client.release();
    }
  });
});
