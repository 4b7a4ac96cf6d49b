/**
 * The reference graph must stay linear-ish: building it, finding cycles and computing deploy waves for 10x the
 * schemas and references should cost about 10x the time. Measures 2,000 nodes / 20,000 edges against
 * 20,000 / 200,000 in one run (random DAG plus a few small cycles that block some schemas) and reports the ratio.
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { buildReferenceGraph } from '../src/graph/reference-graph.js';
import { findCyclesDetailed } from '../src/graph/cycles.js';
import { deployWaves } from '../src/graph/waves.js';
import { seededRandom } from '../src/emulator/seeded-random.js';

const TARGET_RATIO = 12;
/** Rounds of each size; the medians are compared (a best-of favours whichever size is quicker to get lucky). */
const ROUNDS = 9;

interface Input {
  nodes: Array<{ id: string; references: string[] }>;
  edges: number;
}

function generate(nodeCount: number, edgeCount: number, seed: number): Input {
  const next = seededRandom(seed);
  // One flat string per id, shared by its references (the template strings are ropes, which V8 would
  // flatten inside the timed look-ups).
  const ids = Array.from({ length: nodeCount }, (_, i) => flat(`schema_${String(i).padStart(6, '0')}`));
  const id = (i: number): string => ids[i]!;
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ id: id(i), references: [] as string[] }));
  // A DAG: node i references only lower-numbered nodes.
  let edges = 0;
  while (edges < edgeCount - 20) {
    const from = 1 + Math.floor(next() * (nodeCount - 1));
    const to = Math.floor(next() * from);
    nodes[from]!.references.push(id(to));
    edges++;
  }
  // A few small cycles among the top nodes (nothing lower depends on them, so they block only themselves and
  // the few nodes wired to them here).
  for (let c = 0; c < 5; c++) {
    const a = nodeCount - 1 - c * 3;
    nodes[a - 2]!.references.push(id(a));
    nodes[a - 1]!.references.push(id(a - 2));
    nodes[a]!.references.push(id(a - 1));
    edges += 3;
  }
  return { nodes, edges };
}

function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

interface Timing {
  ms: number;
  buildMs: number;
  cyclesMs: number;
  wavesMs: number;
  waves: number;
  blocked: number;
  cycles: number;
}

/**
 * In a real run the graph is built after thousands of files were parsed, so its input is not in the processor's
 * caches. Both sizes start that way here: a freshly generated small input would otherwise sit entirely in cache
 * while the big one cannot, and the ratio would measure the cache rather than the algorithm.
 */
const EVICTION = new Int32Array(16 * 1024 * 1024);
function evictCaches(): void {
  for (let i = 0; i < EVICTION.length; i += 16) EVICTION[i]! += 1;
}

function timeOnce(input: Input, cold = true): Timing {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  if (cold) evictCaches();
  const start = performance.now();
  const graph = buildReferenceGraph(input.nodes);
  const built = performance.now();
  const { cycles } = findCyclesDetailed(graph);
  const searched = performance.now();
  const { waves, blocked } = deployWaves(graph);
  const end = performance.now();
  return {
    ms: end - start,
    buildMs: built - start,
    cyclesMs: searched - built,
    wavesMs: end - searched,
    waves: waves.length,
    blocked: blocked.length,
    cycles: cycles.length,
  };
}

/**
 * The memory floor: reading every reference once, nothing else. With warm caches this alone grows by more than
 * 10x when the graph does (the small graph fits in L2, the big one does not), so the detail line shows it.
 */
function readOnce(input: Input): number {
  evictCaches();
  const start = performance.now();
  let total = 0;
  for (const node of input.nodes) for (const reference of node.references) total += reference.length;
  const ms = performance.now() - start;
  // Using the sum keeps the loop from being optimised away.
  if (total === 0) throw new Error('generated graph has no references');
  return ms;
}

function middleOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function median(runs: Timing[]): Timing {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
}

/** The median of each phase separately, for the detail line: which part of the work scales how. */
function phaseRatios(small: Timing[], big: Timing[]): string {
  const middle = (runs: Timing[], key: 'buildMs' | 'cyclesMs' | 'wavesMs'): number => {
    const sorted = runs.map((run) => run[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return (['buildMs', 'cyclesMs', 'wavesMs'] as const)
    .map((key) => `${key.replace('Ms', '')} ${(middle(big, key) / middle(small, key)).toFixed(1)}x`)
    .join(', ');
}

// Synchronous work behind the runner's asynchronous contract (bench/run.ts awaits every module's run).
export function run(): Promise<BenchResult[]> {
  // Each run gets a freshly generated graph (fresh strings, as parsed files give). Small and big runs are
  // interleaved so that a busy machine slows both alike, and the best of as many runs of each is compared.
  for (let i = 0; i < 3; i++) timeOnce(generate(2_000, 20_000, 100 + i)); // warm-up: JIT and allocation paths
  const smallRuns: Timing[] = [];
  const bigRuns: Timing[] = [];
  // The same inputs timed again straight after they were made (warm caches), reported beside the figure.
  const smallWarm: Timing[] = [];
  const bigWarm: Timing[] = [];
  const smallReads: number[] = [];
  const bigReads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const small = generate(2_000, 20_000, round + 1);
    smallReads.push(readOnce(small));
    smallWarm.push(timeOnce(small, false));
    smallRuns.push(timeOnce(small));
    const input = generate(20_000, 200_000, round + 1);
    bigReads.push(readOnce(input));
    bigWarm.push(timeOnce(input, false));
    bigRuns.push(timeOnce(input));
  }
  const smallResult = median(smallRuns);
  const bigResult = median(bigRuns);
  const ratio = bigResult.ms / smallResult.ms;
  return Promise.resolve([
    {
      name: 'graph build + cycles + waves, 20,000/200,000 vs 2,000/20,000 (median, cold caches)',
      ratio,
      target: `<= ${TARGET_RATIO}x for 10x the graph`,
      pass: ratio <= TARGET_RATIO,
      detail:
        `small ${smallResult.ms.toFixed(1)} ms (${smallResult.waves} waves, ${smallResult.cycles} cycles, ${smallResult.blocked} blocked); ` +
        `big ${bigResult.ms.toFixed(1)} ms (${bigResult.waves} waves, ${bigResult.cycles} cycles, ${bigResult.blocked} blocked); ` +
        `by phase: ${phaseRatios(smallRuns, bigRuns)}; reading each reference once: ${(middleOf(bigReads) / middleOf(smallReads)).toFixed(1)}x; ` +
        `with warm caches (input just generated): ${(median(bigWarm).ms / median(smallWarm).ms).toFixed(1)}x ` +
        `(small ${median(smallWarm).ms.toFixed(1)} ms, big ${median(bigWarm).ms.toFixed(1)} ms)`,
    },
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
