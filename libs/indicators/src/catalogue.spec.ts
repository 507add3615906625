import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recordKind, returnKind } from '@wdp/contracts';
import {
  CATALOGUE_VERSION,
  DOMAIN_LABELS,
  DOMAINS,
  INDICATORS,
  type IndicatorDefinition,
  indicatorByCode,
  indicatorsOfDepartment,
  indicatorsOfDomain,
  indicatorsUsingRecordKind,
  indicatorsUsingReturnKind,
  isInputRef,
  isObservationRef,
  operandsOf,
  validateIndicator,
} from './index';

// The plan text is kept in the repo beside the catalogue it sources, so this check always runs.
const PLAN_FILE = path.resolve(__dirname, '../../../docs/plan/yunyan-womens-development-plan-2021-2025.zh.txt');
const entries = INDICATORS.map((i) => [i.code, i] as const);

describe('indicator catalogue', () => {
  it('has a semantic version', () => {
    expect(CATALOGUE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('has unique codes numbered from 01 within each domain prefix', () => {
    const codes = INDICATORS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const domain of DOMAINS) {
      const own = indicatorsOfDomain(domain).map((i) => i.code);
      own.forEach((code, n) => expect(code).toBe(`${DOMAIN_LABELS[domain].prefix}-${String(n + 1).padStart(2, '0')}`));
    }
  });

  it('covers all nine domains with several dozen entries', () => {
    for (const domain of DOMAINS) expect(indicatorsOfDomain(domain).length).toBeGreaterThan(0);
    expect(INDICATORS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(entries)('%s is internally consistent and resolves against the vocabulary', (_code, indicator) => {
    expect(validateIndicator(indicator)).toEqual([]);
  });

  it('gives numeric targets a value and directional ones none', () => {
    for (const i of INDICATORS) {
      if (['at_least', 'at_most', 'about', 'coverage'].includes(i.comparator)) expect(typeof i.targetValue).toBe('number');
      else expect(i.targetValue).toBeNull();
      expect(i.targetYear).toBe(2025);
      expect(i.baseline.year).toBe(2020);
    }
  });

  it('resolves every record and return reference to a kind in the vocabulary', () => {
    for (const i of INDICATORS) {
      for (const f of i.reference ? [i.definition, i.reference] : [i.definition]) {
        for (const op of operandsOf(f)) {
          if (isInputRef(op)) expect(recordKind(op.department, op.recordKind)).toBeDefined();
          if (isObservationRef(op)) expect(returnKind(op.department, op.returnKind)).toBeDefined();
        }
      }
    }
  });

  it('states the plan’s key numeric targets exactly', () => {
    const target = (code: string) => {
      const i = indicatorByCode(code)!;
      return [i.comparator, i.targetValue, i.unit];
    };
    expect(target('HEA-01')).toEqual(['at_least', 81.8, 'years']);
    expect(target('HEA-02')).toEqual(['at_most', 14, 'per-100k-live-births']);
    expect(target('HEA-03')).toEqual(['at_least', 70, 'percent']);
    expect(target('HEA-08')).toEqual(['at_most', 2.5, 'percent']);
    expect(target('HEA-12')).toEqual(['at_least', 27, 'percent']);
    expect(target('HEA-13')).toEqual(['at_most', 10, 'percent']);
    expect(target('HEA-15')).toEqual(['at_least', 88.6, 'percent']);
    expect(target('HEA-16')).toEqual(['at_least', 92, 'percent']);
    expect(target('HEA-29')).toEqual(['at_most', 15, 'per-100k-live-births']);
    expect(target('EDU-03')).toEqual(['at_least', 96, 'percent']);
    expect(target('EDU-04')).toEqual(['at_least', 95, 'percent']);
    expect(target('EDU-06')).toEqual(['at_least', 11.4, 'years']);
    expect(target('ECO-01')).toEqual(['about', 40, 'percent']);
    expect(target('DEC-18')).toEqual(['at_least', 10, 'percent']);
    expect(target('DEC-20')).toEqual(['about', 50, 'percent']);
    expect(target('DEC-21')).toEqual(['at_least', 30, 'percent']);
    expect(target('SOC-07')).toEqual(['at_least', 90, 'percent']);
    expect(target('SOC-08')).toEqual(['at_least', 60, 'percent']);
    expect(target('ENV-02')).toEqual(['at_least', 95, 'percent']);
    expect(target('LAW-01')).toEqual(['at_least', 95, 'percent']);
    expect(indicatorByCode('HEA-03')!.definition).toMatchObject({
      type: 'ratio',
      denominator: { returnKind: 'resident-population', sex: 'F', ageBands: ['35-39', '40-44', '45-49', '50-54', '55-59', '60-64'] },
    });
  });

  it('finds entries by code, department and the kinds they use', () => {
    expect(indicatorByCode('NOPE-01')).toBeUndefined();
    expect(indicatorsOfDepartment('statistics').every((i) => ['decision-making', 'rural-revitalization', 'environment'].includes(i.domain))).toBe(true);
    expect(indicatorsUsingRecordKind('health', 'live-birth').map((i) => i.code)).toEqual(['HEA-02', 'HEA-16', 'HEA-29']);
    expect(indicatorsUsingRecordKind('health', 'nope')).toEqual([]);
    const usesPartyMembers = indicatorsUsingReturnKind('statistics', 'party-members').map((i) => i.code);
    expect(usesPartyMembers).toEqual(['DEC-01', 'DEC-02']); // DEC-02 through its parity reference
  });

  describe('against the plan text', () => {
    const plan = readFileSync(PLAN_FILE, 'utf8');
    it.each(entries)('%s quotes the plan verbatim', (_code, indicator: IndicatorDefinition) => {
      expect(plan).toContain(indicator.source.text);
    });
  });
});

describe('validateIndicator', () => {
  const base = indicatorByCode('HEA-02')!;

  it.each([
    ['a directional comparator with a target', { comparator: 'decrease' as const }, /directional/],
    ['a numeric comparator without a target', { comparator: 'at_least' as const, direction: 'higher_is_better' as const, targetValue: null }, /needs a numeric target/],
    ['a contradicting direction', { direction: 'higher_is_better' as const }, /contradicts at_most/],
    ['a factor that disagrees with the unit', { factor: 100 }, /disagrees with unit/],
    ['an unknown record kind', { definition: { type: 'count' as const, input: { department: 'health' as const, recordKind: 'nope' } } }, /health\/nope is not in the vocabulary/],
    [
      'an unknown attribute',
      { definition: { type: 'count' as const, input: { department: 'health' as const, recordKind: 'maternal-death', where: { colour: 'red' } } } },
      /has no attribute colour/,
    ],
    [
      'an invalid attribute value',
      { definition: { type: 'count' as const, input: { department: 'health' as const, recordKind: 'mtct-outcome', where: { infection: 'flu' } } } },
      /infection must be one of/,
    ],
    [
      'a sex selection on a kind without sex',
      { definition: { type: 'count' as const, input: { department: 'health' as const, recordKind: 'maternal-death', sex: 'F' as const } } },
      /has no sex to select on/,
    ],
    [
      'a sex a return does not carry',
      { definition: { type: 'observation' as const, return: { department: 'statistics' as const, kind: 'tap-water-coverage' }, figure: { sex: 'F' as const } } },
      /has no figures for sex F/,
    ],
    ['about without tolerance', { comparator: 'about' as const, direction: 'towards_reference' as const, targetValue: 40 }, /positive tolerance/],
    ['parity without reference', { comparator: 'parity' as const, direction: 'towards_reference' as const, targetValue: null }, /reference is required/],
  ])('rejects %s', (_name, change, message) => {
    const problems = validateIndicator({ ...base, ...change } as IndicatorDefinition);
    expect(problems.join('\n')).toMatch(message);
  });
});
