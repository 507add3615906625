import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { IndicatorDefinition } from '@wdp/indicators';
import { canonicalJson, findResidentIdNumbers } from '@wdp/ingestion';
import { type PlanDocument, validatePlan } from '@wdp/plans';
import { ProblemException } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentService, type RecomputeSummary } from '../assessment/assessment.service';
import { TargetChangeService } from '../assessment/target-change.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import type { FieldChange } from '../indicator-store/seed-plan';
import type { TargetValues } from '../indicator-store/stored-indicator';
import { MONITORED_PLAN_ID, monitoredPlanChanges, withTargetsInForce } from './monitored-plan';
import { type PlanFieldChange, planChanges } from './plan-changes';
import { type PlanOrigin, PlanRegistryRepository, type PlanSummary, type PlanVersionInfo } from './plan-registry.repository';
import { invalidPlan } from './plan-problem';
import { seedFiles } from './seed-files';

/** What importing a version did. */
export interface PlanImportResult {
  plan: PlanSummary;
  version: PlanVersionInfo;
  /** What this version changed against the one before (the audit trail's rows). */
  changes: PlanFieldChange[];
  /** For the monitored plan: the targets in force it changed and the re-assessment that followed; null otherwise. */
  targetsInForce: { changes: { code: string; changes: FieldChange[] }[]; recompute: RecomputeSummary | null } | null;
}

export interface ImportRequest {
  /** Who: the API key's actor, or the seed. */
  importedBy: string;
  reason: string | null;
  /** For a new version (`POST /v1/admin/plans/{id}/versions`): the plan it must be a version of. */
  planId?: string;
}

const SEED_LOCK = 'wdp.monitoring.plan-seed';
const SEED_ACTOR = 'plan-seed';

/** SHA-256 of the document's canonical JSON: equal documents hash equal, whatever their key order or format. */
export const contentHash = (doc: PlanDocument) => createHash('sha256').update(canonicalJson(doc)).digest('hex');

/**
 * Every write to the plan registry: imports and new versions (validated against the stored catalogue, each in one
 * transaction that writes everything or nothing), the seed at start, and the bridge that keeps the monitored
 * plan's versions and the targets in force (the `indicator` table, the one source of truth the engine reads) equal
 * whichever side changes: a version of the monitored plan applies its target changes through the target-change
 * path (audited, re-assessed), and an admin's target edit becomes a new version.
 */
@Injectable()
export class PlanImportService implements OnModuleInit {
  private readonly logger = new Logger(PlanImportService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: PlanRegistryRepository,
    private readonly catalogue: IndicatorStoreService,
    private readonly targets: TargetChangeService,
    private readonly assessment: AssessmentService,
  ) {}

  async onModuleInit(): Promise<void> {
    const seeded = await this.seed();
    if (seeded.length) this.logger.log(`plans seeded: ${seeded.map((v) => `${v.planId} v${v.version}`).join(', ')}`);
  }

