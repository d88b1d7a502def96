// npm run bench:importer — precision and recall of the release importer per field, for the
// development part of the corpus and, separately, for the sealed part (never tuned on).
// The differences from the expectations are listed for the development part; add
// --sealed-misses to list the sealed part's too (for the closing report, not for tuning).
import { corpus, DEV_DIRS, FIELDS, score, SEALED_DIRS, TARGETS, type Scores } from './score.ts';

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

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const dev = score(corpus(DEV_DIRS).filter((r) => !only || r.name.includes(only)));
const sealed = score(corpus(SEALED_DIRS));
table('development', dev);
table('sealed', sealed);
if (!process.argv.includes('--quiet')) misses('development', dev);
if (process.argv.includes('--sealed-misses')) misses('sealed', sealed);
// The figures are reported, not gated: the bench exits 0 so it can run in CI as a report.
process.exitCode = 0;
