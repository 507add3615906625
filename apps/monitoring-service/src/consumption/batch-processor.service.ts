import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { AlertQueueRepository } from '../alerts/decision/alert-queue.repository';
import type { MonitoringServiceConfig } from '../config';
import type { ConsumedEvent, EventBatchOutcome, RejectedPart } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import { ApprovalBlocks } from '../approval/approval-blocks';
import { ApprovalCellRepository } from '../approval/approval-cell.repository';
import { newestApprovals, receiptDeltas, touchedByCells } from '../approval/approval-cells';
import { AssessmentService, type RecomputeSummary } from '../assessment/assessment.service';
import { coalescePairs, type TouchedPair } from '../assessment/recompute-scope';
import { CompletenessService } from '../completeness/completeness.service';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { earliestChangedYears } from '../facts/changed-years';
import { FactRepository } from '../facts/fact.repository';
import { ObservationRepository } from '../facts/observation.repository';
import { checkRecordFact, recordBatchEffect } from '../facts/record-deltas';
import { reduceReturnEvents, type ReturnEventInput } from '../facts/return-changes';
import { batchDuration, eventsApplied } from '../metrics/monitoring-metrics';
import { decodeEvent, type MalformedItem } from './event-decoding';
import { batchArrivals, EVENT_SOURCES, requestsBySource, sourceOf, type EventSource } from './request-batches';
import { RequestProgressRepository } from './request-progress.repository';
import { derivedId, type ApprovalChangedEventData, type CloudEvent, type RecordBatchEventData, type RecordEventData } from '@wdp/contracts';

export interface BatchSummary extends RecomputeSummary, EventBatchOutcome {
  records: number;
  returns: number;
  factCells: number;
  returnsChanged: number;
  /** Validation rules to run again once the batch commits: its data may resolve a violation holding an approval. */
  rulesToRun: string[];
}

/**
 * Applies one consumed batch inside the inbox transaction: record deltas pre-aggregated and upserted,
 * returns upserted by highest revision, and the indicator × area pairs the batch touched appended to
 * `alert_queue`, each with the earliest year the batch changed for it and the requests (`wdpbatch`) its
 * events belong to, each request's arrivals counted in `request_progress` and each dataset's in
 * `dataset_arrival` (completeness), all committed together (or
 * nothing, and the batch is retried). AlertSettler recomputes the queued pairs — each once, however many
 * batches touched it, from the earliest year any of them changed — and decides their alerts, so batches
 * neither take the assessment lock nor repeat a recompute per batch. With ALERT_SETTLE_MS=0 the batch
 * recomputes its pairs itself, under the lock, and raises or resolves their alerts right here.
 */
@Injectable()
export class BatchProcessor {
  private readonly logger = new Logger(BatchProcessor.name);

