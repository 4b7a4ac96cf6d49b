import { boundChangeRule } from './bound-change.js';

export const minDecreased = boundChangeRule({
  id: 'MIN_DECREASED',
  description: 'min decreased or removed (number, dateTime).',
  breaks: ['FORWARD'],
  constraint: 'min',
  change: 'decreased',
  consequence: 'new values may be below what consumers on the old version accept',
});
