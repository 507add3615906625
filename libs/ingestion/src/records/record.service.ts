import { randomUUID } from 'node:crypto';
import { periodRange } from '@wdp/contracts';
import { FieldError, problem, ProblemException } from '@wdp/platform';
import type { DataSource } from 'typeorm';
import type { ApiKeyPrincipal } from '../auth/api-key.service';
import type { DepartmentContext } from '../department-context';
import { enqueueRequestEvents, recordMessage } from '../events';
import type { ListQueryDto, RecordListQueryDto } from '../http/list-query.dto';
import { fingerprintIfKeyed, requestFingerprint } from '../idempotency/canonical-json';
import { assertIdempotencyKey, IdempotentWriter, type WriteResponse } from '../idempotency/idempotent-writer';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../persistence/pagination';
import { assertReasonableNesting, findResidentIdNumbers } from '../validation/identifier-scan';
import { batchShape, MAX_BATCH_ITEMS, prepareRecord, prepareSubmission, type PreparedRecord, type RuleContext } from './record-batch';
import type { RecordItemBase } from './record-item.base';
import type { RecordKindSpec } from './record-kind';
import { classifyAgainstExisting } from './record-outcome';
import { audit, RecordRepository, type RecordRow } from './record.repository';
import type { SubmissionItemResultDto, SubmissionResultDto } from './record.dto';

export interface WriteOptions {
  principal: ApiKeyPrincipal;
  idempotencyKey?: string;
  /** The route template, part of the Idempotency-Key fingerprint. */
  route: string;
}

export type RecordView = Record<string, unknown> & { id: string; kind: string; revision: number; status: string };

export interface RecordPage {
  items: RecordView[];
  nextCursor: string | null;
}

/** Submits, revises, withdraws and reads records of any kind; the kind's spec supplies the specifics. */
export class RecordService {
  private readonly repo = new RecordRepository();
  private readonly writer: IdempotentWriter;

  constructor(private readonly dataSource: DataSource, private readonly ctx: DepartmentContext) {
    this.writer = new IdempotentWriter(dataSource);
  }

  private rules(): RuleContext {
    return { department: this.ctx.department, hasArea: (c) => this.ctx.areas.has(c), now: this.ctx.now() };
  }

