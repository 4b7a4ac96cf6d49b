/**
 * What `npm run test:unit` leaves out: tests that need the build (they spawn dist/bin/cxschema.js or read dist/),
 * pack the package, drive a browser or run generated property checks. Everything else runs from the sources in
 * one quick loop; `npm test` still runs all of it. test/support/unit-scope.test.ts keeps this list true.
 */
export const OUTSIDE_UNIT_SCOPE: readonly string[] = [
  'test/e2e/**',
  'test/package/**',
  'test/browser/**',
  'test/ci/**',
  'test/**/*.property.test.ts',
  'test/graph/graph-command.test.ts',
  'test/load/generated-validators.test.ts',
  'test/emulator/data-lock.test.ts',
  'test/emulator/kill-durability.test.ts',
  'test/codegen/generated-records.test.ts',
];
