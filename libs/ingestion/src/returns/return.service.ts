import { randomUUID } from 'node:crypto';
import { ProblemException } from '@wdp/platform';
import type { DataSource } from 'typeorm';
import type { DepartmentContext } from '../department-context';
import { enqueueRequestEvents, returnMessage } from '../events';
import type { ListQueryDto } from '../http/list-query.dto';
import { fingerprintIfKeyed, requestFingerprint } from '../idempotency/canonical-json';
import { assertIdempotencyKey, IdempotentWriter, type WriteResponse } from '../idempotency/idempotent-writer';
import { DEFAULT_PAGE_SIZE, encodeCursor } from '../persistence/pagination';
import type { RuleContext } from '../records/record-batch';
import { audit } from '../records/record.repository';
import { areasWithin, isUuid, listFilter, periodStartOf, type WriteOptions } from '../records/record.service';
import { assertReasonableNesting, findResidentIdNumbers } from '../validation/identifier-scan';
import type { ReturnKindSpec } from './return-kind';
import { prepareReturn, type PreparedReturn } from './return-validation';
import { ReturnRepository, type ReturnRow } from './return.repository';

export type ReturnView = Record<string, unknown> & { id: string; kind: string; revision: number; status: string };

/**
 * Statistical returns. The natural key is (kind, area, period). Resubmitting the same figures is a no-op;
 * different figures for an existing return are a 409 pointing at PUT /v1/returns/{kind}/{id}, the same rule
 * as records: a correction is always explicit, so an accidental double submission never overwrites data.
 */
export class ReturnService {
  private readonly repo = new ReturnRepository();
  private readonly writer: IdempotentWriter;

  constructor(private readonly dataSource: DataSource, private readonly ctx: DepartmentContext) {
    this.writer = new IdempotentWriter(dataSource);
  }

  private rules(): RuleContext {
    return { department: this.ctx.department, hasArea: (c) => this.ctx.areas.has(c), now: this.ctx.now() };
  }

  private validate(spec: ReturnKindSpec, body: unknown): PreparedReturn {
    const { prepared, errors } = prepareReturn(spec, body, this.rules());
    if (errors.length || !prepared) throw ProblemException.validation(errors);
    return prepared;
  }

  async submit(spec: ReturnKindSpec, body: unknown, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    assertIdempotencyKey(opts.idempotencyKey);
    assertReasonableNesting(body);
    const idem = { apiKeyId: opts.principal.id, key: dryRun ? undefined : opts.idempotencyKey, requestHash: fingerprintIfKeyed(opts.idempotencyKey, 'POST', opts.route, body) };
    const replay = await this.writer.replay(idem);
    if (replay) return replay;
    const p = this.validate(spec, body);
    const { area, period } = p.facts;

    const existingOutcome = (row: ReturnRow | undefined): WriteResponse | undefined => {
      if (!row) return undefined;
      if (row.status === 'active' && row.contentHash === p.hash) return { status: 200, body: { ...toView(row), outcome: 'unchanged' } };
      throw ProblemException.conflict(
        row.status === 'withdrawn'
          ? `The ${spec.kind} return for ${area} ${period} was withdrawn as ${row.id}; reinstate it with PUT /v1/returns/${spec.kind}/${row.id}.`
          : `A ${spec.kind} return for ${area} ${period} already exists as ${row.id} with different figures; revise it with PUT /v1/returns/${spec.kind}/${row.id}.`,
        { errors: [{ field: 'period', reason: `a return for this area and period already exists (${row.id})` }], conflicts: [{ id: row.id, status: row.status }] },
      );
    };

    if (dryRun) {
      const done = existingOutcome(await this.repo.findByNaturalKey(this.dataSource, spec.kind, area, period));
      return done ? { status: 200, body: { ...(done.body as object), dryRun: true } } : { status: 200, body: { dryRun: true, outcome: 'would-create', kind: spec.kind, ...p.payload } };
    }

    return this.writer.write(idem, async (manager) => {
      const done = existingOutcome(await this.repo.findByNaturalKey(manager, spec.kind, area, period, true));
      if (done) return done;
      const id = randomUUID();
      const row = await this.repo.insert(manager, {
        id, kind: spec.kind, area, period, periodStart: periodStartOf(period), contentHash: p.hash, facts: p.facts, payload: p.payload, apiKeyId: opts.principal.id,
      });
      if (!row) throw ProblemException.conflict('Another request stored this return at the same moment; retry to see its state. Nothing was written.');
      await enqueueRequestEvents(manager, [
        returnMessage(this.ctx.department, this.ctx.topic, this.ctx.source, { returnId: id, kind: spec.kind, revision: 1, operation: 'submitted', current: p.facts, previous: null }),
      ]);
      await audit(manager, opts.principal.id, 'return.submitted', `returns/${spec.kind}`, id, { area, period });
      return { status: 201, body: { ...toView(row), outcome: 'created' } };
    });
  }

