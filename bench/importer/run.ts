// npm run bench:importer — precision and recall of the release importer, one line per field.
// Set BENCH_VERBOSE=1 to list every release and field that differs from its expectation.
import { FIELDS, score, TARGETS } from './score.ts';

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
