// npm run bench:importer — precision and recall of the release importer, one line per field.
// Set BENCH_VERBOSE=1 to list every release and field that differs from its expectation.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, FIELDS, score, TARGETS } from './score.ts';

const result = score();
console.log(`releases: ${result.releases.length} (${result.releases.join(', ')})`);
let missed = 0;
for (const field of FIELDS) {
  const p = result.precision[field];
  const r = result.recall[field];
  const ok = p >= TARGETS[field] && r >= TARGETS[field];
  if (!ok) missed++;
  console.log(`${field} precision: ${p.toFixed(3)} recall: ${r.toFixed(3)}${ok ? '' : `  (target ${TARGETS[field]})`}`);
}
if (process.env.BENCH_VERBOSE) {
  for (const m of result.mismatches) {
    console.log(`\n${m.release} ${m.field}\n  got:      ${JSON.stringify(m.predicted)}\n  expected: ${JSON.stringify(m.expected)}`);
  }
}
process.exitCode = missed > 0 ? 1 : 0;

// Releases written after the parser was developed, kept out of the development corpus and reported,
// not gated. First run: every field 1.000 except speakers recall 0.400 ("exchanged their
// experiences in turn" was not read as speaking); the parser was then fixed for that phrasing, so
// these two are no longer unseen: add fresh ones here to measure again.
const HELD_OUT = join(CORPUS_DIR, '..', 'releases-heldout');
if (existsSync(HELD_OUT)) {
  const held = score(HELD_OUT);
  console.log(`\nheld-out releases: ${held.releases.length} (${held.releases.join(', ')})`);
  for (const field of FIELDS) console.log(`held-out ${field} precision: ${held.precision[field].toFixed(3)} recall: ${held.recall[field].toFixed(3)}`);
}
