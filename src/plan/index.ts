/** The failed job's workflow -> a reproduction Plan (DESIGN.md, "Reproducing like CI"). */
export { buildPlan, type PlanOptions } from './plan.js';
export { PlanError, type Plan, type PlanService, type SkippedStep } from './types.js';
export { withSetup } from './setup.js';
