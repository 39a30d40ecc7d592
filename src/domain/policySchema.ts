/** Re-export: the policy parser and defaults (other modules import them from here). */
export { defaultPolicy, parsePolicy, policySchema } from './schemas/policySchema';