  async submit<T extends RecordItemBase>(spec: RecordKindSpec<T>, body: unknown, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    assertIdempotencyKey(opts.idempotencyKey);
    assertReasonableNesting(body);
    const idem = { apiKeyId: opts.principal.id, key: dryRun ? undefined : opts.idempotencyKey, requestHash: fingerprintIfKeyed(opts.idempotencyKey, 'POST', opts.route, body) };
    const replay = await this.writer.replay(idem);
    if (replay) return replay;

    const shape = batchShape(body);
    if (shape.kind === 'batch' && shape.items.length > MAX_BATCH_ITEMS) {
      throw new ProblemException(problem(413, `A batch holds at most ${MAX_BATCH_ITEMS} items; this one has ${shape.items.length}. Split it.`));
    }
    const prepared = prepareSubmission(spec, body, this.rules());
    if (prepared.errors.length) throw ProblemException.validation(prepared.errors);
    const fieldOf = (r: PreparedRecord) => (prepared.single ? 'reference' : `items[${r.row}].reference`);

    const resolve = async (db: DataSource | import('typeorm').EntityManager) => {
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
      const now = new Date();
      const created = c.toCreate.map((r) => ({ record: r, id: randomUUID() }));
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
      await enqueueRequestEvents(
        manager,
        created.map(({ record, id }) =>
          recordMessage(this.ctx.department, this.ctx.topic, this.ctx.source, {
            recordId: id, kind: spec.kind, revision: 1, operation: 'recorded', current: record.fact, previous: null,
          }),
        ),
      );
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
    assertIdempotencyKey(opts.idempotencyKey);
    if (!isUuid(id)) throw this.notFound(spec.kind, id);
    assertReasonableNesting(input);
    const idErrors = findResidentIdNumbers(input);
    if (idErrors.length) throw ProblemException.validation(idErrors);
    if (input !== null && typeof input === 'object' && 'items' in input) {
      throw ProblemException.validation([{ field: 'items', reason: 'a revision changes one record; send the record itself, not a batch' }]);
    }
    const idem = { apiKeyId: opts.principal.id, key: opts.idempotencyKey, requestHash: fingerprintIfKeyed(opts.idempotencyKey, method, `${opts.route}#${id}`, input) };
    const replay = await this.writer.replay(idem);
    if (replay) return replay;

    return this.writer.write(idem, async (manager) => {
      const row = await this.repo.lock(manager, spec.kind, id);
      if (!row) throw this.notFound(spec.kind, id);
      const { record, errors } = prepareRecord(spec, build(row.payload), undefined, this.rules());
      if (errors.length || !record) throw ProblemException.validation(errors);
      if (row.naturalKey !== record.naturalKey) {
        throw ProblemException.validation([{ field: 'reference', reason: `cannot change in a revision: it is the natural key (${row.naturalKey})` }]);
      }
      if (row.status === 'active' && row.contentHash === record.hash) return { status: 200, body: toView(row) };
      const revision = row.revision + 1;
      const updated = await this.repo.update(manager, id, {
        revision, status: 'active', contentHash: record.hash, area: record.fact.area, period: record.fact.period,
        periodStart: periodStartOf(record.fact.period), fact: record.fact, payload: record.payload, subjectRef: record.subjectRef,
        withdrawnReason: null, apiKeyId: opts.principal.id,
      });
      await enqueueRequestEvents(manager, [
        recordMessage(this.ctx.department, this.ctx.topic, this.ctx.source, {
          recordId: id, kind: spec.kind, revision, operation: 'revised', current: record.fact,
          // A withdrawn record counts for nothing, so reinstating it subtracts nothing.
          previous: row.status === 'active' ? row.fact : null,
        }),
      ]);
      await audit(manager, opts.principal.id, row.status === 'active' ? 'record.revised' : 'record.reinstated', `records/${spec.kind}`, id, { revision, method });
      return { status: 200, body: toView(updated) };
    });
  }

  async withdraw(spec: RecordKindSpec, id: string, reason: string, opts: WriteOptions): Promise<WriteResponse> {
    assertIdempotencyKey(opts.idempotencyKey);
    if (!isUuid(id)) throw this.notFound(spec.kind, id);
    const idErrors = findResidentIdNumbers({ reason });
    if (idErrors.length) throw ProblemException.validation(idErrors);
    const idem = { apiKeyId: opts.principal.id, key: opts.idempotencyKey, requestHash: requestFingerprint('DELETE', `${opts.route}#${id}`, { reason }) };
    const replay = await this.writer.replay(idem);
    if (replay) return replay;
    return this.writer.write(idem, async (manager) => {
      const row = await this.repo.lock(manager, spec.kind, id);
      if (!row) throw this.notFound(spec.kind, id);
      if (row.status === 'withdrawn') return { status: 200, body: toView(row) };
      const revision = row.revision + 1;
      const updated = await this.repo.withdraw(manager, id, revision, reason, opts.principal.id);
      await enqueueRequestEvents(manager, [
        recordMessage(this.ctx.department, this.ctx.topic, this.ctx.source, {
          recordId: id, kind: spec.kind, revision, operation: 'withdrawn', current: null, previous: row.fact,
        }),
      ]);
      await audit(manager, opts.principal.id, 'record.withdrawn', `records/${spec.kind}`, id, { revision, reason });
      return { status: 200, body: toView(updated) };
    });
  }

  async get(spec: RecordKindSpec, id: string): Promise<RecordView> {
    if (!isUuid(id)) throw this.notFound(spec.kind, id);
    const row = await this.repo.find(this.dataSource, spec.kind, id);
    if (!row) throw this.notFound(spec.kind, id);
    return toView(row);
  }

  async list(spec: RecordKindSpec, query: RecordListQueryDto): Promise<RecordPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const filter = listFilter(query, (code) => areasWithin(this.ctx, code));
    const rows = await this.repo.list(this.dataSource, { kind: spec.kind, limit: limit + 1, ...filter, naturalKey: query.reference });
    const page = rows.slice(0, limit);
    return { items: page.map(toView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].seq) : null };
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

  private notFound(kind: string, id: string): ProblemException {
    return ProblemException.notFound(`No ${kind} record with id ${id}.`);
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

export function periodStartOf(period: string): string {
  return periodRange(period).start.toISOString().slice(0, 10);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** The area and every area inside it (just the code itself when it is unknown). */
export function areasWithin(ctx: DepartmentContext, code: string): string[] {
  const index = ctx.areas.current;
  if (!index.has(code)) return [code];
  return index.areas.filter((a) => index.isWithin(a.code, code)).map((a) => a.code);
}

/** Filters shared by the record and return lists; throws 422 naming the bad query parameter. */
export function listFilter(query: ListQueryDto, areasWithin: (code: string) => string[]) {
  const errors: FieldError[] = [];
  let afterSeq: string | undefined;
  if (query.cursor !== undefined) {
    afterSeq = decodeCursor(query.cursor);
    if (!afterSeq) errors.push({ field: 'cursor', reason: 'is not a cursor this API returned' });
  }
  const periodStartFrom = query.periodFrom ? periodStartOf(query.periodFrom) : undefined;
  const periodStartTo = query.periodTo ? periodRange(query.periodTo).end.toISOString().slice(0, 10) : undefined;
  if (periodStartFrom && periodStartTo && periodStartFrom > periodStartTo) errors.push({ field: 'periodTo', reason: 'must not be before periodFrom' });
  if (errors.length) throw ProblemException.validation(errors, 'The query has invalid parameters.');
  return { afterSeq, periodStartFrom, periodStartTo, areas: query.area ? areasWithin(query.area) : undefined, status: query.status };
}

export function toView(row: RecordRow): RecordView {
  return {
    id: row.id,
    kind: row.kind,
    revision: row.revision,
    status: row.status,
    ...(row.withdrawnReason ? { withdrawnReason: row.withdrawnReason } : {}),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    ...row.payload,
  };
}
