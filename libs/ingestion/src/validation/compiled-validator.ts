import Ajv, { type ValidateFunction } from 'ajv';

/**
 * One ajv for every compiled item validator, set up to judge and never to repair: no type coercion, no
 * defaults, unknown fields refused (never removed), and every schema checked in strict mode. Patterns are
 * compiled without the `u` flag, as class-validator compiles the vocabulary's (`new RegExp(pattern)`);
 * strictNumbers keeps NaN and ±Infinity out of "integer" and "number", as class-validator does.
 */
const ajv = new Ajv({
  strict: true,
  allowUnionTypes: true,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  strictNumbers: true,
  unicodeRegExp: false,
  allErrors: false,
  messages: false,
  validateFormats: false,
});

/** The schema compiled with the settings above; its `errors` name the first rule a value broke. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const validate = ajv.compile(schema);
  // ajv keeps every schema it compiled; the function needs none of that, and kinds are built again and again in tests.
  ajv.removeSchema(schema);
  return validate;
}

/** True when the value satisfies the schema; says nothing about why not (the slower path words that). */
export type CompiledCheck = (value: unknown) => boolean;

/**
 * A yes/no check of a value against a JSON Schema, compiled on first use (compiling takes milliseconds, and a
 * tool such as the OpenAPI generator builds every kind without calling one). Throws at the first call if the
 * schema is not strict.
 */
export function compiledCheck(schema: Record<string, unknown>): CompiledCheck {
  let check: CompiledCheck | undefined;
  return (value) => {
    check ??= compileSchema(schema);
    return check(value);
  };
}
