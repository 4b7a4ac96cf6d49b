/**
 * The custom objects family's content equality (src/family/custom-objects/content-equality.ts), under the name
 * the client has always exported it: other families compare through their Family's `sameContent`.
 */
export {
  sameSchemaContent,
  normalizeSchema,
  type ComparableSchema,
} from '../family/custom-objects/content-equality.js';
