import { newId, type ReturnFacts } from '@wdp/contracts';
import type { OutboxMessage } from '@wdp/messaging';
import { ProblemException } from '@wdp/platform';
import type { EntityManager } from 'typeorm';
import { enqueueRequestEvents, returnMessage } from '../events';
import type { WriteResponse } from '../idempotency/idempotent-writer';
import { periodStartOf } from '../stored/list-filter';
import { audit } from '../stored/stored-item.repository';
import { StoredItemService, storedView, type StoredView, type WriteOptions, type WriteOutcome } from '../stored/stored-item.service';
import { assertReasonableNesting } from '../validation/identifier-scan';
import type { ReturnCheck } from './return-check';
import type { ReturnKindSpec } from './return-kind';
import { prepareReturn, type PreparedReturn } from './return-validation';
import { ReturnRepository, type ReturnRow } from './return.repository';

export type ReturnView = StoredView;

/**
 * Statistical returns. The natural key is (kind, area, period). Resubmitting the same figures is a no-op;
 * different figures for an existing return are a 409 pointing at PUT /v1/returns/{kind}/{id}, the same rule
 * as records: a correction is always explicit, so an accidental double submission never overwrites data.
 */
export class ReturnService extends StoredItemService<ReturnKindSpec, ReturnRow> {
  protected readonly repo = new ReturnRepository();
  protected readonly noun = 'return';
  private check: ReturnCheck | null = null;

  /** Sets the check every submitted or revised return passes before it is written (see ReturnCheck). */
  checkReturnsWith(check: ReturnCheck): void {
    this.check = check;
  }

  private async warningsOf(manager: EntityManager, facts: ReturnFacts): Promise<{ warnings?: readonly object[] }> {
    const warnings = (await this.check?.check(manager, this.ctx.department, facts)) ?? [];
    return warnings.length ? { warnings } : {};
  }

  /** A return's answer also carries its unit and, after a write, what the write did. */
  protected view(row: ReturnRow, outcome?: WriteOutcome): ReturnView {
    const view = { ...storedView(row), unit: row.facts.unit };
    return outcome ? { ...view, outcome } : view;
  }

  protected cellOf(row: ReturnRow) {
    return this.approvals.returnCell(row.kind, row.area, row.period);
  }

  protected withdrawnMessage(kind: string, row: ReturnRow, revision: number): OutboxMessage {
    return returnMessage(this.ctx.department, this.ctx.topic, this.ctx.source, {
      returnId: row.id, kind, revision, operation: 'withdrawn', current: null, previous: row.facts,
    });
  }

  private validate(spec: ReturnKindSpec, body: unknown): PreparedReturn {
    const { prepared, errors } = prepareReturn(spec, body, this.rules());
    if (errors.length || !prepared) throw ProblemException.validation(errors);
    return prepared;
  }

  async submit(spec: ReturnKindSpec, body: unknown, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    const { idem, replay } = await this.startSubmission(body, dryRun, opts);
    if (replay) return replay;
    const p = this.validate(spec, body);
    const { area, period } = p.facts;

    const existingOutcome = (row: ReturnRow | undefined): WriteResponse | undefined => {
      if (!row) return undefined;
      if (row.status === 'active' && row.contentHash === p.hash) return { status: 200, body: this.view(row, 'unchanged') };
      throw ProblemException.conflict(
        row.status === 'withdrawn'
          ? `The ${spec.kind} return for ${area} ${period} was withdrawn as ${row.id}; reinstate it with PUT /v1/returns/${spec.kind}/${row.id}.`
          : `A ${spec.kind} return for ${area} ${period} already exists as ${row.id} with different figures; revise it with PUT /v1/returns/${spec.kind}/${row.id}.`,
        { errors: [{ field: 'period', reason: `a return for this area and period already exists (${row.id})` }], conflicts: [{ id: row.id, status: row.status }] },
      );
    };

    if (dryRun) {
      const done = existingOutcome(await this.repo.findByNaturalKey(this.dataSource, spec.kind, area, period));
      if (done) return { status: 200, body: { ...(done.body as object), dryRun: true } };
      return { status: 200, body: { dryRun: true, outcome: 'would-create', kind: spec.kind, ...p.payload, ...(await this.warningsOf(this.dataSource.manager, p.facts)) } };
    }

    return this.writer.write(idem, async (manager) => {
      const done = existingOutcome(await this.repo.findByNaturalKey(manager, spec.kind, area, period, true));
      if (done) return done;
      const approval = await this.approvals.guardWrites(manager, [this.approvals.returnCell(spec.kind, area, period)], opts.principal.id);
      const warnings = await this.warningsOf(manager, p.facts);
      const id = newId();
      const row = await this.repo.insert(manager, {
        id, kind: spec.kind, area, period, periodStart: periodStartOf(period), contentHash: p.hash, facts: p.facts, payload: p.payload, apiKeyId: opts.principal.id,
      });
      if (!row) throw ProblemException.conflict('Another request stored this return at the same moment; retry to see its state. Nothing was written.');
      await enqueueRequestEvents(manager, [
        returnMessage(this.ctx.department, this.ctx.topic, this.ctx.source, { returnId: id, kind: spec.kind, revision: 1, operation: 'submitted', current: p.facts, previous: null }),
        ...approval,
      ]);
      await audit(manager, opts.principal.id, 'return.submitted', `returns/${spec.kind}`, id, { area, period });
      return { status: 201, body: { ...this.view(row, 'created'), ...warnings } };
    });
  }

  async revise(spec: ReturnKindSpec, id: string, body: unknown, opts: WriteOptions): Promise<WriteResponse> {
    return this.changeItem(spec, id, opts, {
      method: 'PUT',
      input: body,
      screen: () => assertReasonableNesting(body),
      prepare: () => this.validate(spec, body),
      apply: async (manager, row, p) => {
        if (row.area !== p.facts.area || row.period !== p.facts.period) {
          throw ProblemException.validation([{ field: row.area !== p.facts.area ? 'area' : 'period', reason: `cannot change in a revision: area and period identify the return (${row.area} ${row.period})` }]);
        }
        if (row.status === 'active' && row.contentHash === p.hash) return { status: 200, body: this.view(row, 'unchanged') };
        const approval = await this.approvals.guardWrites(manager, [this.cellOf(row)], opts.principal.id);
        const warnings = await this.warningsOf(manager, p.facts);
        const revision = row.revision + 1;
        const updated = await this.repo.revise(manager, id, revision, p.hash, p.facts, p.payload, opts.principal.id);
        await enqueueRequestEvents(manager, [
          returnMessage(this.ctx.department, this.ctx.topic, this.ctx.source, {
            returnId: id, kind: spec.kind, revision, operation: 'revised', current: p.facts, previous: row.status === 'active' ? row.facts : null,
          }),
          ...approval,
        ]);
        await audit(manager, opts.principal.id, 'return.revised', `returns/${spec.kind}`, id, { revision });
        return { status: 200, body: { ...this.view(updated, 'revised'), ...warnings } };
      },
    });
  }
}
