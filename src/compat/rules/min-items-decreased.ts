import { boundChangeRule } from './bound-change.js';

export const minItemsDecreased = boundChangeRule({
  id: 'MIN_ITEMS_DECREASED',
  description: "A list's minItems decreased or removed.",
  breaks: ['FORWARD'],
  constraint: 'minItems',
  change: 'decreased',
  consequence: 'new lists may be shorter than consumers on the old version accept',
});
