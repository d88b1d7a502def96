/**
 * The raw SHA-256 chain rate for `npm run bench:scale`, in a process of its own as `remit audit verify`
 * is: reads the canonical forms of events (one JSON list of strings, the file named by argv[2]) and
 * links them with no database, three passes each way after one to warm up, printing one line of JSON
 * with the best rate of each in events/s: `hashObject`, a hash object per event
 * (createHash().update(prev).update(event).digest('hex'), the raw rate issue 13's target names), and
 * `oneShot`, Node's crypto.hash as verification uses it (about twice as fast).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GENESIS, hashLink } from '../../src/security/audit-chain.ts';

const events = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];

/** The best of three passes after one over cold code (a single cold pass varied by half from run to run). */
function bestRate(link: (prev: string, canonical: string) => string): number {
  let best = 0;
  for (let pass = 0; pass < 4; pass++) {
    const started = performance.now();
    let prev = GENESIS;
    for (const canonical of events) prev = link(prev, canonical);
    if (pass > 0) best = Math.max(best, events.length / ((performance.now() - started) / 1000));
  }
  return best;
}

const hashObject = bestRate((prev, canonical) => createHash('sha256').update(prev).update(canonical).digest('hex'));
const oneShot = bestRate(hashLink);
console.log(JSON.stringify({ hashObject, oneShot }));
