// Types of the generated standalone validator (scripts/build-validators.ts).
import type { ErrorObject } from 'ajv';

interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
declare const validate: GeneratedValidator;
export { validate };
export default validate;
