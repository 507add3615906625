import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '@wdp/platform';
import { findResidentIdNumbers } from './identifier-scan';

/**
 * Global screen for resident ID numbers in every DTO-typed body, query and path parameter of every route
 * (a target change's reason, a key's label, an alert comment...), so no such value reaches a table whatever
 * the controller. Untyped bodies (`unknown`) are the ingestion pipeline's, which scans them itself with row numbers.
 */
@Injectable()
export class ResidentIdScreenPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom' || metadata.metatype === undefined || metadata.metatype === Object) return value;
    const prefix = metadata.type === 'param' && metadata.data ? metadata.data : '';
    const hits = findResidentIdNumbers(value, prefix);
    if (hits.length) throw ProblemException.validation(hits, 'The request carries a personal identifier; nothing was written.');
    return value;
  }
}
