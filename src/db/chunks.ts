/** Ids per `IN (…)` list: under SQLite's and PostgreSQL's bound-parameter limits with room for the rest of the query. */
export const CHUNK = 500;

/** Runs `load` over the ids a chunk at a time and answers all the rows, in order. */
export async function inChunks<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) for (const row of await load(ids.slice(i, i + CHUNK))) out.push(row);
  return out;
}
