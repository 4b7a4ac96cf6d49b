import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/load/config-loader.js';
import { RULES } from '../../src/rules/index.js';
import { validatePaths } from '../../src/rules/validate.js';
import { caseFiles, expectedFindings, FIXTURES_ROOT, listFixtureCases } from './fixture-expectations.js';

const config = defaultConfig(FIXTURES_ROOT);

async function findingsOf(casePath: string): Promise<string[]> {
  const result = await validatePaths([casePath], { config, cwd: FIXTURES_ROOT });
  return result.diagnostics.map((d) => `${d.file}:${d.line}:${d.ruleId}`).sort();
}

const display = (absolute: string): string => path.relative(FIXTURES_ROOT, absolute).split(path.sep).join('/');

describe.each(RULES.map((rule) => rule.id))('%s fixtures', (ruleId) => {
  it.each(listFixtureCases(ruleId, 'valid').map((c) => [c.name, c] as const))(
    'valid: %s has no findings at all',
    async (_name, fixture) => {
      expect(caseFiles(fixture).length).toBeGreaterThan(0);
      expect(await findingsOf(fixture.path)).toEqual([]);
    },
  );

  it.each(listFixtureCases(ruleId, 'invalid').map((c) => [c.name, c] as const))(
    'invalid: %s has exactly the marked findings',
    async (_name, fixture) => {
      const expected = expectedFindings(fixture, display);
      expect(expected.some((finding) => finding.endsWith(`:${ruleId}`))).toBe(true);
      expect(await findingsOf(fixture.path)).toEqual(expected);
    },
  );
});
