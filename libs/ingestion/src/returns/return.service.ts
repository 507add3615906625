import { newId, type ReturnFacts } from '@wdp/contracts';
import type { OutboxMessage } from '@wdp/messaging';
import { problem, ProblemException, type FieldError } from '@wdp/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { enqueueRequestEvents, returnMessage } from '../events';
import type { WriteResponse } from '../idempotency/idempotent-writer';
import { periodStartOf } from '../stored/list-filter';
import { audit, auditMany } from '../stored/stored-item.repository';
import { StoredItemService, storedView, type StoredView, type WriteOptions, type WriteOutcome } from '../stored/stored-item.service';
import { assertReasonableNesting } from '../validation/identifier-scan';
import {
  classifyReturns, atReturn, MAX_BATCH_RETURNS, repeatedReturns, type ClassifiedReturns, type PreparedBatchReturn, type ReturnBatchItem,
} from './return-batch';
import type { ReturnCheck } from './return-check';
import type { ReturnKindSpec } from './return-kind';
import { prepareReturn, type PreparedReturn } from './return-validation';
import { ReturnRepository, type ReturnRow } from './return.repository';

export type ReturnView = StoredView;

/** What a batch of returns did (or, in a dry run, would do), return by return in the batch's order. */
export interface ReturnBatchResult {
  dryRun: boolean;
  /** Returns in the batch. */
  received: number;
  /** Returns created (in a dry run: that would be). */
  created: number;
  /** Returns already stored with the same figures. */
  unchanged: number;
  /** Each return at its `index` in the batch: its view and outcome (a dry run's new return: its body, outcome would-create), and its warnings. */
  items: (Record<string, unknown> & { index: number; outcome: WriteOutcome | 'would-create' })[];
}

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

  private async warningsOf(manager: EntityManager, facts: ReturnFacts, alongside: readonly ReturnFacts[] = []): Promise<{ warnings?: readonly object[] }> {
    const warnings = (await this.check?.check(manager, this.ctx.department, facts, alongside)) ?? [];
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

  /**
   * Several returns in one request, all or nothing. Each passes exactly the rules of submit (validation, the
   * natural-key rule, the approval lock, the return check) and every problem of every return is reported at once;
   * the new returns are written in one transaction with their events and audit entries, under one
   * Idempotency-Key for the whole batch. Errors name their path in the batch: `returns[2].figures[0].value`.
   */
  async submitMany(items: readonly ReturnBatchItem[], dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    const input = items.map(({ spec, body }) => ({ kind: spec.kind, return: body }));
    const { idem, replay } = await this.startSubmission(input, dryRun, opts);
    if (replay) return replay;
    if (items.length > MAX_BATCH_RETURNS) {
      throw new ProblemException(problem(413, `A batch holds at most ${MAX_BATCH_RETURNS} returns; this one has ${items.length}. Split it.`));
    }
    const { prepared, errors } = this.prepareMany(items);
    if (errors.length) throw ProblemException.validation(errors);

    const resolve = async (db: DataSource | EntityManager, lock: boolean): Promise<ClassifiedReturns> => {
      const keys = prepared.map((p) => ({ kind: p.kind, area: p.facts.area, period: p.facts.period }));
      const classified = classifyReturns(prepared, await this.repo.findByNaturalKeys(db, keys, lock));
      if (classified.conflicts.length) throw batchConflict(classified.conflicts);
      return classified;
    };
    const unchangedItems = (c: ClassifiedReturns) => c.unchanged.map(({ prepared: p, existing }) => ({ index: p.index, ...this.view(existing), outcome: 'unchanged' as const }));

    if (dryRun) {
      const c = await resolve(this.dataSource, false);
      const warnings = await this.checkMany(this.dataSource.manager, c.toCreate);
      const wouldCreate = c.toCreate.map((p, i) => ({ index: p.index, outcome: 'would-create' as const, kind: p.kind, ...p.payload, ...warnings[i] }));
      return { status: 200, body: batchResult(true, items.length, [...wouldCreate, ...unchangedItems(c)]) };
    }

    return this.writer.write(idem, async (manager) => {
      const c = await resolve(manager, true);
      const approval = await this.guardMany(manager, c.toCreate, opts);
      const warnings = await this.checkMany(manager, c.toCreate);
      const created = c.toCreate.map((p) => ({ p, id: newId() }));
      const rows = new Map((await this.repo.insertMany(manager, created.map(({ p, id }) => ({
        id, kind: p.kind, area: p.facts.area, period: p.facts.period, periodStart: periodStartOf(p.facts.period), contentHash: p.hash, facts: p.facts, payload: p.payload, apiKeyId: opts.principal.id,
      })))).map((r) => [r.id, r]));
      if (rows.size !== created.length) throw ProblemException.conflict('Another request stored some of these returns at the same moment; retry to see their state. Nothing was written.');
      await enqueueRequestEvents(manager, [
        ...created.map(({ p, id }) => returnMessage(this.ctx.department, this.ctx.topic, this.ctx.source, { returnId: id, kind: p.kind, revision: 1, operation: 'submitted', current: p.facts, previous: null })),
        ...approval,
      ]);
      await auditMany(manager, opts.principal.id, 'return.submitted', created.map(({ p, id }) => ({ resource: `returns/${p.kind}`, resourceId: id, detail: { area: p.facts.area, period: p.facts.period } })));
      const createdItems = created.map(({ p, id }, i) => ({ index: p.index, ...this.view(rows.get(id) as ReturnRow), outcome: 'created' as const, ...warnings[i] }));
      return { status: created.length ? 201 : 200, body: batchResult(false, items.length, [...createdItems, ...unchangedItems(c)]) };
    });
  }

  /** Every validation problem of a batch (as submitMany reports them), without touching the database. */
  validateMany(items: readonly ReturnBatchItem[]): FieldError[] {
    return this.prepareMany(items).errors;
  }

  private prepareMany(items: readonly ReturnBatchItem[]): { prepared: PreparedBatchReturn[]; errors: FieldError[] } {
    const prepared: PreparedBatchReturn[] = [];
    const errors: FieldError[] = [];
    const rules = this.rules();
    items.forEach(({ spec, body }, index) => {
      const one = prepareReturn(spec, body, rules);
      errors.push(...atReturn(index, one.errors));
      if (one.prepared) prepared.push({ ...one.prepared, index, kind: spec.kind });
    });
    return { prepared, errors: [...errors, ...repeatedReturns(prepared)] };
  }

  /** The approval lock of every new return at once; a locked cell is named at the return it would have written. */
  private async guardMany(manager: EntityManager, toCreate: readonly PreparedBatchReturn[], opts: WriteOptions): Promise<OutboxMessage[]> {
    try {
      return await this.approvals.guardWrites(manager, toCreate.map((p) => this.approvals.returnCell(p.kind, p.facts.area, p.facts.period)), opts.principal.id);
    } catch (err) {
      const locked = err instanceof ProblemException ? (err.problem as { locked?: { kind: string; area: string; period: string }[] }).locked : undefined;
      if (!locked) throw err;
      const errors = toCreate.flatMap((p) => {
        const cell = locked.find((c) => c.kind === p.kind && c.area === p.facts.area && c.period === p.facts.period);
        return cell ? [{ field: `returns[${p.index}].period`, reason: `${cell.period} in ${cell.area} (${p.kind}) is approved and locked` }] : [];
      });
      throw new ProblemException({ ...(err as ProblemException).problem, errors }, (err as ProblemException).headers);
    }
  }

  /**
   * The return check of each new return, all of them before anything is written: every return's rule violations
   * of error severity are refused together (422), and the others' warnings come back return by return.
   */
  private async checkMany(manager: EntityManager, toCreate: readonly PreparedBatchReturn[]): Promise<{ warnings?: readonly object[] }[]> {
    const warnings: { warnings?: readonly object[] }[] = [];
    const errors: FieldError[] = [];
    const violations: unknown[] = [];
    for (const p of toCreate) {
      try {
        warnings.push(await this.warningsOf(manager, p.facts, toCreate.filter((o) => o !== p).map((o) => o.facts)));
      } catch (err) {
        const refused = err instanceof ProblemException && err.problem.status === 422 && Array.isArray(err.problem.errors) ? err.problem : undefined;
        if (!refused) throw err;
        errors.push(...atReturn(p.index, refused.errors as FieldError[]));
        violations.push(...(((refused as { violations?: unknown[] }).violations) ?? []));
        warnings.push({});
      }
    }
    if (errors.length) {
      throw new ProblemException(problem(422, 'Returns of the batch break validation rules of error severity; nothing was written.', { errors, ...(violations.length ? { violations } : {}) }));
    }
    return warnings;
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

function batchResult(dryRun: boolean, received: number, items: ReturnBatchResult['items']): ReturnBatchResult {
  return {
    dryRun,
    received,
    created: items.filter((i) => i.outcome !== 'unchanged').length,
    unchanged: items.filter((i) => i.outcome === 'unchanged').length,
    items: [...items].sort((a, b) => a.index - b.index),
  };
}

function batchConflict(conflicts: ClassifiedReturns['conflicts']): ProblemException {
  const errors = conflicts.map(({ prepared: p, existing }) => ({
    field: `returns[${p.index}].period`,
    reason:
      existing.status === 'withdrawn'
        ? `the ${p.kind} return for ${existing.area} ${existing.period} was withdrawn as ${existing.id}; reinstate it with PUT /v1/returns/${p.kind}/${existing.id}`
        : `a ${p.kind} return for ${existing.area} ${existing.period} already exists as ${existing.id} with different figures; revise it with PUT /v1/returns/${p.kind}/${existing.id}`,
  }));
  return ProblemException.conflict(
    `${conflicts.length === 1 ? 'A return' : `${conflicts.length} returns`} of the batch already exist with different figures or were withdrawn. Nothing was written. Revise a stored return with PUT /v1/returns/{kind}/{id}.`,
    { errors, conflicts: conflicts.map(({ prepared: p, existing }) => ({ index: p.index, id: existing.id, status: existing.status })) },
  );
}
