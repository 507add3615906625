import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { FieldError } from './problem-details';
import { ProblemException } from './problem.exception';

/** Batch arrays whose element index is reported as `row`. */
const ROW_ARRAYS = new Set(['items', 'records', 'figures', 'rows']);

/** Flattens class-validator's nested errors into `{ field: 'items[3].sex', row: 3, reason }`. */
export function flattenValidationErrors(errors: ValidationError[], parent: string[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = [...parent, e.property];
    for (const reason of Object.values(e.constraints ?? {})) {
      out.push({ ...locate(path), reason: humanise(reason, e.property) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

function locate(path: string[]): { field: string; row?: number } {
  let field = '';
  let row: number | undefined;
  path.forEach((segment, i) => {
    if (/^\d+$/.test(segment)) {
      field += `[${segment}]`;
      if (row === undefined && i > 0 && ROW_ARRAYS.has(path[i - 1])) row = Number(segment);
    } else {
      field += field ? `.${segment}` : segment;
    }
  });
  return row === undefined ? { field } : { field, row };
}

/** class-validator phrases errors as "property must ..."; the field is reported separately. */
function humanise(reason: string, property: string): string {
  return reason.startsWith(`${property} `) ? reason.slice(property.length + 1) : reason;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(flattenValidationErrors(errors)),
  });
}
