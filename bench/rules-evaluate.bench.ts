// evaluateDraft latency, in-process: the warm RulesIndex (what POST /api/v1/rules/evaluate uses on
// every keystroke) against a baseline that rebuilds the index and its holiday tables per call.
// Run: npx ts-node -r tsconfig-paths/register --transpile-only bench/rules-evaluate.bench.ts
import { buildRulesIndex, evaluateDraft, loadBundledRulesData } from '@comity/treaty-rules';
import { makeDrafts, mulberry32, percentiles } from './rules-drafts';

const DRAFTS = 5_000;
const BASELINE_DRAFTS = 200;
const REPETITIONS = 3;

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

function main(): void {
  const data = loadBundledRulesData();
  const now = '2025-06-01T00:00:00Z';
  const random = mulberry32(20260125);
  const drafts = makeDrafts(DRAFTS, random);
  const baselineDrafts = drafts.slice(0, BASELINE_DRAFTS);

  let index = buildRulesIndex(data);
  const coldFirst = time(() => evaluateDraft(drafts[0], index, now));
  console.log(`first call on a fresh index (builds holiday tables lazily): ${fmt(coldFirst)}`);

  const warmAll: number[] = [];
  const baselineAll: number[] = [];
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    // A: warm, shared index.
    index = buildRulesIndex(data);
    drafts.forEach((d) => evaluateDraft(d, index, now));
    const warm = drafts.map((d) => time(() => evaluateDraft(d, index, now)));
    // B: baseline, a new index (and new holiday tables) for every call.
    const baseline = baselineDrafts.map((d) => time(() => evaluateDraft(d, buildRulesIndex(data), now)));
    warmAll.push(...warm);
    baselineAll.push(...baseline);
    const w = percentiles(warm);
    const b = percentiles(baseline);
    console.log(
      `rep ${rep}: warm index n=${warm.length} p50 ${fmt(w.p50)} p95 ${fmt(w.p95)} p99 ${fmt(w.p99)} | ` +
        `rebuild per call n=${baseline.length} p50 ${fmt(b.p50)} p95 ${fmt(b.p95)} p99 ${fmt(b.p99)}`,
    );
  }
  const w = percentiles(warmAll);
  const b = percentiles(baselineAll);
  console.log('---');
  console.log(`warm index       (n=${warmAll.length}): p50 ${fmt(w.p50)}  p95 ${fmt(w.p95)}  p99 ${fmt(w.p99)}  max ${fmt(w.max)}`);
  console.log(`rebuild per call (n=${baselineAll.length}): p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}  p99 ${fmt(b.p99)}  max ${fmt(b.max)}`);
  console.log(`ratio rebuild/warm: p50 ${(b.p50 / w.p50).toFixed(1)}x  p95 ${(b.p95 / w.p95).toFixed(1)}x`);
  console.log(`target: warm p95 well under 20 ms → ${w.p95 < 20 ? 'met' : 'NOT met'}`);
}

main();