  async revise(spec: ReturnKindSpec, id: string, body: unknown, opts: WriteOptions): Promise<WriteResponse> {
    assertIdempotencyKey(opts.idempotencyKey);
    if (!isUuid(id)) throw this.notFound(spec.kind, id);
    assertReasonableNesting(body);
    const idem = { apiKeyId: opts.principal.id, key: opts.idempotencyKey, requestHash: fingerprintIfKeyed(opts.idempotencyKey, 'PUT', `${opts.route}#${id}`, body) };
    const replay = await this.writer.replay(idem);
    if (replay) return replay;
    const p = this.validate(spec, body);
    return this.writer.write(idem, async (manager) => {
      const row = await this.repo.lock(manager, spec.kind, id);
      if (!row) throw this.notFound(spec.kind, id);
      if (row.area !== p.facts.area || row.period !== p.facts.period) {
        throw ProblemException.validation([{ field: row.area !== p.facts.area ? 'area' : 'period', reason: `cannot change in a revision: area and period identify the return (${row.area} ${row.period})` }]);
      }
      if (row.status === 'active' && row.contentHash === p.hash) return { status: 200, body: { ...toView(row), outcome: 'unchanged' } };
      const revision = row.revision + 1;
      const updated = await this.repo.revise(manager, id, revision, p.hash, p.facts, p.payload, opts.principal.id);
      await enqueueRequestEvents(manager, [
        returnMessage(this.ctx.department, this.ctx.topic, this.ctx.source, {
          returnId: id, kind: spec.kind, revision, operation: 'revised', current: p.facts, previous: row.status === 'active' ? row.facts : null,
        }),
      ]);
      await audit(manager, opts.principal.id, 'return.revised', `returns/${spec.kind}`, id, { revision });
      return { status: 200, body: { ...toView(updated), outcome: 'revised' } };
    });
  }

  async withdraw(spec: ReturnKindSpec, id: string, reason: string, opts: WriteOptions): Promise<WriteResponse> {
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
      if (row.status === 'withdrawn') return { status: 200, body: { ...toView(row), outcome: 'unchanged' } };
      const revision = row.revision + 1;
      const updated = await this.repo.withdraw(manager, id, revision, reason, opts.principal.id);
      await enqueueRequestEvents(manager, [
        returnMessage(this.ctx.department, this.ctx.topic, this.ctx.source, { returnId: id, kind: spec.kind, revision, operation: 'withdrawn', current: null, previous: row.facts }),
      ]);
      await audit(manager, opts.principal.id, 'return.withdrawn', `returns/${spec.kind}`, id, { revision, reason });
      return { status: 200, body: { ...toView(updated), outcome: 'withdrawn' } };
    });
  }

  async get(spec: ReturnKindSpec, id: string): Promise<ReturnView> {
    if (!isUuid(id)) throw this.notFound(spec.kind, id);
    const row = await this.repo.find(this.dataSource, spec.kind, id);
    if (!row) throw this.notFound(spec.kind, id);
    return toView(row);
  }

  async list(spec: ReturnKindSpec, query: ListQueryDto): Promise<{ items: ReturnView[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const filter = listFilter(query, (code) => areasWithin(this.ctx, code));
    const rows = await this.repo.list(this.dataSource, { kind: spec.kind, limit: limit + 1, ...filter });
    const page = rows.slice(0, limit);
    return { items: page.map(toView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].seq) : null };
  }

  private notFound(kind: string, id: string): ProblemException {
    return ProblemException.notFound(`No ${kind} return with id ${id}.`);
  }
}

export function toView(row: ReturnRow): ReturnView {
  return {
    id: row.id,
    kind: row.kind,
    revision: row.revision,
    status: row.status,
    ...(row.withdrawnReason ? { withdrawnReason: row.withdrawnReason } : {}),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    ...row.payload,
    unit: row.facts.unit,
  };
}
