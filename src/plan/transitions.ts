/**
 * The custom objects family's lifecycle, under the name plan has always used for it. Plan itself asks the
 * family it is given (src/family/); this is the first family's, kept here for callers that plan custom objects.
 */
export { planTransition } from '../family/custom-objects/lifecycle.js';
export type { TransitionPlan } from '../family/family.js';
