import { newId } from '@wdp/contracts';
import { FieldError, problem, ProblemException } from '@wdp/platform';
import type { OutboxMessage } from '@wdp/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { enqueueRequestEvents, recordMessages } from '../events';
import type { RecordListQueryDto } from '../http/list-query.dto';
import type { WriteResponse } from '../idempotency/idempotent-writer';
import { periodStartOf } from '../stored/list-filter';
import { audit } from '../stored/stored-item.repository';
import { StoredItemService, storedView, type StoredView, type WriteOptions } from '../stored/stored-item.service';
import { assertReasonableNesting, findResidentIdNumbers } from '../validation/identifier-scan';
import { batchShape, MAX_BATCH_ITEMS, prepareRecord, prepareSubmission, type PreparedRecord } from './record-batch';
import type { RecordItemBase } from './record-item.base';
import type { RecordKindSpec } from './record-kind';
import { classifyAgainstExisting } from './record-outcome';
import { RecordRepository, type RecordRow } from './record.repository';
import type { SubmissionItemResultDto, SubmissionResultDto } from './record.dto';

/**
 * Submits, revises, withdraws and reads records of any kind; the kind's spec supplies the specifics. A record
 * answers with its view alone (a batch's result says what each item did).
 */
export class RecordService extends StoredItemService<RecordKindSpec, RecordRow> {
  protected readonly repo = new RecordRepository();
  protected readonly noun = 'record';

  protected view(row: RecordRow): StoredView {
    return storedView(row);
  }

  protected cellOf(row: RecordRow) {
    return this.approvals.recordCell(row.fact);
  }

  protected withdrawnMessage(kind: string, row: RecordRow, revision: number): OutboxMessage {
    const [message] = recordMessages(this.ctx, [{ recordId: row.id, kind, revision, operation: 'withdrawn', current: null, previous: row.fact }]);
    return message;
  }

  protected override listFilterOf(query: RecordListQueryDto) {
    return { naturalKey: query.reference };
  }

  async submit<T extends RecordItemBase>(spec: RecordKindSpec<T>, body: unknown, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    const { idem, replay } = await this.startSubmission(body, dryRun, opts);
    if (replay) return replay;

    const shape = batchShape(body);
    if (shape.kind === 'batch' && shape.items.length > MAX_BATCH_ITEMS) {
      throw new ProblemException(problem(413, `A batch holds at most ${MAX_BATCH_ITEMS} items; this one has ${shape.items.length}. Split it.`));
    }
    const prepared = prepareSubmission(spec, body, this.rules());
    if (prepared.errors.length) throw ProblemException.validation(prepared.errors);
    const fieldOf = (r: PreparedRecord) => (prepared.single ? 'reference' : `items[${r.row}].reference`);

    const resolve = async (db: DataSource | EntityManager) => {
      const existing = await this.repo.findByNaturalKeys(db, spec.kind, prepared.records.map((r) => r.naturalKey));
      const classified = classifyAgainstExisting(prepared.records, existing);
      if (classified.conflicts.length) throw this.conflict(spec.kind, classified.conflicts.map(({ record, existing: e }) => ({ field: fieldOf(record), row: prepared.single ? undefined : record.row, existing: e })));
      return classified;
    };

    if (dryRun) {
      const c = await resolve(this.dataSource);
      const results: SubmissionItemResultDto[] = [
        ...c.toCreate.map((r) => ({ row: r.row, reference: r.naturalKey, status: 'would-create' as const })),
        ...c.unchanged.map(({ record, existing }) => ({ row: record.row, id: existing.id, reference: record.naturalKey, revision: existing.revision, status: 'unchanged' as const })),
      ];
      return { status: 200, body: this.result(true, prepared.received, results) };
    }

    return this.writer.write(idem, async (manager) => {
      const c = await resolve(manager);
      const approval = await this.approvals.guardWrites(manager, c.toCreate.map((r) => this.approvals.recordCell(r.fact)), opts.principal.id);
      const now = new Date();
      const created = c.toCreate.map((r) => ({ record: r, id: newId() }));
      const inserted = await this.repo.insertMany(
        manager,
        created.map(({ record, id }) => ({
          id, kind: spec.kind, naturalKey: record.naturalKey, contentHash: record.hash, area: record.fact.area, period: record.fact.period,
          periodStart: periodStartOf(record.fact.period), fact: record.fact, payload: record.payload, subjectRef: record.subjectRef, apiKeyId: opts.principal.id,
        })),
      );
      if (inserted.size !== created.length) {
        throw ProblemException.conflict('Another request stored some of these references at the same moment; retry to see their state. Nothing was written.');
      }
      await enqueueRequestEvents(manager, [
        ...recordMessages(this.ctx, created.map(({ record, id }) => ({ recordId: id, kind: spec.kind, revision: 1, operation: 'recorded', current: record.fact, previous: null }))),
        ...approval,
      ]);
      await audit(manager, opts.principal.id, 'records.submitted', `records/${spec.kind}`, null, {
        received: prepared.received, created: created.length, unchanged: c.unchanged.length, at: now.toISOString(),
      });
      const results: SubmissionItemResultDto[] = [
        ...created.map(({ record, id }) => ({ row: record.row, id, reference: record.naturalKey, revision: 1, status: 'created' as const })),
        ...c.unchanged.map(({ record, existing }) => ({ row: record.row, id: existing.id, reference: record.naturalKey, revision: existing.revision, status: 'unchanged' as const })),
      ];
      return { status: created.length ? 201 : 200, body: this.result(false, prepared.received, results) };
    });
  }

