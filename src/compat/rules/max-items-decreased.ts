import { boundChangeRule } from './bound-change.js';

export const maxItemsDecreased = boundChangeRule({
  id: 'MAX_ITEMS_DECREASED',
  description: "A list's maxItems decreased (an unset maxItems counts as 100).",
  breaks: ['BACKWARD'],
  constraint: 'maxItems',
  change: 'decreased',
  consequence: 'stored lists longer than the new maximum would no longer be valid',
});
