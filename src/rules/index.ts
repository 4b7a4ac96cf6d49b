/**
 * Every validation rule: one file each, registered by one line here (docs/architecture.md). The order is the order of
 * docs/rules.md; findings are sorted by position anyway.
 */
import { collectionItemsMissing } from './collection-items-missing.js';
import { constraintNotApplicable } from './constraint-not-applicable.js';
import { constraintRangeInvalid } from './constraint-range-invalid.js';
import { enumInvalid } from './enum-invalid.js';
import { externalIdDuplicate } from './external-id-duplicate.js';
import { fieldCountLimit } from './field-count-limit.js';
import { fieldNameDuplicate } from './field-name-duplicate.js';
import { fieldTypeUnknown } from './field-type-unknown.js';
import { familyIdentityMismatch } from './family-identity-mismatch.js';
import { familyConstraintUnsupported } from './family-constraint-unsupported.js';
import { familyDisabledValuesUnsupported } from './family-disabled-values-unsupported.js';
import { familyStatusUnsupported } from './family-status-unsupported.js';
import { familyTitleUnsupported } from './family-title-unsupported.js';
import { familyTypeUnsupported } from './family-type-unsupported.js';
import { fileParseError } from './file-parse-error.js';
import { nestingTooDeep } from './nesting-too-deep.js';
import { patternInvalid } from './pattern-invalid.js';
import { publishedReferencesUnpublished } from './published-references-unpublished.js';
import { recordSizeLimit } from './record-size-limit.js';
import { referenceCycle } from './reference-cycle.js';
import { referenceTargetUnknown } from './reference-target-unknown.js';
import { referenceTypeMissing } from './reference-type-missing.js';
import type { RuleDefinition } from './rule.js';
import { schemaStructure } from './schema-structure.js';
import { stringLengthLimit } from './string-length-limit.js';

export type { CheckedRule, LoaderRule, RuleContext, RuleDefinition, ReportOptions } from './rule.js';

export const RULES: readonly RuleDefinition[] = [
  fileParseError,
  schemaStructure,
  externalIdDuplicate,
  fieldNameDuplicate,
  fieldTypeUnknown,
  fieldCountLimit,
  stringLengthLimit,
  constraintNotApplicable,
  constraintRangeInvalid,
  patternInvalid,
  enumInvalid,
  referenceTypeMissing,
  referenceTargetUnknown,
  collectionItemsMissing,
  nestingTooDeep,
  referenceCycle,
  publishedReferencesUnpublished,
  recordSizeLimit,
  familyTypeUnsupported,
  familyConstraintUnsupported,
  familyStatusUnsupported,
  familyIdentityMismatch,
  familyTitleUnsupported,
  familyDisabledValuesUnsupported,
];

const BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): RuleDefinition | undefined {
  return BY_ID.get(id);
}
