import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AreaIndex, periodGranularity, type ReturnFacts } from '@wdp/contracts';
import { ADMIN_SCOPE, departmentScope, type ReturnCheck } from '@wdp/ingestion';
import { isInputRef } from '@wdp/indicators';
import { problem, ProblemException } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../assessment/clock';
import { FactRepository } from '../facts/fact.repository';
import { type ObservationFigure, ObservationRepository } from '../facts/observation.repository';
import { observationRows } from '../facts/return-changes';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { periodsOfYear, periodsOverlap, relatedAreas } from './blocking';
import { sameTimeLastYear } from './check-rule';
import { areasRead, findViolations, ruleInputs } from './find-violations';
import { datasetsOf, parseRuleDefinition, type RuleDefinition } from './rule';
import { rowsByPeriod } from './rule-values';
import { SEEDED_RULES } from './seed-rules';
import { type FoundViolation, type RuleVersionRow, type StoredRule, ValidationRepository, type Violation, type ViolationFilter } from './validation.repository';
import { type CellsRedecided, ViolationChanges, type ViolationScope } from './violation-changes';

/** An approval cell: one department's dataset (record kind or return kind) for a period and an area. */
export interface ApprovalCell {
  department: string;
  dataset: string;
  period: string;
  area: string;
}

/** A rule a submitted return breaks, as its answer names it. */
export interface RuleFinding {
  rule: string;
  ruleVersion: number;
  severity: 'error' | 'warning';
  nameEn: string;
  operator: string;
  tolerance: number;
  areaCode: string;
  period: string;
  left: number;
  right: number;
}

export interface RunSummary {
  rules: number;
  checked: number;
  violations: number;
  resolved: number;
  /** Approved cells the run freed (they count now) and held (pending validation). */
  cellsReleased: number;
  cellsHeld: number;
}

/** An override's answer: the violation, and the approved cells it freed, which count from this commit on. */
export type OverrideResult = Violation & { releasedCells: CellsRedecided['released'] };

const SEED_LOCK = 'wdp.monitoring.validation-seed';
const RUN_LOCK = 'wdp.monitoring.validation-run';

/**
 * Validation rules across datasets: rules as versioned, audited data; their scheduled run over every area and
 * period, which keeps the violations; the check of a statistics return at submission; overrides; and the
 * question approval asks (`blockingViolations`).
 */
