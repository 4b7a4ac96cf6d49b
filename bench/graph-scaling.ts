/**
 * The reference graph must stay linear-ish: building it, finding cycles and computing deploy waves for 10x the
 * schemas and references should cost about 10x the time. Measures 20,000 nodes / 200,000 edges against
 * 2,000 / 20,000 (random DAG plus a few small cycles that block some schemas) in interleaved pairs, and reports
 * the median of the per-pair ratios with their range.
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { figureOf, median, pairedRatio } from './paired.js';
import { buildReferenceGraph } from '../src/graph/reference-graph.js';
import { findCyclesDetailed } from '../src/graph/cycles.js';
import { deployWaves } from '../src/graph/waves.js';
import { seededRandom } from '../src/emulator/seeded-random.js';

const TARGET_RATIO = 12;
/** Interleaved pairs (big, small); the figure is the median of the per-pair ratios, with their range. */
const PAIRS = 9;

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

/** One size's side of a pair: a freshly generated graph (fresh strings, as parsed files give), timed cold. */
interface Side {
  nodes: number;
  edges: number;
  cold: Timing[];
  warm: Timing[];
  reads: number[];
}

function side(nodes: number, edges: number): Side {
  return { nodes, edges, cold: [], warm: [], reads: [] };
}

/** Generates the side's next graph and times it; the cold time is the figure, the rest goes to the detail line. */
function measure(s: Side, seed: number): number {
  const input = generate(s.nodes, s.edges, seed);
  s.reads.push(readOnce(input));
  s.warm.push(timeOnce(input, false));
  const cold = timeOnce(input);
  s.cold.push(cold);
  return cold.ms;
}

/** Median over the pairs of big / small for one measure of each side. */
function pairedMedian(big: readonly number[], small: readonly number[]): number {
  return median(big.map((value, i) => value / small[i]!));
}

/** Which part of the work scales how, each phase as the median of its per-pair ratios. */
function phaseRatios(small: Side, big: Side): string {
  return (['buildMs', 'cyclesMs', 'wavesMs'] as const)
    .map((key) => {
      const ratio = pairedMedian(
        big.cold.map((run) => run[key]),
        small.cold.map((run) => run[key]),
      );
      return `${key.replace('Ms', '')} ${ratio.toFixed(1)}x`;
    })
    .join(', ');
}

function describe(label: string, s: Side): string {
  const runs = s.cold;
  const shape = runs[0]!;
  return (
    `${label} ${median(runs.map((run) => run.ms)).toFixed(1)} ms ` +
    `(${shape.waves} waves, ${shape.cycles} cycles, ${shape.blocked} blocked)`
  );
}

export async function run(): Promise<BenchResult[]> {
  // Interleaved pairs (bench/paired.ts): the big graph, then the small one, the order alternating; each run gets
  // a freshly generated graph. A burst of load from elsewhere slows both sides of one pair alike.
  for (let i = 0; i < 3; i++) timeOnce(generate(2_000, 20_000, 100 + i)); // warm-up: JIT and allocation paths
  const small = side(2_000, 20_000);
  const big = side(20_000, 200_000);
  let bigSeed = 1;
  let smallSeed = 1;
  const figure = await pairedRatio(
    () => measure(big, bigSeed++),
    () => measure(small, smallSeed++),
    { pairs: PAIRS, warmup: 0 },
  );
  // The same inputs timed again straight after they were made (warm caches), reported beside the figure.
  const warmBig = big.warm.map((run) => run.ms);
  const warmSmall = small.warm.map((run) => run.ms);
  return [
    {
      name: 'graph build + cycles + waves, 20,000/200,000 / 2,000/20,000 (cold caches, lower is better)',
      ...figureOf(figure),
      target: `<= ${TARGET_RATIO}x for 10x the graph`,
      pass: figure.median <= TARGET_RATIO,
      detail:
        `${describe('small', small)}; ${describe('big', big)}; by phase: ${phaseRatios(small, big)}; ` +
        `reading each reference once: ${pairedMedian(big.reads, small.reads).toFixed(1)}x; ` +
        `with warm caches (input just generated): ${pairedMedian(warmBig, warmSmall).toFixed(1)}x ` +
        `(small ${median(warmSmall).toFixed(1)} ms, big ${median(warmBig).toFixed(1)} ms)`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) console.log(JSON.stringify(result));
}
