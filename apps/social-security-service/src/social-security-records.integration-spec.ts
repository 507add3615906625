import { describeDepartmentalContract, type RecordChangeContext } from '@wdp/testing';
import { AppModule } from './app.module';
import { SocialSecurityServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The social security service against the real stack (PostgreSQL, the broker, a topic of its own): the contract
 * every departmental service keeps (see describeDepartmentalContract), with social security's own kinds, then
 * what only it checks. The vocabulary defines no social-security return kinds, so this service serves records only.
 */
describe('social-security-service records (PostgreSQL + Kafka)', () => {
  const area = '520103001001';
  /** A period-end head count of insured persons; `psn-` marks the pseudonymous subject reference. */
  const insured = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-06', sex: 'F', ageBand: '35-39', count: 1250,
    attributes: { scheme: 'maternity', coverageType: 'employee' }, ...over,
  });
  const allowance = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-06', sex: 'F', age: 67,
    attributes: { residenceType: 'urban', disabled: false }, ...over,
  });
  const destitute = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-05', sex: 'F', ageBand: '80-84',
    attributes: { selfCareAbility: 'partly-able', supportMode: 'dispersed', ...attributes },
  });
  /** An elderly service centre: a facility, so no sex and no age. */
  const centre = (reference: string) => ({ reference, area: '520103001', period: '2025-06', attributes: { facilityLevel: 'street-centre', status: 'operating' } });
  const schemes = ['basic-medical', 'basic-pension', 'unemployment', 'work-injury', 'maternity'];
  const bands = ['20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69'];

  const service = describeDepartmentalContract({
    // Even the sibling employment bureau (same HRSS family) may not write here.
    department: 'social-security', siblingDepartment: 'employment', strangerDepartment: 'health',
    app: { module: AppModule, configClass: SocialSecurityServiceConfig, info: SERVICE_INFO },
  }, {
    auth: { kind: 'insurance-enrolment', item: insured },
    single: {
      kind: 'minimum-living-allowance', body: allowance('ONE-1'),
      current: { kind: 'minimum-living-allowance', area, period: '2025-06', sex: 'F', ageBand: '65-69', count: 1, attributes: { residenceType: 'urban', disabled: false } },
    },
    batch: {
      kind: 'insurance-enrolment', size: 400,
      item: (reference, i) => insured(reference, {
        sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001', ageBand: bands[i % 10], count: 10 + i,
        attributes: {
          scheme: schemes[i % 5], coverageType: i % 4 ? 'employee' : 'urban-rural-resident',
          ...(schemes[i % 5] === 'basic-pension' ? { receivingBenefit: i % 3 === 0 } : {}),
        },
      }),
      check: (changes) => expect(changes.filter((c) => c.data.current!.attributes.scheme === 'maternity')).toHaveLength(80),
    },
    invalidBatch: {
      kind: 'insurance-enrolment',
      items: [
        insured('BAD-0'),
        insured('BAD-1', { attributes: { scheme: 'housing-fund', coverageType: 'employee' } }),
        insured('BAD-2', { ageBand: '36-40', count: -3 }),
        insured('BAD-3'),
        insured('BAD-4', { period: '2025-13', attributes: { scheme: 'basic-medical', coverageType: 'employee', receivingBenefit: 'yes' } }),
      ],
      badRows: [1, 2, 4],
      fields: ['items[1].attributes.scheme', 'items[2].ageBand', 'items[2].count', 'items[4].period', 'items[4].attributes.receivingBenefit'],
    },
    residentId: { kind: 'minimum-living-allowance', item: allowance },
    idempotency: { kind: 'minimum-living-allowance', item: allowance },
    revision: {
      kind: 'destitute-person-support', created: destitute('DPS-1'), revised: destitute('DPS-1', { selfCareAbility: 'unable', supportMode: 'centralised' }),
      response: { attributes: { selfCareAbility: 'unable', supportMode: 'centralised' } },
      previous: { kind: 'destitute-person-support', sex: 'F', ageBand: '80-84', attributes: { selfCareAbility: 'partly-able', supportMode: 'dispersed' } },
      current: { kind: 'destitute-person-support', sex: 'F', ageBand: '80-84', attributes: { selfCareAbility: 'unable', supportMode: 'centralised' } },
    },
    withdrawal: {
      kind: 'elderly-service-centre', body: centre('ESC-1'), reason: 'filed against the wrong street', reasonIn: 'query',
      previous: { kind: 'elderly-service-centre', area: '520103001', attributes: { facilityLevel: 'street-centre' } },
      more: async ({ changes }: RecordChangeContext) => {
        expect(changes[0].data.current).toEqual({
          kind: 'elderly-service-centre', area: '520103001', period: '2025-06', count: 1, attributes: { facilityLevel: 'street-centre', status: 'operating' },
        });
      },
    },
    documentation: {
      schemas: ['InsuranceEnrolmentRecord', 'InsuranceEnrolmentAttributes', 'MinimumLivingAllowanceRecord', 'DestitutePersonSupportRecord', 'ElderlyServiceCentreRecord', 'LongTermCareRecipientRecord'],
    },
  });
  const { call, count, keys } = service;

  describe('social security only', () => {
    it('refuses a sex on a facility record (an elderly service centre), naming the field', async () => {
      const res = await call('POST', '/v1/records/elderly-service-centre', { key: keys.write, body: { ...centre('ESC-2'), sex: 'F' } });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'sex' })]);
      expect(await count('records', `natural_key = 'ESC-2'`)).toBe(0);
    });

    it('serves no statistical returns (the vocabulary defines none) and lists every record kind', async () => {
      const kinds = (await call('GET', '/v1/kinds')).json();
      expect(kinds.returns).toEqual([]);
      expect(kinds.records.map((k: { kind: string }) => k.kind).sort()).toEqual(
        ['destitute-person-support', 'elderly-service-centre', 'insurance-enrolment', 'long-term-care-recipient', 'minimum-living-allowance'],
      );
      expect((await call('POST', '/v1/returns/insurance-enrolment', { key: keys.write, body: { area: '520103', period: '2024', figures: [] } })).statusCode).toBe(404);
      const doc = (await call('GET', '/docs-json')).json();
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/returns'))).toEqual([]);
    });
  });
});
