/** Injection tokens of the ingestion module. */
export const INGESTION_OPTIONS = Symbol('INGESTION_OPTIONS');
export const DEPARTMENT_CONTEXT = Symbol('DEPARTMENT_CONTEXT');
