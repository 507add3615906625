import type { Type } from '@nestjs/common';
import type { RecordFact } from '@wdp/contracts';
import type { ItemIssue, RecordItemBase } from './record-item.base';

/**
 * Everything the framework needs to serve one record kind. Build it from the vocabulary with
 * `recordKindFromDefinition(def)`, or by hand for a kind with unusual fields.
 */
export interface RecordKindSpec<T extends RecordItemBase = RecordItemBase> {
  /** kebab-case kind code; the route is /v1/records/{kind} and the event type gov.yunyan.<dept>.<kind>.<op>.v1. */
  kind: string;
  /** English name, used for the OpenAPI tag and summaries. */
  title: string;
  description: string;
  /** class-validator + @ApiProperty DTO of one item. Its class name becomes the OpenAPI schema name. */
  itemClass: Type<T>;
  /**
   * Optional fast path: true only for an item `itemClass` accepts as it is (no field refused, none converted),
   * so bulk bodies skip class-validator. False sends the item through class-validator, which words the 422.
   */
  compiledCheck?(raw: unknown): boolean;
  /** A valid item, used as the OpenAPI example. */
  example: Record<string, unknown>;
  /** Stable identity in the source system; the same natural key is never counted twice. */
  naturalKey(item: T): string;
  /** The published, identifier-free fact. */
  toFact(item: T): RecordFact;
  /** Rules beyond class-validator (no I/O): e.g. age and age band agree. Area and dates are checked by the framework. */
  check?(item: T): ItemIssue[];
}
