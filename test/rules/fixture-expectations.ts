/**
 * Rule fixtures: `test/fixtures/rules/<RULE_ID>/{valid,invalid}/`. Each entry is a case: a file validated
 * alone, or a folder whose files are validated together (for rules about a set of schemas). An invalid case
 * marks each line where a finding is expected with `# expect: RULE_ID[, RULE_ID...]` (one id per finding).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES_ROOT = path.resolve(import.meta.dirname, '../fixtures/rules');

export interface FixtureCase {
  ruleId: string;
  kind: 'valid' | 'invalid';
  /** Absolute path of the file or folder. */
  path: string;
  name: string;
}

export function listFixtureCases(ruleId: string, kind: 'valid' | 'invalid'): FixtureCase[] {
  const folder = path.join(FIXTURES_ROOT, ruleId, kind);
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    return [];
  }
  return names.map((name) => ({ ruleId, kind, path: path.join(folder, name), name }));
}

export function listFixtureRuleIds(): string[] {
  return readdirSync(FIXTURES_ROOT)
    .filter((name) => statSync(path.join(FIXTURES_ROOT, name)).isDirectory())
    .sort();
}

/** Files of a case, absolute. */
export function caseFiles(fixture: FixtureCase): string[] {
  if (!statSync(fixture.path).isDirectory()) return [fixture.path];
  return readdirSync(fixture.path)
    .sort()
    .map((name) => path.join(fixture.path, name));
}

/**
 * Expected findings as `relative/file:line:RULE_ID` strings (with repeats), read from the markers.
 * Files are read as latin1, so that markers in deliberately broken (binary, non-UTF-8) files still count.
 */
export function expectedFindings(fixture: FixtureCase, displayPath: (absolute: string) => string): string[] {
  const expected: string[] = [];
  for (const file of caseFiles(fixture)) {
    const lines = readFileSync(file, 'latin1').split(/\r?\n/);
    lines.forEach((text, index) => {
      const marker = /# expect: ([A-Z_, ]+)/.exec(text);
      if (!marker) return;
      for (const id of marker[1]!
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        expected.push(`${displayPath(file)}:${index + 1}:${id}`);
      }
    });
  }
  return expected.sort();
}
