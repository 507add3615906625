import type { ReferenceAreaIndex } from '@wdp/contracts';
import type { EventPublisher } from './events';
import type { RuleContext } from './records/record-batch';
import type { AreaReference } from './validation/area-reference';

/** What every ingestion component of one service needs to know about where it runs. */
export interface DepartmentContext extends EventPublisher {
  areas: AreaReference;
  /** Areas above the district its returns may name (IngestionOptions.returnAreasAbove); none when absent. */
  returnAreasAbove?: ReferenceAreaIndex;
  /** Clock, replaceable in tests. */
  now(): Date;
}

/** What the validation rules of one request need: read once per request, so the clock is one instant. */
export function ruleContext(ctx: DepartmentContext): RuleContext {
  return { department: ctx.department, hasArea: (c) => ctx.areas.has(c), aboveDistrict: (c) => ctx.returnAreasAbove?.has(c) ?? false, now: ctx.now() };
}
