import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/**
 * Rows of PostgreSQL's COPY … TO STDOUT text format: one line a row, columns separated by tabs, `\N`
 * for null, and a backslash before the characters that would break the layout (COPY TO writes \b \f
 * \n \r \t \v and \\ for backspace, form feed, newline, carriage return, tab, vertical tab and the
 * backslash itself; every other character, control characters included, is written as it is).
 */
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, (escaped, c: string) => {
    const plain = ESCAPES[c];
    if (plain === undefined) throw new Error(`COPY text holds an escape this decoder does not know: ${escaped}`);
    return plain;
  });
}

/** One line of COPY text (no newline) as its fields. */
export function parseCopyLine(line: string): (string | null)[] {
  // Fields replaced in place: most need nothing done.
  const fields: (string | null)[] = line.split('\t');
  for (let f = 0; f < fields.length; f++) {
    const value = fields[f]!;
    if (value.includes('\\')) fields[f] = value === '\\N' ? null : unescape(value);
  }
  return fields;
}

const NEWLINE = 0x0a;

/**
 * Streams `select`'s rows from PostgreSQL's COPY as the bytes arrive, cut to whole lines: each chunk
 * is one or more rows of COPY text, each ending with its newline (`parseCopyLine` decodes one line).
 * For reading a table end to end, COPY costs PostgreSQL and pg far less per row than a query's result
 * rows (no row messages to parse field by field). `select` is SQL text; COPY takes no parameters.
 *
 * A consumer that stops early leaves the connection in the middle of the COPY: pass a client of
 * its own and discard it afterwards (`release(true)` or `end()`); `finished()` tells whether the
 * stream was read to its end.
 */
export function copyChunks(client: pg.ClientBase, select: string): { chunks: AsyncIterable<Buffer>; finished(): boolean } {
  let done = false;
  async function* chunks() {
    const stream = client.query(copyTo(`copy (${select}) to stdout`));
    // A chunk may end inside a row, even inside a character: the bytes after its last newline wait
    // for the next chunk (a newline byte never occurs inside a UTF-8 sequence), and are joined to its
    // first line alone, so a chunk's bytes are not copied to join them.
    let carry: Buffer | undefined;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      if (carry) {
        const first = chunk.indexOf(NEWLINE);
        if (first < 0) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        yield Buffer.concat([carry, chunk.subarray(0, first + 1)]);
        carry = undefined;
        from = first + 1;
      }
      const end = chunk.lastIndexOf(NEWLINE) + 1;
      if (end < chunk.length) carry = chunk.subarray(Math.max(from, end));
      if (end > from) yield chunk.subarray(from, end);
    }
    if (carry?.length) throw new Error('COPY ended inside a row');
    done = true;
  }
  return { chunks: chunks(), finished: () => done };
}