  /** Validates and stores a plan's first version, or a new version of an existing plan; nothing is written on any problem. */
  async import(raw: unknown, request: ImportRequest): Promise<PlanImportResult> {
    await this.catalogue.refresh(this.dataSource.manager);
    // The global screen (ResidentIdScreenPipe) passes untyped bodies by: a plan's text is scanned here, the reason as a typed query there.
    const identifiers = findResidentIdNumbers(raw);
    const problems = validatePlan(raw, this.catalogue.list());
    if (identifiers.length || problems.length) throw invalidPlan(problems, identifiers);
    const doc = raw as PlanDocument;
    if (request.planId !== undefined && doc.id !== request.planId) {
      throw invalidPlan([{ path: 'id', reason: `is ${doc.id}, but this is a new version of ${request.planId}` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const monitored = doc.id === MONITORED_PLAN_ID;
      // The target-change path takes the assessment lock first; so does this, so the two never wait on each other in turn.
      if (monitored) await this.assessment.lock(manager);
      await this.repo.lockPlan(manager, doc.id);
      const current = await this.repo.summary(manager, doc.id);
      if (!current && request.planId !== undefined) throw ProblemException.notFound(`There is no plan ${request.planId}; create it with POST /v1/admin/plans.`);
      if (current && request.planId === undefined) {
        throw ProblemException.conflict(`Plan ${doc.id} exists (latest version ${current.version}); post version ${current.version + 1} to /v1/admin/plans/${doc.id}/versions.`);
      }
      const expected = (current?.version ?? 0) + 1;
      if (doc.version !== expected) {
        throw ProblemException.conflict(`Version ${doc.version} of ${doc.id} cannot be stored: versions are immutable and the next one is ${expected}.`, { expectedVersion: expected });
      }
      const previous = current ? await this.repo.document(manager, doc.id, current.version) : undefined;
      if (previous?.status === 'adopted' && doc.status === 'draft') throw invalidPlan([{ path: 'status', reason: `${doc.id} is adopted; a later version cannot make it a draft again` }]);
      let targetsInForce: PlanImportResult['targetsInForce'] = null;
      if (monitored && previous) {
        const { problems: unfit, patches } = monitoredPlanChanges(previous, doc, this.definitions());
        if (unfit.length) throw invalidPlan(unfit);
        targetsInForce = await this.targets.applyWithin(manager, patches, request.importedBy, request.reason ?? `version ${doc.version} of ${doc.id}`);
      }
      const written = await this.write(manager, previous, doc, { importedBy: request.importedBy, origin: 'api', reason: request.reason });
      return { ...written, targetsInForce };
    });
  }

  /**
   * An administrator's change of an indicator's target (PATCH /v1/indicators/{code}): applied to the targets in
   * force as before (audited, re-assessed), and recorded as a new version of the monitored plan in the same transaction.
   */
  async changeIndicatorTargets(code: string, patch: Partial<TargetValues>, changedBy: string, reason: string | null) {
    return this.dataSource.transaction(async (manager) => {
      const { changes, recompute } = await this.targets.applyWithin(manager, [{ code, patch }], changedBy, reason);
      if (changes.length > 0) await this.recordTargetsInForce(manager, changedBy, 'target-edit', reason);
      return { changes: changes.flatMap((c) => c.changes), recompute };
    });
  }

  /**
   * Stores each document of libs/plans/plans/ that the registry lacks: a plan not stored yet as its first version,
   * a file one version ahead of the stored plan as its next. The monitored plan is stored with the targets in force,
   * and gets a new version whenever they differ from its latest (a catalogue update changed them at start).
   * Idempotent; replicas starting together seed once. Returns the versions written.
   */
  async seed(files = seedFiles()): Promise<PlanVersionInfo[]> {
    await this.catalogue.refresh(this.dataSource.manager);
    const catalogue = this.catalogue.list();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SEED_LOCK]);
      const written: PlanVersionInfo[] = [];
      for (const { file, doc, problems } of files) {
        const all = problems.length ? problems : validatePlan(doc, catalogue);
        if (all.length) {
          this.logger.error(`libs/plans/plans/${file} not seeded: ${all.map((p) => `${p.path || '(document)'}: ${p.reason}`).join('; ')}`);
          continue;
        }
        const plan = doc as PlanDocument;
        const monitored = plan.id === MONITORED_PLAN_ID;
        await this.repo.lockPlan(manager, plan.id);
        const current = await this.repo.summary(manager, plan.id);
        if (!current || (!monitored && plan.version === current.version + 1)) {
          const previous = current ? await this.repo.document(manager, plan.id, current.version) : undefined;
          const stored = monitored ? withTargetsInForce(plan, this.definitions()) : plan;
          written.push((await this.write(manager, previous, stored, { importedBy: SEED_ACTOR, origin: 'seed', reason: `libs/plans/plans/${file}` })).version);
        } else if (monitored) {
          const synced = await this.recordTargetsInForce(manager, 'catalogue-seed', 'catalogue', `the targets in force changed at start (catalogue ${this.catalogue.catalogueVersion()})`);
          if (synced) written.push(synced);
        }
      }
      return written;
    });
  }

  /** A new version of the monitored plan when its latest differs from the targets in force; undefined when they agree. */
  private async recordTargetsInForce(manager: EntityManager, importedBy: string, origin: PlanOrigin, reason: string | null): Promise<PlanVersionInfo | undefined> {
    await this.repo.lockPlan(manager, MONITORED_PLAN_ID);
    const current = await this.repo.summary(manager, MONITORED_PLAN_ID);
    if (!current) return undefined;
    const previous = (await this.repo.document(manager, MONITORED_PLAN_ID, current.version))!;
    const inForce = withTargetsInForce(previous, this.definitions());
    if (canonicalJson(inForce.targets) === canonicalJson(previous.targets)) return undefined;
    return (await this.write(manager, previous, { ...inForce, version: current.version + 1 }, { importedBy, origin, reason })).version;
  }

  private async write(
    manager: EntityManager,
    previous: PlanDocument | undefined,
    doc: PlanDocument,
    meta: { importedBy: string; origin: PlanOrigin; reason: string | null },
  ): Promise<Omit<PlanImportResult, 'targetsInForce'>> {
    const next = { doc, contentHash: contentHash(doc), ...meta };
    await this.repo.upsertPlan(manager, doc, doc.id === MONITORED_PLAN_ID);
    const version = await this.repo.insertVersion(manager, next);
    const changes = planChanges(previous, doc);
    await this.repo.addAudit(manager, next, changes);
    return { plan: (await this.repo.summary(manager, doc.id))!, version, changes };
  }

  private definitions(): Map<string, IndicatorDefinition> {
    return new Map(this.catalogue.list().map((d) => [d.code, d]));
  }
}
