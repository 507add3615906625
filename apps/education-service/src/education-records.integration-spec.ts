import { describeDepartmentalContract } from '@wdp/testing';
import { AppModule } from './app.module';
import { EducationServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The education service against the real stack (PostgreSQL, the broker, a topic of its own): the contract every
 * departmental service keeps (see describeDepartmentalContract), with education's own kinds, then what only
 * education checks.
 */
describe('education-service records and returns (PostgreSQL + Kafka)', () => {
  const area = '520103001001';
  /** A school's enrolment count on census day; `psn-` marks the pseudonymous subject reference. */
  const enrolment = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-09', sex: 'F', ageBand: '10-14', count: 42,
    attributes: { schoolYear: '2025-2026', level: 'junior-secondary', ageEligible: true }, ...over,
  });
  const dropout = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-03', sex: 'M', age: 14,
    attributes: { schoolYear: '2024-2025', level: 'junior-secondary', grade: 8, ...attributes },
  });
  const levels = ['primary', 'junior-secondary', 'senior-general', 'senior-vocational'];
  const literacy = {
    area: '520103', period: '2024',
    figures: [{ sex: 'F', value: 12.5, numerator: 250, denominator: 2000 }, { sex: 'M', value: 15, numerator: 300, denominator: 2000 }],
  };

  const service = describeDepartmentalContract({
    department: 'education', siblingDepartment: 'health', strangerDepartment: 'health',
    app: { module: AppModule, configClass: EducationServiceConfig, info: SERVICE_INFO },
  }, {
    auth: { kind: 'enrolment', item: enrolment },
    single: {
      kind: 'enrolment', body: enrolment('ONE-1'),
      current: { kind: 'enrolment', area, period: '2025-09', sex: 'F', ageBand: '10-14', count: 42, attributes: { schoolYear: '2025-2026', level: 'junior-secondary', ageEligible: true } },
    },
    batch: {
      kind: 'enrolment', size: 400,
      item: (reference, i) => enrolment(reference, {
        sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001', count: 1 + (i % 50),
        attributes: { schoolYear: '2025-2026', level: levels[i % 4], ageEligible: i % 5 !== 0, ...(i % 7 === 0 ? { migrantChild: true } : {}) },
      }),
    },
    invalidBatch: {
      kind: 'enrolment',
      items: [
        enrolment('BAD-0'),
        enrolment('BAD-1', { attributes: { schoolYear: '2025/26', level: 'junior-secondary', ageEligible: true } }),
        enrolment('BAD-2'),
        enrolment('BAD-3', { sex: 'X', count: 0 }),
        enrolment('BAD-4', { area: '999999', period: '2099-01', attributes: { schoolYear: '2025-2026', level: 'university' } }),
      ],
      badRows: [1, 3, 4],
      fields: [
        'items[1].attributes.schoolYear', 'items[3].sex', 'items[3].count',
        'items[4].area', 'items[4].period', 'items[4].attributes.level', 'items[4].attributes.ageEligible',
      ],
    },
    residentId: { kind: 'dropout', item: (reference) => dropout(reference) },
    idempotency: { kind: 'enrolment', item: enrolment },
    revision: {
      kind: 'dropout', created: dropout('DROP-1'), revised: dropout('DROP-1', { grade: 9 }), response: { attributes: { grade: 9 } },
      previous: { kind: 'dropout', sex: 'M', ageBand: '10-14', count: 1, attributes: { grade: 8 } },
      current: { kind: 'dropout', sex: 'M', ageBand: '10-14', count: 1, attributes: { grade: 9 } },
    },
    withdrawal: {
      kind: 'nine-year-cohort', reason: 'reported twice', reasonIn: 'query',
      body: { reference: 'COH-1', area: '520103001', period: '2025-07', sex: 'F', count: 812, attributes: { schoolYear: '2024-2025', stage: 'graduate' } },
      previous: { kind: 'nine-year-cohort', sex: 'F', count: 812, attributes: { stage: 'graduate' } },
    },
    returns: {
      kind: 'science-literacy', unit: 'percent', submitted: literacy,
      revised: { ...literacy, figures: [{ sex: 'F', value: 13, numerator: 260, denominator: 2000 }, literacy.figures[1]] },
      numeratorOverDenominator: {
        kind: 'science-literacy', body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 100, numerator: 2100, denominator: 2000 }] },
      },
    },
    documentation: { schemas: ['EnrolmentRecord', 'EnrolmentAttributes', 'NineYearCohortRecord', 'DropoutRecord', 'ScienceLiteracyReturn', 'AverageYearsOfSchoolingReturn'] },
  });
  const { call, count, eventIdsOf, eventsOnKafka, keys } = service;

  describe('education only', () => {
    it('rejects a resident-ID-number-shaped reference, naming the field', async () => {
      const inReference = await call('POST', '/v1/records/dropout', { key: keys.write, body: dropout('11010519491231002X') });
      expect(inReference.statusCode).toBe(422);
      expect(inReference.json().errors[0].field).toBe('reference');
      expect(inReference.body).not.toContain('11010519491231002X');
      expect(await count('records', `natural_key = '11010519491231002X'`)).toBe(0);
    });

    it('accepts a plain return without numerator and denominator for average years of schooling', async () => {
      const res = await call('POST', '/v1/returns/average-years-of-schooling', {
        key: keys.write, body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 11.2 }, { sex: 'M', value: 11.6 }, { sex: 'T', value: 11.4 }] },
      });
      expect(res.statusCode).toBe(201);
      const [event] = await eventsOnKafka(await eventIdsOf([res.json().id]));
      expect(event.type).toBe('gov.yunyan.education.average-years-of-schooling-return.submitted.v1');
    });

    it('documents education’s paths and no other department’s', async () => {
      const doc = (await call('GET', '/docs-json')).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/records/enrolment', '/v1/records/nine-year-cohort/{id}', '/v1/returns/science-literacy']));
      expect(Object.keys(doc.paths).filter((p) => p.includes('live-birth'))).toEqual([]);
    });
  });
});
