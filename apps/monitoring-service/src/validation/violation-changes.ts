import { Injectable } from '@nestjs/common';
import type { ApprovalCell } from '@wdp/contracts';
import type { EntityManager } from 'typeorm';

/** Where a violation stood (or stands): the datasets its rule reads, its area and its period. */
export interface ViolationScope {
  datasets: readonly string[];
  areaCode: string;
  period: string;
}

/** The approved cells a change of violations re-decided: those it freed (they count now) and those it held. */
export interface CellsRedecided {
  released: ApprovalCell[];
  held: ApprovalCell[];
}

/** Takes violations that changed, inside the transaction that changed them. */
export interface ViolationSink {
  violationsChanged(manager: EntityManager, scopes: readonly ViolationScope[]): Promise<CellsRedecided>;
}

/**
 * Where validation hands on the violations an override, a rule's change or deletion, or a run changed. validation/
 * knows nothing of approval: approval/ registers itself here at start (it re-decides the approved cells those
 * violations blocked or now block), so approval depends on validation and never the other way round.
 */
@Injectable()
export class ViolationChanges {
  private sink: ViolationSink | null = null;

  register(sink: ViolationSink): void {
    if (this.sink) throw new Error('a violation sink is already registered');
    this.sink = sink;
  }

  hand(manager: EntityManager, scopes: readonly ViolationScope[]): Promise<CellsRedecided> {
    // Changing violations without re-deciding what they block would leave approvals held for a timer's round.
    if (!this.sink) throw new Error('no violation sink registered (the approval module is missing)');
    if (scopes.length === 0) return Promise.resolve({ released: [], held: [] });
    return this.sink.violationsChanged(manager, scopes);
  }
}
