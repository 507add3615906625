import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGE_BANDS, MAX_PLAUSIBLE_VALUE, PERIOD_FORMATS, parsePeriod, UNITS, unitMaximum, type ReturnFacts, type ReturnKindDefinition, type SexOrTotal,
} from '@wdp/contracts';
import { Type as TransformType } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsDefined, IsIn, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import type { RuntimeClass } from '../http/schema-classes';
import { pascalCase } from '../naming';
import type { ItemIssue } from '../records/record-item.base';
import { numeratorDenominatorProblem } from '../validation/common-rules';

/** Sanity ceiling of counts without a natural bound (numerators, denominators). */
export const MAX_FIGURE = MAX_PLAUSIBLE_VALUE;

export const MAX_FIGURES = 1_000;

/** Common fields of every statistical return. */
/** Field declarations only (`declare`): the generated subclasses add the decorated properties. */
export class ReturnBase {
  declare area: string;
  declare period: string;
  declare figures: ReturnFigureBase[];
  declare unit?: string;
  declare note?: string;
}

export class ReturnFigureBase {
  declare sex: SexOrTotal;
  declare ageBand?: string;
  declare value: number;
  declare numerator?: number;
  declare denominator?: number;
}

/** What the framework needs to serve one return kind; `returnKindFromDefinition` builds it from the vocabulary. */
export interface ReturnKindSpec<T extends ReturnBase = ReturnBase> {
  kind: string;
  title: string;
  description: string;
  unit: string;
  itemClass: Type<T>;
  example: Record<string, unknown>;
  toFacts(item: T): ReturnFacts;
  check(item: T): ItemIssue[];
}

type Decorator = (target: object, property: string) => void;
function decorate(cls: RuntimeClass, property: string, ...decorators: Decorator[]) {
  for (const d of decorators) d(cls.prototype, property);
}
function namedClass(name: string, base: RuntimeClass): RuntimeClass {
  return { [name]: class extends base {} }[name];
}

export function returnKindFromDefinition(def: ReturnKindDefinition, options: { exampleArea?: string } = {}): ReturnKindSpec {
  const base = pascalCase(def.kind);
  const unit = UNITS[def.unit];
  const upper = unitMaximum(def.unit);

  const Figure = namedClass(`${base}ReturnFigure`, ReturnFigureBase);
  decorate(Figure, 'sex', IsIn([...def.sexes]), ApiProperty({ type: String, enum: [...def.sexes], description: 'F female, M male, T total.', example: def.sexes[0] }));
  if (def.hasAgeBand) {
    decorate(Figure, 'ageBand', IsOptional(), IsIn([...AGE_BANDS]), ApiPropertyOptional({ type: String, enum: [...AGE_BANDS], description: 'Five-year age band; omit for all ages.' }));
  }
  decorate(Figure, 'value', IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(upper), ApiProperty({
    type: Number, minimum: 0, maximum: upper, description: `The figure in ${unit.nameEn} (${unit.symbol || def.unit}).`, example: def.hasNumeratorDenominator ? 25.5 : 80.1,
  }));
  if (def.hasNumeratorDenominator) {
    decorate(Figure, 'numerator', IsDefined(), IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(MAX_FIGURE), ApiProperty({
      type: Number, minimum: 0, description: 'Count meeting the definition (e.g. respondents with adequate literacy). Must not exceed denominator.', example: 255,
    }));
    decorate(Figure, 'denominator', IsDefined(), IsNumber({ allowNaN: false, allowInfinity: false }), Min(1), Max(MAX_FIGURE), ApiProperty({
      type: Number, minimum: 1, description: `Population it is a share of; value ≈ numerator / denominator × ${unit.factor}.`, example: 1000,
    }));
  }

  const Item = namedClass(`${base}Return`, ReturnBase);
  decorate(Item, 'area', IsString(), Length(1, 32), ApiProperty({ type: String, description: 'Area code from the reference data.', example: options.exampleArea ?? '520103' }));
  const forms = def.granularities.map((g) => PERIOD_FORMATS[g].pattern).join(', ');
  decorate(Item, 'period', IsString(), Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: `must be a period: ${forms}` }), ApiProperty({
    type: String, description: `Period of the return: ${forms}; not in the future.`, example: PERIOD_FORMATS[def.granularities[0]].example,
  }));
  decorate(Item, 'figures', IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_FIGURES), ValidateNested({ each: true }), TransformType(() => Figure), ApiProperty({
    type: () => [Figure], minItems: 1, maxItems: MAX_FIGURES, description: 'One figure per sex (and age band); each cell at most once.',
  }));
  decorate(Item, 'unit', IsOptional(), Equals(def.unit, { message: `must be ${def.unit} (or omitted)` }), ApiPropertyOptional({ type: String, enum: [def.unit], description: 'Optional; always this kind’s unit.' }));
  decorate(Item, 'note', IsOptional(), IsString(), Length(1, 500), ApiPropertyOptional({ type: String, description: 'Free-text note for the record (methodology, source survey). Stays in this service.', example: 'District health literacy survey, n = 2,000' }));

  const example: Record<string, unknown> = {
    area: options.exampleArea ?? '520103',
    // A fixed period: a generated contract must not change with the clock (the drift test runs it at another date).
    period: PERIOD_FORMATS[def.granularities[0]].example,
    // Consistent with the unit: value = numerator / denominator × factor (25.5, 23.4, 24.45).
    figures: def.sexes.map((sex) => EXAMPLE_FIGURES[def.hasNumeratorDenominator ? 'share' : ADDITIVE_UNITS.has(def.unit) ? 'count' : 'average'](sex, unit.factor)),
  };

  return {
    kind: def.kind,
    title: def.nameEn,
    description: `${def.nameEn} (${def.nameZh}). ${def.description} Unit: ${unit.nameEn}.`,
    unit: def.unit,
    itemClass: Item as Type<ReturnBase>,
    example,
    toFacts: (item: ReturnBase): ReturnFacts => ({
      kind: def.kind,
      area: item.area,
      period: item.period,
      unit: def.unit,
      figures: item.figures.map((f) => ({
        sex: f.sex,
        ...(f.ageBand !== undefined ? { ageBand: f.ageBand } : {}),
        value: f.value,
        ...(f.numerator !== undefined ? { numerator: f.numerator } : {}),
        ...(f.denominator !== undefined ? { denominator: f.denominator } : {}),
      })),
    }),
    check: (item: ReturnBase): ItemIssue[] => {
      const issues: ItemIssue[] = [];
      const period = parsePeriod(item.period);
      if (period && !def.granularities.includes(period.granularity)) {
        issues.push({ field: 'period', reason: `${def.kind} returns are filed per ${def.granularities.join(' or ')} (${forms}), not per ${period.granularity}` });
      }
      const seen = new Map<string, number>();
      item.figures.forEach((f, i) => {
        const cell = `${f.sex}/${f.ageBand ?? 'all ages'}`;
        if (seen.has(cell)) issues.push({ field: `figures[${i}]`, reason: `repeats the cell ${cell} of figures[${seen.get(cell)}]` });
        else seen.set(cell, i);
        const nd = numeratorDenominatorProblem(f.numerator, f.denominator);
        if (nd) issues.push({ field: `figures[${i}].numerator`, reason: nd });
        else if (f.numerator !== undefined && f.denominator !== undefined) {
          const implied = (f.numerator / f.denominator) * unit.factor;
          if (Math.abs(implied - f.value) > Math.max(0.5, implied * 0.01)) {
            issues.push({ field: `figures[${i}].value`, reason: `does not match numerator / denominator × ${unit.factor} = ${implied.toFixed(2)}` });
          }
        }
      });
      issues.push(...figureConsistencyIssues(item.figures, def.unit));
      return issues;
    },
  };
}

