import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CATALOGUE_VERSION, type IndicatorDefinition, INDICATORS } from '@wdp/indicators';
import { ProblemException } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { buildCatalogueIndex, type CatalogueIndex } from './catalogue-index';
import { IndicatorStoreRepository } from './indicator-store.repository';
import { type FieldChange, planSeed } from './seed-plan';
import { effectiveDefinition, type StoredIndicator, TARGET_FIELDS, type TargetField, type TargetValues } from './stored-indicator';
import { targetPatchProblems } from './target-bounds';

export interface SeedSummary {
  catalogueVersion: string;
  inserted: number;
  updated: number;
}

export class UnknownIndicatorError extends Error {
  constructor(readonly code: string) {
    super(`indicator ${code} is not in the catalogue`);
  }
}

const SEED_LOCK = 'wdp.monitoring.catalogue-seed';

/**
 * The indicator catalogue as stored: seeded from @wdp/indicators at start (idempotent, versioned, never
 * overwriting targets an administrator changed), held in memory for the consumer and re-read whenever
 * another instance changed it.
 */
@Injectable()
export class IndicatorStoreService implements OnModuleInit {
  private readonly logger = new Logger(IndicatorStoreService.name);
  private stored = new Map<string, StoredIndicator>();
  private definitions = new Map<string, IndicatorDefinition>();
  private catalogueIndex: CatalogueIndex = buildCatalogueIndex([]);
  private loadedFingerprint = '';
  private startupSeed: SeedSummary | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: IndicatorStoreRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const summary = await this.seed();
    this.startupSeed = summary;
    if (summary.inserted || summary.updated) this.logger.log(`catalogue ${summary.catalogueVersion}: ${summary.inserted} inserted, ${summary.updated} updated`);
  }

  async seed(catalogue: readonly IndicatorDefinition[] = INDICATORS, version = CATALOGUE_VERSION): Promise<SeedSummary> {
    const summary = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SEED_LOCK]);
      const stored = new Map((await this.repo.all(manager)).map((s) => [s.code, s]));
      const actions = planSeed(catalogue, stored, version);
      let inserted = 0;
      let updated = 0;
      for (const action of actions) {
        if (action.type === 'insert') {
          await this.repo.insert(manager, action.entry, action.targets, version);
          await this.repo.addHistory(manager, action.entry.code, 1, action.entry, action.targets, 'catalogue', version);
          await this.repo.addAudit(manager, action.entry.code, 'catalogue-seed', 'catalogue', [{ field: 'created', old: null, new: version }], null);
          inserted++;
        } else {
          const current = stored.get(action.code)!;
          const revision = await this.repo.update(manager, action.code, action.entry, action.targets, version, current.overridden);
          if (action.targetsChanged) await this.repo.addHistory(manager, action.code, revision, action.entry, action.targets, 'catalogue', version);
          await this.repo.addAudit(manager, action.code, 'catalogue-seed', 'catalogue', action.changes, null);
          updated++;
        }
      }
      await this.repo.recordSeed(manager, version, catalogue.length);
      return { catalogueVersion: version, inserted, updated };
    });
    await this.reload(this.dataSource.manager);
    return summary;
  }

  /** What seeding at start changed (null before it ran). */
  seededAtStart(): SeedSummary | null {
    return this.startupSeed;
  }

  /** Re-reads the catalogue if any instance changed it since it was loaded. Cheap: one aggregate query. */
  async refresh(manager: EntityManager): Promise<void> {
    if ((await this.repo.fingerprint(manager)) !== this.loadedFingerprint) await this.reload(manager);
  }

  list(): IndicatorDefinition[] {
    return [...this.definitions.values()];
  }

  find(code: string): IndicatorDefinition | undefined {
    return this.definitions.get(code);
  }

  require(code: string): IndicatorDefinition {
    const found = this.definitions.get(code);
    if (!found) throw new UnknownIndicatorError(code);
    return found;
  }

  storedIndicator(code: string): StoredIndicator | undefined {
    return this.stored.get(code);
  }

  index(): CatalogueIndex {
    return this.catalogueIndex;
  }

  catalogueVersion(): string {
    return CATALOGUE_VERSION;
  }

  /**
   * Sets targets/baseline of one indicator inside the caller's transaction, marks the fields as
   * overridden (later seeds keep them), and records history and one audit row per changed field.
   * Returns the changes (empty when nothing differs).
   */
  async changeTargets(manager: EntityManager, code: string, patch: Partial<TargetValues>, changedBy: string, reason: string | null): Promise<FieldChange[]> {
    const current = await this.repo.one(manager, code, true);
    if (!current) throw new UnknownIndicatorError(code);
    const problems = targetPatchProblems(current.entry.unit, patch);
    if (problems.length) throw ProblemException.validation(problems);
    const targets = { ...current.targets };
    const changes: FieldChange[] = [];
    const overridden = new Set<TargetField>(current.overridden);
    for (const field of TARGET_FIELDS) {
      if (!(field in patch) || patch[field] === undefined) continue;
      const next = patch[field] ?? null;
      overridden.add(field);
      if (next === current.targets[field]) continue;
      changes.push({ field, old: current.targets[field], new: next });
      targets[field] = next;
    }
    if (changes.length === 0) return [];
    const revision = await this.repo.update(manager, code, current.entry, targets, current.catalogueVersion, [...overridden].sort());
    await this.repo.addHistory(manager, code, revision, current.entry, targets, 'api', current.catalogueVersion);
    await this.repo.addAudit(manager, code, changedBy, 'api', changes, reason);
    await this.reload(manager);
    return changes;
  }

  private async reload(manager: EntityManager): Promise<void> {
    const fingerprint = await this.repo.fingerprint(manager);
    const rows = await this.repo.all(manager);
    this.stored = new Map(rows.map((r) => [r.code, r]));
    this.definitions = new Map(rows.map((r) => [r.code, effectiveDefinition(r)]));
    this.catalogueIndex = buildCatalogueIndex([...this.definitions.values()]);
    this.loadedFingerprint = fingerprint;
  }
}
