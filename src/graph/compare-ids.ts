/** Code-unit order: stable across locales, and what every sorted list in this layer uses. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
