import { boundChangeRule } from './bound-change.js';

export const maxLengthIncreased = boundChangeRule({
  id: 'MAX_LENGTH_INCREASED',
  description: 'maxLength increased (an unset maxLength counts as the type default).',
  breaks: ['FORWARD'],
  constraint: 'maxLength',
  change: 'increased',
  consequence: 'new values may be longer than consumers on the old version accept',
});
