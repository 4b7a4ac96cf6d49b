/** One measured figure of a benchmark: a ratio from one run against its target. */
export interface BenchResult {
  name: string;
  /** The measured ratio (the figure the target is about), when the target is a ratio. */
  ratio?: number;
  /** A measured value with its unit (requests/s, requests), when the target is not a ratio. */
  value?: number;
  unit?: string;
  /** The target in words, e.g. "<= 2.0x yaml parse". */
  target: string;
  pass: boolean;
  /** The raw figures the ratio came from. */
  detail?: string;
}
