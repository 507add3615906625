import { ProblemException, seqCursor } from '@wdp/platform';
import type { OutboxMessage } from '@wdp/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import type { ApprovalService } from '../approval/approval.service';
import type { CellKey } from '../approval/approval.repository';
import type { ApiKeyPrincipal } from '../auth/api-key.service';
import { ruleContext, type DepartmentContext } from '../department-context';
import { enqueueRequestEvents } from '../events';
import { DEPARTMENTAL_PAGE, type ListQueryDto } from '../http/list-query.dto';
import { fingerprintIfKeyed } from '../idempotency/canonical-json';
import { assertIdempotencyKey, IdempotentWriter, type IdempotencyContext, type WriteResponse } from '../idempotency/idempotent-writer';
import type { RuleContext } from '../records/record-batch';
import { assertReasonableNesting, findResidentIdNumbers } from '../validation/identifier-scan';
import { areasWithin, listFilter } from './list-filter';
import { audit, type StoredFilter, type StoredItemRepository, type StoredRow } from './stored-item.repository';

export interface WriteOptions {
  principal: ApiKeyPrincipal;
  idempotencyKey?: string;
  /** The route template, part of the Idempotency-Key fingerprint. */
  route: string;
}

export type StoredView = Record<string, unknown> & { id: string; kind: string; revision: number; status: string };

export interface StoredPage {
  items: StoredView[];
  nextCursor: string | null;
}

/** What a write did to one stored item (returns say it in their answer; records do not). */
export type WriteOutcome = 'created' | 'unchanged' | 'revised' | 'withdrawn';

/** The metadata of a stored item, then what was sent: the view of fetches, lists and write answers. */
export function storedView(row: StoredRow): StoredView {
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

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** One change to one stored item, in the order its parts run. */
export interface ItemChange<Row, P> {
  method: 'PUT' | 'PATCH' | 'DELETE';
  /** What the client sent, fingerprinted for the Idempotency-Key. */
  input: unknown;
  /** Checks that need no database; they run before a replay is answered. */
  screen(): void;
  /** Validation that runs once a replay is ruled out, before the transaction. */
  prepare?(): P;
  /** The change itself, in the write's transaction, on the locked row. */
  apply(manager: EntityManager, row: Row, prepared: P): Promise<WriteResponse>;
}

/**
 * What records and returns do alike once stored: fetch, list (keyset-paged), withdraw, and the frame of every
 * change to one item (Idempotency-Key, id check, replay, row lock, 404). The subclasses say what a submission
 * and a revision are, what their view adds and which event a withdrawal emits.
 */
export abstract class StoredItemService<Spec extends { kind: string }, Row extends StoredRow> {
  protected readonly writer: IdempotentWriter;
  protected abstract readonly repo: StoredItemRepository<Row>;
  /** `record` or `return`: in 404 details, audit actions (`record.withdrawn`) and resources (`records/<kind>`). */
  protected abstract readonly noun: 'record' | 'return';

  constructor(protected readonly dataSource: DataSource, protected readonly ctx: DepartmentContext, protected readonly approvals: ApprovalService) {
    this.writer = new IdempotentWriter(dataSource);
  }

  /** The approval cell a stored row counts in (docs/approval.md). */
  protected abstract cellOf(row: Row): CellKey;

  /** The answer's body for a stored row; `outcome` is what the write did, absent on reads. */
  protected abstract view(row: Row, outcome?: WriteOutcome): StoredView;

  /** The withdrawn event of a row that was active, at its new revision. */
  protected abstract withdrawnMessage(kind: string, row: Row, revision: number): OutboxMessage;

  /** Filters only this kind of list has. */
  protected listFilterOf(_query: ListQueryDto): Partial<StoredFilter> {
    return {};
  }

  protected rules(): RuleContext {
    return ruleContext(this.ctx);
  }

  async get(spec: Spec, id: string): Promise<StoredView> {
    if (!isUuid(id)) throw this.notFound(spec.kind, id);
    const row = await this.repo.find(this.dataSource, spec.kind, id);
    if (!row) throw this.notFound(spec.kind, id);
    return this.view(row);
  }

  async list(spec: Spec, query: ListQueryDto): Promise<StoredPage> {
    const limit = query.limit ?? DEPARTMENTAL_PAGE.defaultLimit;
    const filter = listFilter(query, (code) => areasWithin(this.ctx, code));
    const rows = await this.repo.list(this.dataSource, { kind: spec.kind, limit: limit + 1, ...filter, ...this.listFilterOf(query) });
    const page = rows.slice(0, limit);
    return { items: page.map((r) => this.view(r)), nextCursor: rows.length > limit ? seqCursor.encode(page[page.length - 1].seq) : null };
  }

  /** The item stops counting: a withdrawn event carries its previous facts. Withdrawing again is a no-op. */
  async withdraw(spec: Spec, id: string, reason: string, opts: WriteOptions): Promise<WriteResponse> {
    return this.changeItem(spec, id, opts, {
      method: 'DELETE',
      input: { reason },
      screen: () => {
        const idErrors = findResidentIdNumbers({ reason });
        if (idErrors.length) throw ProblemException.validation(idErrors);
      },
      apply: async (manager, row) => {
        if (row.status === 'withdrawn') return { status: 200, body: this.view(row, 'unchanged') };
        const approval = await this.approvals.guardWrites(manager, [this.cellOf(row)], opts.principal.id);
        const revision = row.revision + 1;
        const updated = await this.repo.withdraw(manager, id, revision, reason, opts.principal.id);
        await enqueueRequestEvents(manager, [this.withdrawnMessage(spec.kind, row, revision), ...approval]);
        await audit(manager, opts.principal.id, `${this.noun}.withdrawn`, `${this.noun}s/${spec.kind}`, id, { revision, reason });
        return { status: 200, body: this.view(updated, 'withdrawn') };
      },
    });
  }

  /** The frame of a POST: the Idempotency-Key (ignored by a dry run, which writes nothing) and its replay. */
  protected async startSubmission(body: unknown, dryRun: boolean, opts: WriteOptions): Promise<{ idem: IdempotencyContext; replay?: WriteResponse }> {
    assertIdempotencyKey(opts.idempotencyKey);
    assertReasonableNesting(body);
    const idem = { apiKeyId: opts.principal.id, key: dryRun ? undefined : opts.idempotencyKey, requestHash: fingerprintIfKeyed(opts.idempotencyKey, 'POST', opts.route, body) };
    return { idem, replay: await this.writer.replay(idem) };
  }

  /** Runs one change to the stored item `id` (see ItemChange for the order of its parts). */
  protected async changeItem<P = undefined>(spec: Spec, id: string, opts: WriteOptions, change: ItemChange<Row, P>): Promise<WriteResponse> {
    assertIdempotencyKey(opts.idempotencyKey);
    if (!isUuid(id)) throw this.notFound(spec.kind, id);
    change.screen();
    const idem = {
      apiKeyId: opts.principal.id, key: opts.idempotencyKey, requestHash: fingerprintIfKeyed(opts.idempotencyKey, change.method, `${opts.route}#${id}`, change.input),
    };
    const replay = await this.writer.replay(idem);
    if (replay) return replay;
    const prepared = change.prepare?.() as P;
    return this.writer.write(idem, async (manager) => {
      const row = await this.repo.lock(manager, spec.kind, id);
      if (!row) throw this.notFound(spec.kind, id);
      return change.apply(manager, row, prepared);
    });
  }

  protected notFound(kind: string, id: string): ProblemException {
    return ProblemException.notFound(`No ${kind} ${this.noun} with id ${id}.`);
  }
}
