import type { ReturnEventData } from '@wdp/contracts';
import { describeDepartmentalContract } from '@wdp/testing';
import { AppModule } from './app.module';
import { EmploymentServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The employment service against the real stack (PostgreSQL, the broker, a topic of its own): the contract every
 * departmental service keeps (see describeDepartmentalContract), with employment's own kinds, then what only
 * employment checks.
 */
describe('employment-service records and returns (PostgreSQL + Kafka)', () => {
  const area = '520103001001';
  /** One new urban employment registration; `psn-` marks the pseudonymous subject reference. */
  const hire = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-06', occurredOn: '2025-06-12', sex: 'F', age: 23,
    attributes: { employmentForm: 'employee', collegeGraduate: true }, ...over,
  });
  const disease = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-04', sex: 'M', ageBand: '45-49',
    attributes: { diseaseCategory: 'pneumoconiosis', industry: 'mining', ...attributes },
  });
  const forms = ['employee', 'self-employed', 'flexible', 'public-welfare-post', 'business-start'];
  const graduates = {
    area: '520103', period: '2024',
    figures: [{ sex: 'F', value: 90, numerator: 900, denominator: 1000 }, { sex: 'M', value: 88, numerator: 880, denominator: 1000 }],
  };

  const service = describeDepartmentalContract({
    department: 'employment', siblingDepartment: 'family', strangerDepartment: 'social-security',
    app: { module: AppModule, configClass: EmploymentServiceConfig, info: SERVICE_INFO },
  }, {
    auth: { kind: 'new-urban-employment', item: hire },
    single: {
      kind: 'new-urban-employment', body: hire('ONE-1'),
      current: { kind: 'new-urban-employment', area, period: '2025-06', sex: 'F', ageBand: '20-24', count: 1, attributes: { employmentForm: 'employee', collegeGraduate: true } },
    },
    batch: {
      kind: 'new-urban-employment', size: 400,
      item: (reference, i) => hire(reference, {
        sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001', occurredOn: undefined, age: 18 + (i % 40),
        attributes: { employmentForm: forms[i % 5], collegeGraduate: i % 4 === 0, ...(i % 9 === 0 ? { hardToEmploy: true } : {}) },
      }),
    },
    invalidBatch: {
      kind: 'new-urban-employment',
      items: [
        hire('BAD-0'),
        hire('BAD-1', { attributes: { employmentForm: 'gig', collegeGraduate: true } }),
        hire('BAD-2', { count: 5, age: 150 }),
        hire('BAD-3'),
        hire('BAD-4', { occurredOn: '2025-07-01', sex: undefined, attributes: { employmentForm: 'employee' } }),
      ],
      badRows: [1, 2, 4],
      fields: ['items[1].attributes.employmentForm', 'items[2].count', 'items[2].age', 'items[4].occurredOn', 'items[4].sex', 'items[4].attributes.collegeGraduate'],
    },
    residentId: { kind: 'occupational-disease-case', item: (reference) => disease(reference) },
    idempotency: { kind: 'new-urban-employment', item: hire },
    revision: {
      kind: 'occupational-disease-case', created: disease('OD-1'),
      revised: disease('OD-1', { diseaseCategory: 'noise-induced-deafness', industry: 'manufacturing' }),
      response: { attributes: { diseaseCategory: 'noise-induced-deafness' } },
      previous: { kind: 'occupational-disease-case', sex: 'M', ageBand: '45-49', attributes: { diseaseCategory: 'pneumoconiosis', industry: 'mining' } },
      current: { kind: 'occupational-disease-case', sex: 'M', ageBand: '45-49', attributes: { diseaseCategory: 'noise-induced-deafness', industry: 'manufacturing' } },
    },
    withdrawal: {
      kind: 'senior-professional-title', reason: 'unit reported under the wrong street', reasonIn: 'body',
      body: { reference: 'SPT-1', area: '520103001', period: '2025-12', sex: 'F', ageBand: '40-44', count: 37, attributes: { titleLevel: 'associate-senior', field: 'health' } },
      previous: { kind: 'senior-professional-title', sex: 'F', ageBand: '40-44', count: 37, attributes: { titleLevel: 'associate-senior' } },
    },
    returns: {
      kind: 'graduate-employment', unit: 'percent', submitted: graduates,
      revised: { ...graduates, figures: [{ sex: 'F', value: 91, numerator: 910, denominator: 1000 }, graduates.figures[1]] },
      numeratorOverDenominator: {
        kind: 'graduate-employment', body: { area: '520103001', period: '2024', figures: [{ sex: 'M', value: 100, numerator: 1200, denominator: 1000 }] },
      },
    },
    documentation: {
      schemas: ['NewUrbanEmploymentRecord', 'SeniorProfessionalTitleRecord', 'OccupationalDiseaseCaseRecord', 'OccupationalDiseaseCaseAttributes', 'AverageIncomeReturn', 'GraduateEmploymentReturn'],
    },
  });
  const { call, count, eventIdsOf, eventsOnKafka, keys } = service;

  describe('employment only', () => {
    it('rejects a resident-ID number in an unknown field, naming the field without echoing the value', async () => {
      const unknownField = await call('POST', '/v1/records/occupational-disease-case', { key: keys.write, body: { ...disease('OD-PII-2'), idCard: 'worker 11010519491231002X' } });
      expect(unknownField.statusCode).toBe(422);
      expect(unknownField.json().errors.map((e: { field: string }) => e.field)).toContain('idCard');
      expect(unknownField.body).not.toContain('11010519491231002X');
      expect(await count('records', `natural_key = 'OD-PII-2'`)).toBe(0);
    });

    it('stores an average-income return by sex (a plain figure, no numerator or denominator)', async () => {
      const res = await call('POST', '/v1/returns/average-income', {
        key: keys.write, body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 61200 }, { sex: 'M', value: 68900 }, { sex: 'T', value: 65300 }] },
      });
      expect(res.statusCode).toBe(201);
      const [event] = await eventsOnKafka(await eventIdsOf([res.json().id]));
      expect(event.type).toBe('gov.yunyan.employment.average-income-return.submitted.v1');
      expect((event.data as ReturnEventData).current).toMatchObject({ unit: 'yuan', figures: [{ sex: 'F', value: 61200 }, { sex: 'M', value: 68900 }, { sex: 'T', value: 65300 }] });
    });

    it('documents employment’s paths and no other department’s', async () => {
      const doc = (await call('GET', '/docs-json')).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/records/new-urban-employment', '/v1/records/senior-professional-title/{id}', '/v1/returns/employee-headcount']));
      expect(Object.keys(doc.paths).filter((p) => p.includes('enrolment'))).toEqual([]);
    });
  });
});
