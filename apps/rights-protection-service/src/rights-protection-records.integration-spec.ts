import { describeDepartmentalContract } from '@wdp/testing';
import { AppModule } from './app.module';
import { RightsProtectionServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The rights protection service against the real stack (PostgreSQL, the broker, a topic of its own): the contract
 * every departmental service keeps (see describeDepartmentalContract), with rights protection's own kinds, then
 * what only it checks.
 */
describe('rights-protection-service records and returns (PostgreSQL + Kafka)', () => {
  const area = '520103001001';
  /** A domestic violence report; `psn-` marks the pseudonymous subject reference (the victim). */
  const dvReport = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-08', occurredOn: '2025-08-14', sex: 'F', age: 36,
    attributes: { reportChannel: 'police-call', relationship: 'spouse' }, ...over,
  });
  const hotlineCase = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-09', sex: 'F', ageBand: '30-34',
    attributes: { matter: 'marriage-family', handling: 'resolved', handledInTime: true }, ...over,
  });
  const trafficking = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-02', sex: 'F', ageBand: '15-19',
    attributes: { status: 'filed', victimRescued: false, ...attributes },
  });
  const warningLetter = (reference: string) => ({ reference, subjectRef: `psn-${reference}`, area, period: '2025-08', sex: 'F', ageBand: '40-44', attributes: { relationship: 'spouse' } });
  const matters = ['domestic-violence', 'marriage-family', 'labour', 'property', 'sexual-harassment', 'consultation', 'other'];
  const handlings = ['resolved', 'referred', 'in-progress', 'unresolved'];
  const security = {
    area: '520103', period: '2024',
    figures: [{ sex: 'F', value: 95.2, numerator: 952, denominator: 1000 }, { sex: 'M', value: 96.8, numerator: 968, denominator: 1000 }, { sex: 'T', value: 96, numerator: 1920, denominator: 2000 }],
  };

  const service = describeDepartmentalContract({
    department: 'rights-protection', siblingDepartment: 'family', strangerDepartment: 'health',
    app: { module: AppModule, configClass: RightsProtectionServiceConfig, info: SERVICE_INFO },
  }, {
    auth: { kind: 'domestic-violence-report', item: dvReport },
    single: {
      kind: 'domestic-violence-report', body: dvReport('ONE-1'),
      current: { kind: 'domestic-violence-report', area, period: '2025-08', sex: 'F', ageBand: '35-39', count: 1, attributes: { reportChannel: 'police-call', relationship: 'spouse' } },
    },
    batch: {
      kind: 'hotline-12338-case', size: 400,
      item: (reference, i) => hotlineCase(reference, {
        sex: i % 10 ? 'F' : 'M', area: i % 3 ? area : '520103001',
        attributes: { matter: matters[i % 7], handling: handlings[i % 4], handledInTime: i % 6 !== 0 },
      }),
    },
    invalidBatch: {
      kind: 'hotline-12338-case',
      items: [
        hotlineCase('BAD-0'),
        hotlineCase('BAD-1'),
        hotlineCase('BAD-2', { attributes: { matter: 'noise', handling: 'resolved', handledInTime: true, caller: 'x' } }),
        hotlineCase('BAD-3', { ageBand: undefined, occurredOn: '2030-01-01' }),
        hotlineCase('BAD-4', { area: '520103999999', count: 2 }),
      ],
      badRows: [2, 3, 4],
      fields: ['items[2].attributes.matter', 'items[2].attributes.caller', 'items[3].occurredOn', 'items[4].area', 'items[4].count'],
    },
    residentId: { kind: 'domestic-violence-report', item: dvReport },
    idempotency: { kind: 'warning-letter', item: warningLetter },
    revision: {
      kind: 'trafficking-case', created: trafficking('TC-1'), revised: trafficking('TC-1', { status: 'solved', victimRescued: true }),
      response: { attributes: { status: 'solved', victimRescued: true } },
      previous: { kind: 'trafficking-case', sex: 'F', ageBand: '15-19', attributes: { status: 'filed', victimRescued: false } },
      current: { kind: 'trafficking-case', sex: 'F', ageBand: '15-19', attributes: { status: 'solved', victimRescued: true } },
    },
    withdrawal: {
      kind: 'protection-order-application', reason: 'entered at the wrong court', reasonIn: 'query',
      body: { reference: 'POA-1', subjectRef: 'psn-POA-1', area, period: '2025-07', sex: 'F', ageBand: '25-29', attributes: { applicant: 'victim' } },
      previous: { kind: 'protection-order-application', sex: 'F', ageBand: '25-29', attributes: { applicant: 'victim' } },
    },
    returns: {
      kind: 'sense-of-security', unit: 'percent', submitted: security,
      revised: { ...security, figures: [{ sex: 'F', value: 95.5, numerator: 955, denominator: 1000 }, ...security.figures.slice(1)] },
      numeratorOverDenominator: {
        kind: 'sense-of-security', body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 100, numerator: 1001, denominator: 1000 }] },
      },
    },
    documentation: {
      schemas: [
        'DomesticViolenceReportRecord', 'WarningLetterRecord', 'ProtectionOrderDecisionAttributes', 'TraffickingCaseRecord',
        'SexualHarassmentCaseRecord', 'LegalAidCaseRecord', 'Hotline12338CaseRecord', 'SenseOfSecurityReturn',
      ],
    },
  });
  const { call, count, eventIdsOf, eventsOnKafka, keys } = service;

  describe('rights protection only', () => {
    it('rejects an old 15-digit resident ID number in a case reference, naming the field', async () => {
      const legacy = await call('POST', '/v1/records/domestic-violence-report', { key: keys.write, body: dvReport('DV-PII-2', { reference: 'case of 110105491231002' }) });
      expect(legacy.statusCode).toBe(422);
      expect(legacy.json().errors[0].field).toBe('reference');
      expect(await count('records', `natural_key LIKE 'case of%'`)).toBe(0);
    });

    it('bounds an optional integer attribute (hours to a protection order decision)', async () => {
      const decision = (hoursToDecision: number) => ({ reference: `POD-${hoursToDecision}`, area, period: '2025-07', sex: 'F', ageBand: '25-29', attributes: { decision: 'granted', hoursToDecision } });
      const bad = await call('POST', '/v1/records/protection-order-decision', { key: keys.write, body: decision(9000) });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'attributes.hoursToDecision' })]);
      expect((await call('POST', '/v1/records/protection-order-decision', { key: keys.write, body: decision(60) })).statusCode).toBe(201);
    });

    it('withdraws a return with a withdrawn event', async () => {
      const res = await call('POST', '/v1/returns/sense-of-security', {
        key: keys.write, body: { area: '520103001', period: '2023', figures: [{ sex: 'F', value: 90, numerator: 90, denominator: 100 }] },
      });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      expect((await call('DELETE', `/v1/returns/sense-of-security/${id}?reason=${encodeURIComponent('sample too small')}`, { key: keys.write })).statusCode).toBe(200);
      const [, withdrawn] = await eventsOnKafka(await eventIdsOf([id]));
      expect(withdrawn.type).toBe('gov.yunyan.rights-protection.sense-of-security-return.withdrawn.v1');
      expect(withdrawn.data).toMatchObject({ current: null, previous: { kind: 'sense-of-security', area: '520103001', period: '2023' } });
    });

    it('lists its ten record kinds and its one return kind', async () => {
      const kinds = (await call('GET', '/v1/kinds')).json();
      expect(kinds.records).toHaveLength(10);
      expect(kinds.returns.map((k: { kind: string }) => k.kind)).toEqual(['sense-of-security']);
    });
  });
});
