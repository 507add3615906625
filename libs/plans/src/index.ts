export {
  COMPARATORS,
  NUMERIC_COMPARATORS,
  PATTERNS,
  PLAN_FORMAT,
  PLAN_LEVELS,
  PLAN_STATUSES,
  PlanDocumentSchema,
  type PlanDocument,
  type PlanLevel,
  type PlanProblem,
  type PlanStatus,
  type PlanTarget,
  SOURCE_CLAUSES,
  TEXT_LIMITS,
  TOLERANCE_COMPARATORS,
  VALUE_STATUSES,
  type ValueStatus,
} from './plan-document';
export { JSON_SCHEMA_DIALECT, planJsonSchema, planJsonSchemaText } from './plan-json-schema';
export { formatOfFileName, type ParsedPlanText, parsePlanText, PLAN_FORMATS, type PlanFormat, serializePlan } from './plan-format';
export type { CatalogueEntry } from './plan-rules';
export { validatePlan } from './validate-plan';
export { BUILT_IN_PLANS, DISTRICT_PLAN_ID, DISTRICT_SUCCESSOR_ID, districtPlan, districtSuccessorDraft, targetOfIndicator } from './district-plans';
