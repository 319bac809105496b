// The control API's spec validation and defaults in one import: validators report every problem of a
// spec as SpecValidationErrors naming each field; defaults are SwarmKit's, applied without overriding.
export { withServiceDefaults, withTaskDefaults } from './spec-defaults.ts';
export { clusterSpecProblems, validateClusterSpec } from './validate-cluster-spec.ts';
export { nodeSpecProblems, validateNodeSpec } from './validate-node-spec.ts';
export { serviceSpecProblems, validateServiceSpec } from './validate-service-spec.ts';
export { SpecValidationError, SpecValidationErrors } from './validation-error.ts';
