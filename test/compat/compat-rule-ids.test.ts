import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPAT_RULE_IDS_MODULE, renderCompatRuleIdsModule } from '../../src/compat/compat-rule-ids-module.js';
import { COMPAT_RULE_IDS } from '../../src/compat/index.js';
import { COMPAT_RULE_IDS_FOR_CONFIG } from '../../src/model/compat-rule-ids.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the compatibility rule ids the config accepts', () => {
  it('are the registry, as generated (npm run docs:rules regenerates the file)', () => {
    expect(readFileSync(path.join(ROOT, COMPAT_RULE_IDS_MODULE), 'utf8')).toBe(renderCompatRuleIdsModule());
    expect([...COMPAT_RULE_IDS_FOR_CONFIG]).toEqual([...COMPAT_RULE_IDS]);
  });
});
