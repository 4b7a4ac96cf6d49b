import { configDefaults, defineConfig } from 'vitest/config';
import { OUTSIDE_UNIT_SCOPE } from './test/support/unit-scope.js';

// `npm run test:unit` sets CXSCHEMA_TEST_SCOPE=unit: the fast loop, without the tests that need a build.
const unitOnly = process.env['CXSCHEMA_TEST_SCOPE'] === 'unit';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: unitOnly ? [...configDefaults.exclude, ...OUTSIDE_UNIT_SCOPE] : configDefaults.exclude,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    // Two cores on CI: run files in parallel on forks, but never more than the machine has.
    pool: 'forks',
    maxWorkers: 2,
    // Hang guards only, never a speed check: tests wait on events and conditions, and a correct test on a loaded
    // 2-core machine finishes far inside these. Timing targets live in bench/.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