  constructor(
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly facts: FactRepository,
    private readonly observations: ObservationRepository,
    private readonly assessment: AssessmentService,
    private readonly alertQueue: AlertQueueRepository,
    private readonly progress: RequestProgressRepository,
    private readonly completeness: CompletenessService,
    private readonly approvals: ApprovalCellRepository,
    private readonly approvalBlocks: ApprovalBlocks,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  async process(events: readonly ConsumedEvent[], manager: EntityManager): Promise<BatchSummary> {
    const stopTimer = batchDuration.startTimer();
    try {
      return await this.apply(events, manager);
    } finally {
      stopTimer();
    }
  }

  private async apply(events: readonly ConsumedEvent[], manager: EntityManager): Promise<BatchSummary> {
    const settle = this.config.ALERT_SETTLE_MS > 0;
    // Taken first, before any row lock, so writers queue on one lock and can never deadlock on facts.
    // Only a batch that recomputes assessments itself needs it: facts and observations have one writer.
    if (!settle) await this.assessment.lock(manager);
    await this.catalogue.refresh(manager);
    const decoded = events.map((e) => decodeEvent(e.event));
    const records: RecordEventData[] = [];
    const returns: ReturnEventInput[] = [];
    const rejected: RejectedPart[] = [];
    const approvalEvents: ApprovalChangedEventData[] = [];
    const areaIndex = this.areas.index();
    const catalogueIndex = this.catalogue.index();
    decoded.forEach((d, i) => {
      if (d.type === 'record') records.push(d.data);
      else if (d.type === 'return') returns.push({ data: d.data, eventId: d.eventId, time: d.time });
      else if (d.type === 'approval') approvalEvents.push(d.data);
      else if (d.type === 'record-batch') {
        // Item by item: a bad item is split off to the dead-letter topic, and the rest of its request counts.
        const bad: MalformedItem[] = [...d.malformed];
        for (const { index, data } of d.items) {
          const reason = checkRecordFact(data, catalogueIndex, areaIndex);
          if (reason) bad.push({ index, reason: `item ${index}: ${reason}` });
          else records.push(data);
        }
        if (bad.length > 0) rejected.push(rejectedItems(events[i], bad));
      }
      eventsApplied.inc({ type: d.type });
    });
    const effect = recordBatchEffect(records, catalogueIndex, areaIndex);
    await this.facts.addDeltas(manager, effect.deltas);

    // A return may be filed for an area above the district too (its only figures); a record never is.
    const changes = reduceReturnEvents(returns, { has: (code) => areaIndex.has(code) || this.areas.isAboveDistrict(code) });
    const changed = await this.observations.applyChanges(manager, changes);
    await this.completeness.recordBatch(manager, effect.deltas, changes);
    // Approved and provisional figures (docs/approval.md): what each cell received, and its newest approval state;
    // a cell whose state changed is recomputed like data that changed.
    await this.approvals.addReceipts(manager, receiptDeltas(records, returns.map((r) => r.data), areaIndex));
    // Only a batch with approvals decides blocks, so only such a batch waits on an override or run deciding them.
    if (approvalEvents.length > 0) await this.approvalBlocks.lock(manager);
    const approvalChanged = await this.approvals.applyApprovals(manager, newestApprovals(approvalEvents));
    await this.approvalBlocks.refresh(manager, approvalChanged);
    const datasets = new Set([
      ...records.map((r) => `${r.department}/${(r.current ?? r.previous)!.kind}`),
      ...changes.flatMap((c) => c.returnKinds),
      ...approvalChanged.map((c) => `${c.department}/${c.kind}`),
    ]);
    const rulesToRun = await this.approvalBlocks.rulesToRunAfter(manager, [...datasets]);
    const byApproval = touchedByCells(approvalChanged, (department, kind) => catalogueIndex.inputsForRecordKind(department, kind), this.areas.assessedAreas().map((a) => a.code));
    const touchedReturns = changes
      .filter((c) => changed.has(c.returnId))
      .flatMap((c) => c.areas.flatMap((areaCode) => c.returnKinds.map((returnKind) => ({ returnKind, areaCode, fromYear: c.fromYear }))));

    // Values are recomputed from the earliest year a change reaches; a series touched without a net
    // change has no such year and is recomputed over every year (rare: a record and its withdrawal).
    const changedFrom = earliestChangedYears(effect.deltas);
    const touchedInputs = effect.touched.map((t) => ({ ...t, fromYear: changedFrom.get(`${t.inputKey}\u0000${t.areaCode}`) ?? null }));
    // Per source, so that a pair is held only for the requests of its kind of events: a fetch applied together
    // mixes the statistics bureau's returns (each complete on its own) with large record requests still arriving.
    const pairsBySource: Record<EventSource, TouchedPair[]> = {
      record: this.assessment.pairsAffectedBy(touchedInputs, []),
      return: this.assessment.pairsAffectedBy([], touchedReturns),
      approval: this.assessment.pairsAffectedBy(byApproval.inputs, byApproval.returns),
    };
    const pairs = coalescePairs(Object.values(pairsBySource).flat());
    const applied = { records: records.length, returns: returns.length, factCells: effect.deltas.length, returnsChanged: changed.size, rejected, rulesToRun };
    // Counted with the inbox rows: only events applied for the first time arrive here.
    const arrivals = batchArrivals(events.map((e) => e.event));
    await this.progress.record(manager, arrivals);
    if (settle) {
      // Each pair is held for every request of the batch that brought its kind of events (not only those that
      // touched the pair: a few more holds, one statement). With the consumer spans' contexts, so the decision,
      // made later, continues their traces.
      const traceparents = [...new Set(events.flatMap((e) => (e.traceparent ? [e.traceparent] : [])))];
      const requests = requestsBySource(decoded.map((d, i) => ({ source: sourceOf(d.type), event: events[i].event })));
      await this.alertQueue.enqueue(manager, EVENT_SOURCES.map((source) => ({ pairs: pairsBySource[source], batchIds: requests[source] })), traceparents);
      return { pairs: pairs.length, assessments: 0, values: 0, alertsRaised: 0, alertsResolved: 0, failed: [], ...applied };
    }
    const summary = await this.assessment.recompute(manager, pairs);
    if (summary.alertsRaised || summary.alertsResolved) {
      this.logger.log(`batch of ${events.length}: ${pairs.length} assessments recomputed, ${summary.alertsRaised} alerts raised, ${summary.alertsResolved} resolved`);
    }
    return { ...summary, ...applied };
  }
}

/**
 * The items of a batch event that could not be applied, as an event of their own for the dead-letter topic:
 * the original's type and source, an id derived from the original's (so a replay is new to the inbox, and a
 * repeated rejection is the same dead letter; the dead letter names the original in `dlq_original_event_id`),
 * and no request batch (a replay counts as complete on its own).
 */
export function rejectedItems(from: ConsumedEvent, bad: readonly MalformedItem[]): RejectedPart {
  const original = from.event as CloudEvent<RecordBatchEventData>;
  const { wdpbatch: _batch, wdpbatchsize: _size, ...envelope } = original;
  const indexes = new Set(bad.map((b) => b.index));
  const event: CloudEvent<RecordBatchEventData> = {
    ...envelope,
    id: derivedId(`${original.id}:rejected`),
    data: { ...original.data, items: original.data.items.filter((_, i) => indexes.has(i)) },
  };
  return { from, event, error: bad.map((b) => b.reason).join('; ') };
}
