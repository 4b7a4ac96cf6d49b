import { boundChangeRule } from './bound-change.js';

export const minItemsIncreased = boundChangeRule({
  id: 'MIN_ITEMS_INCREASED',
  description: "A list's minItems increased (an unset minItems counts as 0).",
  breaks: ['BACKWARD'],
  constraint: 'minItems',
  change: 'increased',
  consequence: 'stored lists shorter than the new minimum would no longer be valid',
});
