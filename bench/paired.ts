/**
 * Paired, interleaved measurement: side A, then side B, then A, then B ..., and the figure is the median of the
 * per-pair ratios A / B with their range. A burst of load from elsewhere on the machine slows the two sides of a
 * pair alike and moves one pair at most, which the median ignores and the range shows. No best-of-N: the best run
 * of each side flatters whichever side had the luckier moment.
 */

/** At least this many pairs for any published figure. */
export const MIN_PAIRS = 7;

export interface PairedFigure {
  /** Median of the per-pair ratios a / b. */
  median: number;
  min: number;
  max: number;
  pairs: number;
  /** Median of each side's own measurements, for the detail line. */
  medianA: number;
  medianB: number;
  ratios: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `pairs` interleaved pairs (after `warmup` unrecorded ones): each side's measurement, and the ratio a / b. */
export async function pairedRatio(
  a: () => Promise<number> | number,
  b: () => Promise<number> | number,
  options: { pairs?: number; warmup?: number } = {},
): Promise<PairedFigure> {
  const pairs = Math.max(MIN_PAIRS, options.pairs ?? MIN_PAIRS);
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which side goes first, so neither always runs on the caches the other just warmed.
    let x: number;
    let y: number;
    if (i % 2 === 0) {
      x = await a();
      y = await b();
    } else {
      y = await b();
      x = await a();
    }
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return {
    median: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    pairs,
    medianA: median(as),
    medianB: median(bs),
    ratios,
  };
}

/** The figure's share of a BenchResult: median, range, pair count. */
export function figureOf(figure: PairedFigure): { ratio: number; range: [number, number]; samples: number } {
  return { ratio: figure.median, range: [figure.min, figure.max], samples: figure.pairs };
}
