// pg-copy-streams ships no type declarations; this names the one function Remit uses (src/db/copy-text.ts).
declare module 'pg-copy-streams' {
  import type { Readable } from 'node:stream';
  import type { Submittable } from 'pg';
  /** A COPY … TO STDOUT query for `client.query`, readable as the raw bytes of the copy. */
  export function to(text: string): Readable & Submittable;
}