  /** PUT: the whole corrected record replaces the current one. */
  async revise<T extends RecordItemBase>(spec: RecordKindSpec<T>, id: string, body: unknown, opts: WriteOptions): Promise<WriteResponse> {
    return this.change(spec, id, body, 'PUT', () => body, opts);
  }

  /** PATCH: a JSON merge patch (RFC 7396) applied to the record as stored, then validated like a PUT. */
  async patch<T extends RecordItemBase>(spec: RecordKindSpec<T>, id: string, patch: unknown, opts: WriteOptions): Promise<WriteResponse> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw ProblemException.validation([{ field: '(body)', reason: 'must be a JSON object (a merge patch of the record)' }]);
    }
    return this.change(spec, id, patch, 'PATCH', (current) => mergePatch(current, patch), opts);
  }

  private async change<T extends RecordItemBase>(
    spec: RecordKindSpec<T>, id: string, input: unknown, method: 'PUT' | 'PATCH', build: (current: Record<string, unknown>) => unknown, opts: WriteOptions,
  ): Promise<WriteResponse> {
    return this.changeItem(spec as RecordKindSpec, id, opts, {
      method,
      input,
      screen: () => {
        assertReasonableNesting(input);
        const idErrors = findResidentIdNumbers(input);
        if (idErrors.length) throw ProblemException.validation(idErrors);
        if (input !== null && typeof input === 'object' && 'items' in input) {
          throw ProblemException.validation([{ field: 'items', reason: 'a revision changes one record; send the record itself, not a batch' }]);
        }
      },
      apply: async (manager, row) => {
        const { record, errors } = prepareRecord(spec, build(row.payload), undefined, this.rules());
        if (errors.length || !record) throw ProblemException.validation(errors);
        if (row.naturalKey !== record.naturalKey) {
          throw ProblemException.validation([{ field: 'reference', reason: `cannot change in a revision: it is the natural key (${row.naturalKey})` }]);
        }
        if (row.status === 'active' && row.contentHash === record.hash) return { status: 200, body: storedView(row) };
        // A revision may move the record to another period: both the cell it leaves and the one it enters must be open.
        const approval = await this.approvals.guardWrites(manager, [...(row.status === 'active' ? [this.cellOf(row)] : []), this.approvals.recordCell(record.fact)], opts.principal.id);
        const revision = row.revision + 1;
        const updated = await this.repo.update(manager, id, {
          revision, status: 'active', contentHash: record.hash, area: record.fact.area, period: record.fact.period,
          periodStart: periodStartOf(record.fact.period), fact: record.fact, payload: record.payload, subjectRef: record.subjectRef,
          withdrawnReason: null, apiKeyId: opts.principal.id,
        });
        await enqueueRequestEvents(manager, [
          ...recordMessages(this.ctx, [{
            recordId: id, kind: spec.kind, revision, operation: 'revised', current: record.fact,
            // A withdrawn record counts for nothing, so reinstating it subtracts nothing.
            previous: row.status === 'active' ? row.fact : null,
          }]),
          ...approval,
        ]);
        await audit(manager, opts.principal.id, row.status === 'active' ? 'record.revised' : 'record.reinstated', `records/${spec.kind}`, id, { revision, method });
        return { status: 200, body: storedView(updated) };
      },
    });
  }

  private result(dryRun: boolean, received: number, results: SubmissionItemResultDto[]): SubmissionResultDto {
    const items = [...results].sort((a, b) => a.row - b.row);
    return {
      dryRun,
      received,
      created: results.filter((r) => r.status !== 'unchanged').length,
      unchanged: results.filter((r) => r.status === 'unchanged').length,
      items,
    };
  }

  private conflict(kind: string, conflicts: { field: string; row?: number; existing: RecordRow }[]): ProblemException {
    const errors: FieldError[] = conflicts.map(({ field, row, existing }) => ({
      field,
      ...(row === undefined ? {} : { row }),
      reason:
        existing.status === 'withdrawn'
          ? `was withdrawn as ${existing.id}; reinstate it with PUT /v1/records/${kind}/${existing.id}`
          : `already exists as ${existing.id} with different content; revise it with PUT /v1/records/${kind}/${existing.id}`,
    }));
    return ProblemException.conflict(
      'Some references already exist with different content. Nothing was written. Revise existing records with PUT /v1/records/{kind}/{id}.',
      { errors, conflicts: conflicts.map((c) => ({ ...(c.row === undefined ? {} : { row: c.row }), id: c.existing.id, status: c.existing.status })) },
    );
  }
}

/** RFC 7396 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}
