/**
 * How many cases a property test generates. The counts in the tests fit a loaded 2-core machine (CI shares its
 * cores, and a run must not depend on how fast they are); CXSCHEMA_PROPERTY_SCALE multiplies them for a long
 * local run, e.g. `CXSCHEMA_PROPERTY_SCALE=20 npx vitest run test/rules`.
 */
export function propertyRuns(count: number): number {
  const raw = process.env['CXSCHEMA_PROPERTY_SCALE'];
  const scale = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`CXSCHEMA_PROPERTY_SCALE must be a positive number, not ${raw}`);
  return Math.max(1, Math.round(count * scale));
}