@Injectable()
export class ValidationService implements OnModuleInit, ReturnCheck {
  private readonly logger = new Logger(ValidationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ValidationRepository,
    private readonly facts: FactRepository,
    private readonly observations: ObservationRepository,
    private readonly catalogue: IndicatorStoreService,
    private readonly areaService: AreaService,
    private readonly changes: ViolationChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const added = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SEED_LOCK]);
      let n = 0;
      for (const { code, definition } of SEEDED_RULES) {
        if (await this.repo.insertRule(manager, code, definition, datasetsOf(definition), 'seed', 'one of the rules every installation starts with')) n++;
      }
      return n;
    });
    if (added) this.logger.log(`${added} validation rules seeded`);
  }

  rules(): Promise<StoredRule[]> {
    return this.repo.rules(this.dataSource.manager, false);
  }

  async rule(code: string): Promise<StoredRule> {
    return found(await this.repo.rule(this.dataSource.manager, code), code);
  }

  async versions(code: string): Promise<RuleVersionRow[]> {
    await this.rule(code);
    return this.repo.versions(this.dataSource.manager, code);
  }

  async create(code: string, body: unknown, actor: string, reason: string): Promise<StoredRule> {
    const definition = this.parse(body);
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.repo.insertRule(manager, code, definition, datasetsOf(definition), actor, reason))) {
        throw ProblemException.conflict(`A rule ${code} exists (or existed: a deleted rule's code is not reused); change it with PUT /v1/validation/rules/${code}.`, {
          errors: [{ field: 'code', reason: 'is taken' }],
        });
      }
      return (await this.repo.rule(manager, code))!;
    });
  }

  /**
   * A new version, run at once in the same transaction: the violations it no longer finds resolve and the approvals
   * they held are released (or ones it finds hold theirs) when the change commits, not at the next scheduled run.
   */
  async update(code: string, body: unknown, actor: string, reason: string): Promise<StoredRule> {
    const definition = this.parse(body);
    return this.dataSource.transaction(async (manager) => {
      await lockRule(manager, code);
      const current = live(await this.repo.rule(manager, code, true), code);
      await this.repo.updateRule(manager, code, definition, datasetsOf(definition), true, actor, reason);
      this.logger.log(`validation rule ${code} v${current.version + 1} by ${actor}`);
      const changed = (await this.repo.rule(manager, code))!;
      await this.runRule(manager, changed, this.areaService.index());
      return changed;
    });
  }

  /**
   * A deleted rule is a last version that is disabled; its violations are resolved, since nothing checks them any
   * more, and the approvals they held are released in the same transaction.
   */
  async remove(code: string, actor: string, reason: string): Promise<StoredRule> {
    return this.dataSource.transaction(async (manager) => {
      await lockRule(manager, code);
      const current = live(await this.repo.rule(manager, code, true), code);
      await this.repo.updateRule(manager, code, current.definition, current.datasets, false, actor, reason);
      const before = await this.repo.unresolvedOf(manager, code);
      await this.repo.resolveOthers(manager, code, [], this.clock());
      await this.changes.hand(manager, before);
      return (await this.repo.rule(manager, code))!;
    });
  }

  /**
   * The scheduled validation run: every enabled rule (or those of `only`) at every area of its levels and every
   * period with data. One transaction per rule, under the rule's lock: two replicas do not run it at once, nor a run
   * and its change.
   */
  async run(only?: ReadonlySet<string>): Promise<RunSummary> {
    const summary: RunSummary = { rules: 0, checked: 0, violations: 0, resolved: 0, cellsReleased: 0, cellsHeld: 0 };
    const areas = this.areaService.index();
    for (const rule of await this.repo.rules(this.dataSource.manager, true)) {
      if (only && !only.has(rule.code)) continue;
      await this.dataSource.transaction(async (manager) => {
        await lockRule(manager, rule.code);
        const current = await this.repo.rule(manager, rule.code);
        if (!current?.enabled) return;
        const one = await this.runRule(manager, current, areas);
        summary.rules++;
        summary.checked += one.checked;
        summary.violations += one.violations;
        summary.resolved += one.resolved;
        summary.cellsReleased += one.cellsReleased;
        summary.cellsHeld += one.cellsHeld;
      });
    }
    return summary;
  }

  /**
   * One rule at every area of its levels and every period with data, in the caller's transaction under the rule's
   * lock: the violations it finds recorded, the others resolved, and the approved cells any of them concerns — as
   * they stood before (perhaps under an older version reading other datasets) or stand now — re-decided in the same
   * transaction, so a resolved violation's approvals count from this commit on.
   */
  private async runRule(manager: EntityManager, rule: StoredRule, areas: AreaIndex): Promise<Omit<RunSummary, 'rules'>> {
    const at = this.clock();
    const areaCodes = areas.areas.filter((a) => rule.definition.areaLevels.includes(a.level)).map((a) => a.code);
    const { checked, found } = await this.evaluate(manager, rule.definition, areaCodes, areas, null);
    const before = await this.repo.unresolvedOf(manager, rule.code);
    await this.reopenAudit(manager, before, found);
    await this.repo.recordFound(manager, rule, found, at);
    const resolved = await this.repo.resolveOthers(manager, rule.code, found, at);
    const cells = await this.changes.hand(manager, [...before, ...found.map((f): ViolationScope => ({ datasets: rule.datasets, areaCode: f.areaCode, period: f.period }))]);
    return { checked, violations: found.length, resolved, cellsReleased: cells.released.length, cellsHeld: cells.held.length };
  }

  /**
   * The check of a statistics return at submission (ReturnCheck): the enabled rules that read its kind, for its
   * period, in its area and — where a rule sums sub-areas — in the area above, against what monitoring has received
   * with this return's figures — and those of the returns submitted `alongside` it in the same batch — in place of
   * any earlier return for the same kind, area and period. An error refuses the return (422 naming the rule and both
   * sides' numbers; nothing is written); warnings go into the answer.
   */
  async check(manager: EntityManager, department: string, facts: ReturnFacts, alongside: readonly ReturnFacts[] = []): Promise<RuleFinding[]> {
    const kind = `${department}/${facts.kind}`;
    const areas = this.areaService.index();
    const findings: RuleFinding[] = [];
    for (const rule of await this.repo.rules(manager, true)) {
      const def = rule.definition;
      const terms = [...def.left, ...def.right].filter((t) => !isInputRef(t.operand) && `${t.operand.department}/${t.operand.returnKind}` === kind);
      if (terms.length === 0 || periodGranularity(facts.period) !== def.granularity) continue;
      const checkedAt = new Set<string>();
      if (terms.some((t) => t.areas === 'area')) checkedAt.add(facts.area);
      const parent = areas.byCode(facts.area)?.parent;
      if (parent && terms.some((t) => t.areas === 'sub-areas')) checkedAt.add(parent);
      // A return for an area above the district (reference data, not in the hierarchy) is at no level a rule checks.
      const areaCodes = [...checkedAt].filter((c) => {
        const level = areas.byCode(c)?.level;
        return level !== undefined && def.areaLevels.includes(level);
      });
      if (areaCodes.length === 0) continue;
      // Only what this rule's evaluation reads (its return kinds, this period and the year before): a message of
      // thousands of returns would otherwise put every one of them into every return's check.
      const readKinds = new Set(ruleInputs(def).returnKinds);
      const readPeriods = new Set([facts.period, sameTimeLastYear(facts.period)]);
      const batch = [facts, ...alongside.filter((f) => readKinds.has(`${department}/${f.kind}`) && readPeriods.has(f.period))];
      const submitted = batch.flatMap((f, i) => observationRows({
        returnId: i === 0 ? '(this return)' : `(return ${i} alongside it)`, department, revision: Number.MAX_SAFE_INTEGER, withdrawn: false, facts: f,
        areas: [], returnKinds: [], fromYear: 0, submittedAt: this.clock().toISOString(), eventId: '',
      }));
      const replaced = new Set(batch.map((f) => `${department}/${f.kind}\u0000${f.area}\u0000${f.period}`));
      const { found } = await this.evaluate(manager, def, areaCodes, areas, facts.period, (figures) => [
        ...figures.filter((o) => !replaced.has(`${o.returnKind}\u0000${o.areaCode}\u0000${o.period}`)),
        ...submitted,
      ]);
      for (const f of found) {
        findings.push({ rule: rule.code, ruleVersion: rule.version, severity: def.severity, nameEn: def.nameEn, operator: def.operator, tolerance: def.tolerance, ...f });
      }
    }
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length) {
      throw new ProblemException(
        problem(422, `The return breaks ${errors.length === 1 ? 'a validation rule' : `${errors.length} validation rules`} of error severity; nothing was written.`, {
          errors: errors.map((f) => ({ field: 'figures', reason: describe(f) })),
          violations: errors,
        }),
      );
    }
    return findings;
  }

  /** The enabled rules reading any of these datasets that have an open error violation (which may block an approval). */
  rulesWithOpenErrors(manager: EntityManager, datasets: readonly string[]): Promise<{ code: string; datasets: string[] }[]> {
    return datasets.length === 0 ? Promise.resolve([]) : this.repo.rulesWithOpenErrors(manager, datasets);
  }

  violations(filter: ViolationFilter, limit: number, offset: number) {
    return this.repo.list(this.dataSource.manager, filter, limit, offset);
  }

  async violation(id: string): Promise<Violation> {
    const v = await this.repo.violation(this.dataSource.manager, id);
    if (!v) throw ProblemException.notFound(`No violation with id ${id}.`);
    return v;
  }

  /**
   * Overrides an open violation with a reason: the administrator, or an approver of a department whose data the
   * rule reads (the one who would otherwise be blocked by it). Monitoring issues only the statistics bureau's
   * approver key (approve:statistics), so a rule over departmental records alone is the administrator's. Audited.
   */
  async override(id: string, principal: { scopes: readonly string[] }, actor: string, reason: string): Promise<OverrideResult> {
    return this.dataSource.transaction(async (manager) => {
      const v = await this.repo.violation(manager, id, true);
      if (!v) throw ProblemException.notFound(`No violation with id ${id}.`);
      const departments = [...new Set(v.datasets.map((d) => d.split('/')[0]))];
      const allowed = principal.scopes.includes(ADMIN_SCOPE) || departments.some((d) => principal.scopes.includes(departmentScope('approve', d)));
      if (!allowed) throw new ProblemException(problem(403, `Overriding this violation takes the admin scope or ${departments.map((d) => departmentScope('approve', d)).join(' or ')}.`));
      if (v.state !== 'open') throw ProblemException.conflict(`The violation is ${v.state}; only an open one can be overridden.`);
      const overridden = await this.repo.override(manager, id, actor, reason, this.clock());
      await this.repo.addAudit(manager, id, 'override', actor, reason, 'open', 'overridden');
      // The approvals it held count from this commit on, not at the next approval block check.
      const { released } = await this.changes.hand(manager, [overridden]);
      this.logger.log(`violation ${id} of ${v.ruleCode} overridden by ${actor}${released.length ? `; ${released.length} approved cells released` : ''}`);
      return { ...overridden, releasedCells: released };
    });
  }

  /**
   * What blocks the approval of a cell: the open error violations (not overridden) of rules that read its dataset,
   * in its area or an area inside it or above it, for its period or a period inside it or containing it (a yearly
   * rule broken blocks the approval of that year's months too). Empty: nothing blocks it.
   */
  async blockingViolations(cell: ApprovalCell, manager: EntityManager = this.dataSource.manager): Promise<Violation[]> {
    const dataset = cell.dataset.includes('/') ? cell.dataset : `${cell.department}/${cell.dataset}`;
    const open = await this.repo.openErrors(manager, dataset, relatedAreas(cell.area, this.areaService.index()), periodsOfYear(cell.period));
    return open.filter((v) => periodsOverlap(v.period, cell.period));
  }

  private parse(body: unknown): RuleDefinition {
    const knownInputs = (department: string, recordKind: string) => this.catalogue.index().inputsForRecordKind(department, recordKind).map((i) => i.key);
    const { definition, errors } = parseRuleDefinition(body, knownInputs);
    if (!definition) throw ProblemException.validation(errors, 'The rule definition is invalid; nothing was written.');
    return definition;
  }

  /** Loads what a rule reads in these areas (and, with `period`, for that period and the one a year before) and checks it. */
  private async evaluate(
    manager: EntityManager,
    def: RuleDefinition,
    areaCodes: string[],
    areas: AreaIndex,
    period: string | null,
    adjustFigures: (figures: ObservationFigure[]) => ObservationFigure[] = (f) => f,
  ) {
    const inputs = ruleInputs(def);
    const read = areasRead(inputs, areaCodes, areas);
    const periods = period === null ? null : [period, sameTimeLastYear(period)];
    const granularity = def.granularity === 'year' ? 'Y' : def.granularity === 'quarter' ? 'Q' : 'M';
    const factRows = await this.facts.ofGranularity(manager, inputs.inputKeys, inputs.snapshotKeys, read, granularity, periods && periods.map((p) => Number(p.slice(0, 4))));
    const figures = adjustFigures(await this.observations.forEvaluation(manager, inputs.returnKinds, read, periods ?? undefined));
    const snapshotKeys = new Set(inputs.snapshotKeys);
    const byPeriod = rowsByPeriod(def.granularity, factRows, figures, snapshotKeys);
    return findViolations(def, byPeriod, snapshotKeys, areas, areaCodes, period === null ? undefined : [period]);
  }

  /** Logs each overridden violation the run finds again with other numbers: it reopens, and the override no longer holds. */
  private async reopenAudit(manager: EntityManager, unresolved: readonly Violation[], found: readonly FoundViolation[]): Promise<void> {
    const now = new Map(found.map((f) => [`${f.areaCode}\u0000${f.period}`, f]));
    for (const v of unresolved) {
      const f = now.get(`${v.areaCode}\u0000${v.period}`);
      if (v.state === 'overridden' && f && (f.left !== v.left || f.right !== v.right)) {
        await this.repo.addAudit(manager, v.id, 'reopen', 'validation-run', `numbers changed from ${v.left} / ${v.right} to ${f.left} / ${f.right}`, 'overridden', 'open');
      }
    }
  }
}

/**
 * One rule's run, change or deletion at a time: a run that read the old version must not record its findings
 * after a deletion resolved them (or after a change, over the new version's).
 */
async function lockRule(manager: EntityManager, code: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${RUN_LOCK}:${code}`]);
}

function found(rule: StoredRule | undefined, code: string): StoredRule {
  if (!rule) throw ProblemException.notFound(`No validation rule ${code}.`);
  return rule;
}

function live(rule: StoredRule | undefined, code: string): StoredRule {
  if (!found(rule, code).enabled) throw ProblemException.conflict(`Validation rule ${code} was deleted; a deleted rule stays as it was (create a new code).`);
  return rule!;
}

function describe(f: RuleFinding): string {
  const op = f.operator === 'yoy_within' ? `changes by at most ${f.tolerance} % from a year earlier (${f.right})` : `${f.operator} ${f.right}${f.tolerance ? ` ± ${f.tolerance}` : ''}`;
  return `breaks ${f.rule} (version ${f.ruleVersion}, ${f.severity}) "${f.nameEn}" in ${f.areaCode} for ${f.period}: left ${f.left} ${op} does not hold`;
}
