import { AGE_BANDS, type AgeBand, type AttributeValue, type DepartmentCode, recordKind, type Sex } from '@wdp/contracts';
import { kindKey, type DemoDataSet, type DemoRecord, type DemoReturn } from './dataset';
import type { DistrictModel } from './district';
import { apportion, type Rng, streamOf } from './prng';
import { indicatorByCode } from '@wdp/indicators';
import { directionOf, FIRST_YEAR, type IndicatorPlan, TARGET_YEAR } from './scenarios';

export interface GeneratorOptions {
  seed: number;
  scale: number;
  from: number;
  to: number;
  /** Clock for "not in the future": records stop at the last complete month, returns at the last complete year. */
  now: Date;
}

/**
 * Part of every reference. Bump it whenever a recipe change alters the content generated for the same
 * seed: the services keep references as natural keys, and the same reference with other content is a 409.
 * A new version loads alongside an older one (withdraw the older records, or start from empty databases).
 */
export const GENERATOR_VERSION = 2;

export type RecordFields = Omit<DemoRecord, 'reference' | 'period'> & { month: number };

/**
 * Shared machinery for the record and return recipes: plan values, seeded streams, months, exact
 * allocation and the output collections. Recipes say what to generate; this class keeps references
 * deterministic (seed, kind, year, sequence) so a rerun with the same seed sends identical content.
 */
export class Generator {
  readonly records = new Map<string, DemoRecord[]>();
  readonly returns: DemoReturn[] = [];
  private readonly sequences = new Map<string, number>();
  /** Carries of fractional small counts (maternal deaths) from year to year, per series. */
  private readonly carries = new Map<string, number>();

  constructor(
    readonly options: GeneratorOptions,
    readonly district: DistrictModel,
    private readonly plans: Map<string, IndicatorPlan>,
  ) {}

  get seed() {
    return this.options.seed;
  }

  /** Years with records: the first year through the current one (whose future months are dropped on add). */
  get years(): number[] {
    const out: number[] = [];
    const last = Math.min(this.options.to, this.options.now.getUTCFullYear());
    for (let y = this.options.from; y <= last; y++) out.push(y);
    return out;
  }

  /** Years with annual returns: complete years only. */
  get returnYears(): number[] {
    const lastComplete = this.options.now.getUTCFullYear() - 1;
    return this.years.filter((y) => y <= lastComplete);
  }

  /**
   * Months records are drawn from. Every year is generated whole, and records of months that are not over
   * yet are dropped when added: so a rerun later in the year sends the same content for the months already
   * sent (natural keys then find them unchanged) and only adds the new ones.
   */
  monthsOf(_year: number): number[] {
    return Array.from({ length: 12 }, (_, i) => i + 1);
  }

