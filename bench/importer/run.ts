// npm run bench:importer — precision and recall of the release importer per field, for the
// development part of the corpus and, separately, for each sealed part (sealed/, sealed-2/, …:
// never tuned on), each with its number of releases.
// The differences from the expectations are listed for the development part only;
// --sealed-misses lists those of sealed/ too, --sealed-misses=<part> those of the part named
// (for the closing report, not for tuning).
import { corpus, FIELDS, parts, score, TARGETS, type Scores } from './score.ts';

function table(title: string, result: Scores): void {
  console.log(`\n${title}: ${result.releases.length} releases`);
  if (result.releases.length === 0) return;
  for (const field of FIELDS) {
    const p = result.precision[field];
    const r = result.recall[field];
    const target = TARGETS[field];
    const ok = p >= target.precision && r >= target.recall;
    const c = result.counts[field];
    console.log(
      `${field.padEnd(16)} precision: ${p.toFixed(3)} recall: ${r.toFixed(3)}  (${c.correct}/${c.predicted} read, ${c.correct}/${c.expected} expected)${ok ? '' : `  below target ${target.precision}/${target.recall}`}`,
    );
  }
}

function misses(title: string, result: Scores): void {
  if (result.mismatches.length === 0) return;
  console.log(`\n${title} misses (${result.mismatches.length}):`);
  for (const m of result.mismatches) console.log(`${m.release} ${m.field}\n  got:      ${JSON.stringify(m.predicted)}\n  expected: ${JSON.stringify(m.expected)}`);
}

const arg = (name: string) => process.argv.find((a) => a === name || a.startsWith(`${name}=`));
const only = arg('--only')?.slice('--only='.length);
const sealedMisses = arg('--sealed-misses');
const listSealed = sealedMisses === undefined ? null : sealedMisses.includes('=') ? sealedMisses.slice(sealedMisses.indexOf('=') + 1) : 'sealed';
const results = parts().map((part) => ({ part, result: score(corpus(part.dirs).filter((r) => part.sealed || !only || r.name.includes(only))) }));
for (const { part, result } of results) table(part.name, result);
for (const { part, result } of results) {
  if (!part.sealed && !process.argv.includes('--quiet')) misses(part.name, result);
  if (part.sealed && part.name === listSealed) misses(part.name, result);
}
// The figures are reported, not gated: the bench exits 0 so it can run in CI as a report.
process.exitCode = 0;
