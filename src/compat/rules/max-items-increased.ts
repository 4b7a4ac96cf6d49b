import { boundChangeRule } from './bound-change.js';

export const maxItemsIncreased = boundChangeRule({
  id: 'MAX_ITEMS_INCREASED',
  description: "A list's maxItems increased (an unset maxItems counts as 100).",
  breaks: ['FORWARD'],
  constraint: 'maxItems',
  change: 'increased',
  consequence: 'new lists may be longer than consumers on the old version accept',
});
