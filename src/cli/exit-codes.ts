/** Exit codes (docs/architecture.md "CLI contract"). */
export const EXIT_OK = 0;
/** Findings, or an operation that failed. */
export const EXIT_FAILURE = 1;
/** `plan --detailed-exitcode` found changes; `diff --detailed-exitcode` found that the orgs differ. */
export const EXIT_CHANGES = 2;
/** A usage or configuration error. */
export const EXIT_USAGE = 64;