  private isOver(year: number, month: number): boolean {
    const now = this.options.now;
    return year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month <= now.getUTCMonth());
  }

  /** The month a period-end snapshot is taken: `preferred` (December), or the latest complete month of the current year. */
  snapshotMonth(year: number, preferred = 12): number {
    if (year < this.options.now.getUTCFullYear()) return preferred;
    return Math.max(1, Math.min(preferred, this.options.now.getUTCMonth()));
  }

  plan(code: string, year: number, sex: Sex = 'F'): number {
    const p = this.plans.get(code);
    if (!p) throw new RangeError(`no plan for indicator ${code}`);
    return p.value(year, sex);
  }

  /**
   * How many of `n` cases meet an indicator's condition in a year: the planned share of `n`, rounded
   * towards the better side. With a handful of cases (five mothers with HIV) plain rounding would put a
   * planned 95 % at 80 %; rounding towards the goal keeps small series on their planned side of a target.
   */
  portion(code: string, year: number, n: number, sex: Sex = 'F'): number {
    const exact = (this.plan(code, year, sex) * n) / 100;
    const k = this.direction(code) > 0 ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9);
    return Math.max(0, Math.min(n, k));
  }

  /** A count index (count indicators: 100 in 2020) times a fixed base, on a straight path. */
  indexed(code: string, year: number, base: number, sex: Sex = 'F'): number {
    const plan = this.plans.get(code)!;
    return Math.max(0, straight(plan, this.direction(code), year, (y) => (plan.value(y, sex) / 100) * base, 0));
  }

  direction(code: string): 1 | -1 {
    const indicator = indicatorByCode(code);
    if (!indicator) throw new RangeError(`no indicator ${code}`);
    return directionOf(indicator);
  }

  rng(name: string): Rng {
    return streamOf(this.seed, name);
  }

  /**
   * Rounds a small expected count, carrying the remainder into the next year so the long-run rate holds
   * (the carry starts at one half: a cumulative count is rounded, not truncated, so 0.7 expected deaths over
   * the years give one death rather than none, and the source is seen to report).
   */
  carried(series: string, expected: number): number {
    const total = (this.carries.get(series) ?? 0.5) + expected;
    const n = Math.floor(total + 1e-9);
    this.carries.set(series, total - n);
    return n;
  }

  add(department: DepartmentCode, kind: string, year: number, fields: RecordFields): void {
    const def = recordKind(department, kind);
    if (!def) throw new RangeError(`unknown record kind ${department}/${kind}`);
    if (def.carriesCount && (fields.count ?? 0) < 1) return; // empty aggregates are not reported
    const { month, ...rest } = fields;
    const period = `${year}-${String(month).padStart(2, '0')}`;
    // Numbered per month, so the references of past months never depend on when the loader runs.
    const key = kindKey(department, kind);
    const seq = (this.sequences.get(`${key}/${period}`) ?? 0) + 1;
    this.sequences.set(`${key}/${period}`, seq);
    if (!this.isOver(year, month)) return;
    const prefix = kind.split('-').map((w) => w[0]).join('').toUpperCase();
    const record: DemoRecord = {
      reference: `DEMO${this.seed}v${GENERATOR_VERSION}-${prefix}-${period}-${String(seq).padStart(5, '0')}`,
      area: rest.area,
      period,
      ...(rest.sex ? { sex: rest.sex } : {}),
      ...(rest.ageBand ? { ageBand: rest.ageBand } : {}),
      ...(def.carriesCount ? { count: rest.count ?? 1 } : {}),
      attributes: rest.attributes,
    };
    const list = this.records.get(key) ?? [];
    list.push(record);
    this.records.set(key, list);
  }

  /**
   * `n` individual records of a kind in a year, spread over the communities by size and over the year's
   * months at random. `build(i)` gives the rest of the i-th record; attribute arrays built with `exactly`
   * make the district shares exact.
   */
  individuals(
    department: DepartmentCode,
    kind: string,
    year: number,
    n: number,
    build: (i: number, rng: Rng, month: number) => Omit<RecordFields, 'area' | 'month'>,
    options: { month?: number; areas?: readonly string[] } = {},
  ): void {
    if (n <= 0) return;
    const rng = this.rng(`${department}/${kind}/${year}/individuals`);
    const codes = options.areas ?? this.district.units.map((u) => u.code);
    const weights = options.areas ? options.areas.map(() => 1) : this.district.unitWeights;
    const areas = shuffle(
      apportion(n, weights).flatMap((k, i) => Array.from({ length: k }, () => codes[i])),
      rng,
    );
    const months = this.monthsOf(year);
    for (let i = 0; i < n; i++) {
      const month = options.month ?? months[rng.int(months.length)];
      this.add(department, kind, year, { ...build(i, rng, month), area: areas[i], month });
    }
  }

  addReturn(ret: DemoReturn): void {
    this.returns.push(ret);
  }

  dataSet(): DemoDataSet {
    const { seed, scale, from, to } = this.options;
    return { seed, scale, from, to, records: this.records, returns: this.returns };
  }
}

export function shuffle<T>(values: T[], rng: Rng): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

/** `n` values of which exactly round(share × n) are `yes`, the rest `no`, shuffled. */
export function exactly<T>(n: number, k: number, yes: T, no: T, rng: Rng): T[] {
  const hits = Math.max(0, Math.min(n, k));
  return shuffle([...Array.from({ length: hits }, () => yes), ...Array.from({ length: n - hits }, () => no)], rng);
}

/** `n` labels apportioned by weight (exact counts), shuffled. */
export function labelled<T>(n: number, labels: readonly T[], weights: readonly number[], rng: Rng): T[] {
  return shuffle(
    apportion(n, weights).flatMap((k, i) => Array.from({ length: k }, () => labels[i])),
    rng,
  );
}

export const pickWeighted = <T>(rng: Rng, labels: readonly T[], weights: readonly number[]): T => labels[rng.weighted(weights)];

export const bandsBetween = (from: number, to: number): AgeBand[] =>
  AGE_BANDS.filter((b) => {
    const lower = Number(b.split(/[-+]/)[0]);
    return lower >= from && lower <= to;
  });

export type Attributes = Record<string, AttributeValue>;

/**
 * A planned quantity on an exact arithmetic path between its 2020 and 2025 values (`decimals` places):
 * survey returns, coverage counts and count indices have a fixed base, so a straight line stays straight
 * after rounding and the fluctuation check sees no rounding noise. The 2025 value is rounded towards the
 * goal, the step too, and the 2020 value is set back from the 2025 one by five steps. A fluctuating plan
 * keeps its wild year; years after 2025 are simply rounded.
 */
export function straight(plan: IndicatorPlan, dir: 1 | -1, year: number, exactAt: (y: number) => number, decimals: number): number {
  const unit = 10 ** decimals;
  const towards = (x: number) => (dir > 0 ? Math.ceil(x - 1e-9) : Math.floor(x + 1e-9));
  if (plan.scenario === 'fluctuating' || year > TARGET_YEAR) return towards(exactAt(year) * unit) / unit;
  const last = towards(exactAt(TARGET_YEAR) * unit);
  const step = towards((last - Math.round(exactAt(FIRST_YEAR) * unit)) / (TARGET_YEAR - FIRST_YEAR));
  return (last - step * (TARGET_YEAR - year)) / unit;
}
