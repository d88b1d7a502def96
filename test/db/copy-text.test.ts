import { afterEach, describe, expect, it } from 'vitest';
import { copyChunks, parseCopyLine } from '../../src/db/copy-text.ts';
import { freshDatabase, POSTGRES_URL } from '../helpers/db.ts';

// Every character COPY escapes, the escape sequence's own text, a literal "\N", control characters
// it writes as they are, astral and Chinese characters, and rows long enough to span many chunks
// (a chunk then ends inside a row and inside a three-byte character).
const TEXTS = [
  'tab\there',
  'nl\nand\rcr',
  '\b\f\v',
  'back\\slash \\t \\N',
  '\\N',
  'bell\u0007 esc\u001b del\u007f nul-free',
  '😀 𠀀 保密检查',
  '',
  '材料'.repeat(100_000),
  `${'x'.repeat(70_001)}中`,
];

describe('COPY text', () => {
  it('decodes fields, nulls and escapes', () => {
    expect(parseCopyLine('a\t\\N\tb\\\\c\\td')).toEqual(['a', null, 'b\\c\td']);
    expect(parseCopyLine('x\t\\\\N\t')).toEqual(['x', '\\N', '']);
    expect(parseCopyLine('')).toEqual(['']);
    expect(() => parseCopyLine('a\\q')).toThrow(/escape/);
  });

  describe.skipIf(!POSTGRES_URL)('from PostgreSQL', () => {
    let dispose: () => Promise<void> = async () => {};
    afterEach(() => dispose());

    it('reads back exactly what was stored, in order, across chunks', async () => {
      const test = await freshDatabase('postgres');
      dispose = test.dispose;
      const pool = test.database.pool!;
      await pool.query('create table copied (n int primary key, body text, other text)');
      for (const [n, text] of TEXTS.entries()) await pool.query('insert into copied values ($1, $2, $3)', [n, text, n % 2 ? null : `${n}`]);
      const client = await pool.connect();
      try {
        const copy = copyChunks(client, 'select n, body, other from copied order by n');
        const rows: (string | null)[][] = [];
        for await (const chunk of copy.chunks) {
          // Each chunk is whole lines: it ends with a newline, and its text decodes (no character cut).
          expect(chunk.at(-1)).toBe(0x0a);
          rows.push(...chunk.toString('utf8', 0, chunk.length - 1).split('\n').map(parseCopyLine));
        }
        expect(copy.finished()).toBe(true);
        expect(rows).toEqual(TEXTS.map((text, n) => [String(n), text, n % 2 ? null : `${n}`]));
        // The connection is free again once the copy was read to its end.
        expect((await client.query<{ n: number }>('select count(*)::int as n from copied')).rows[0]?.n).toBe(TEXTS.length);
      } finally {
        client.release();
      }
    });

    it('says a copy stopped early was not finished, so its connection is discarded', async () => {
      const test = await freshDatabase('postgres');
      dispose = test.dispose;
      const pool = test.database.pool!;
      await pool.query(`create table copied as select n, repeat('材', 5000) as body from generate_series(1, 200) as n`);
      const client = await pool.connect();
      const copy = copyChunks(client, 'select n, body from copied order by n');
      for await (const chunk of copy.chunks) {
        expect(parseCopyLine(chunk.toString('utf8', 0, chunk.indexOf(0x0a)))[0]).toBe('1');
        break;
      }
      expect(copy.finished()).toBe(false);
      client.release(true);
      expect((await pool.query<{ n: number }>('select count(*)::int as n from copied')).rows[0]?.n).toBe(200);
    });
  });
});
