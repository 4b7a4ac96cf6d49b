/** One measured figure of a benchmark: a ratio (or a value) from one run against its target. */
export interface BenchResult {
  /** What is measured, saying which way is better ("lower is better", "higher is better"). */
  name: string;
  /** The measured ratio (the median of paired ratios where there are pairs), when the target is a ratio. */
  ratio?: number;
  /** A measured value with its unit (MiB, requests), when the target is not a ratio. */
  value?: number;
  unit?: string;
  /** The smallest and largest of the paired ratios (or values) the median came from. */
  range?: readonly [number, number];
  /** How many pairs (or runs) the figure is the median of. */
  samples?: number;
  /** The target in words, e.g. "<= 1.15x". */
  target: string;
  pass: boolean;
  /** The raw figures the ratio came from. */
  detail?: string;
}
