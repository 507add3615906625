/**
 * Version of the assessment methodology. Every result carries it so that a stored assessment can be
 * traced to the rules that produced it. Bump MAJOR when a status can change for the same inputs,
 * MINOR when results gain fields, PATCH for fixes that do not change any status.
 */
export const METHODOLOGY_VERSION = '3.0.0';