/** Example figures per sex that satisfy every rule (T = F + M for counts; T between F and M otherwise). */
const EXAMPLE_FIGURES = {
  share: (sex: SexOrTotal, factor: number) =>
    ({ F: { sex, value: 25.5, numerator: 255, denominator: 10 * factor }, M: { sex, value: 23.4, numerator: 234, denominator: 10 * factor }, T: { sex, value: 24.45, numerator: 489, denominator: 20 * factor } })[sex],
  count: (sex: SexOrTotal) => ({ sex, value: { F: 120, M: 80, T: 200 }[sex] }),
  average: (sex: SexOrTotal) => ({ sex, value: { F: 81.2, M: 76.4, T: 78.8 }[sex] }),
};

/** Units whose figures are head counts: whole numbers, and the total is the sum of the sexes. */
const ADDITIVE_UNITS = new Set(['persons', 'cases', 'places']);

/**
 * Figures of one return must agree with each other: counts are whole and T = F + M; for rates and averages
 * (shares, years, minutes, yuan) the total is a weighted mean of F and M, so it lies between them.
 */
export function figureConsistencyIssues(figures: readonly ReturnFigureBase[], unit: string): ItemIssue[] {
  const issues: ItemIssue[] = [];
  const additive = ADDITIVE_UNITS.has(unit);
  const cells = new Map<string, Partial<Record<SexOrTotal, { value: number; index: number }>>>();
  figures.forEach((f, index) => {
    if (additive && !Number.isInteger(f.value)) issues.push({ field: `figures[${index}].value`, reason: `must be a whole number of ${unit}` });
    const band = f.ageBand ?? '';
    const cell = cells.get(band) ?? {};
    cell[f.sex] ??= { value: f.value, index };
    cells.set(band, cell);
  });
  for (const { F, M, T } of cells.values()) {
    if (!F || !M || !T) continue;
    if (additive) {
      if (T.value !== F.value + M.value) issues.push({ field: `figures[${T.index}].value`, reason: `must equal female + male = ${F.value + M.value}` });
      continue;
    }
    const [low, high] = [Math.min(F.value, M.value), Math.max(F.value, M.value)];
    const tolerance = Math.max(0.1, 0.01 * Math.abs(high));
    if (T.value < low - tolerance || T.value > high + tolerance) {
      issues.push({ field: `figures[${T.index}].value`, reason: `a total must lie between the female and male figures (${low} to ${high})` });
    }
  }
  return issues;
}
