import { describeDepartmentalContract } from '@wdp/testing';
import { AppModule } from './app.module';
import { FamilyServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The family service against the real stack (PostgreSQL, the broker, a topic of its own): the contract every
 * departmental service keeps (see describeDepartmentalContract), with family's own kinds, then what only
 * family checks.
 */
describe('family-service records and returns (PostgreSQL + Kafka)', () => {
  const area = '520103001001';
  /** A family dispute taken up for mediation; `psn-` marks the pseudonymous subject reference (the applicant). */
  const mediation = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-05', occurredOn: '2025-05-20', sex: 'F', age: 41,
    attributes: { disputeType: 'marital', outcome: 'pending', mediator: 'peoples-mediation-committee' }, ...over,
  });
  /** One provider's childcare places at period end: a facility, so no sex and no age. */
  const places = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, area, period: '2025-06', count: 60, attributes: { providerType: 'community', affordable: true }, ...over,
  });
  /** A family education session's attendance count. */
  const session = (reference: string) => ({ reference, area, period: '2025-04', sex: 'F', count: 38, attributes: { serviceType: 'parent-school-class', provider: 'school' } });
  const providers = ['public', 'private', 'employer', 'community', 'kindergarten-nursery-class'];
  const housework = {
    area: '520103', period: '2024',
    figures: [
      { sex: 'F', value: 154 }, { sex: 'M', value: 61 }, { sex: 'T', value: 108 },
      { sex: 'F', ageBand: '30-34', value: 172 }, { sex: 'M', ageBand: '30-34', value: 66 },
    ],
  };

  const service = describeDepartmentalContract({
    department: 'family', siblingDepartment: 'rights-protection', strangerDepartment: 'education',
    app: { module: AppModule, configClass: FamilyServiceConfig, info: SERVICE_INFO },
  }, {
    auth: { kind: 'family-dispute-mediation', item: mediation },
    single: {
      kind: 'family-dispute-mediation', body: mediation('ONE-1'),
      current: {
        kind: 'family-dispute-mediation', area, period: '2025-05', sex: 'F', ageBand: '40-44', count: 1,
        attributes: { disputeType: 'marital', outcome: 'pending', mediator: 'peoples-mediation-committee' },
      },
    },
    batch: {
      kind: 'childcare-places', size: 400,
      item: (reference, i) => places(reference, { area: i % 3 ? area : '520103001', count: 20 + (i % 80), attributes: { providerType: providers[i % 5], affordable: i % 3 !== 0 } }),
      check: (changes, items) => {
        for (const c of changes) expect(c.data.current).not.toHaveProperty('sex');
        const total = changes.reduce((sum, c) => sum + c.data.current!.count, 0);
        expect(total).toBe(items.reduce((sum, i) => sum + Number(i.count), 0));
      },
    },
    invalidBatch: {
      kind: 'childcare-places',
      items: [
        places('BAD-0'),
        places('BAD-1', { sex: 'F', ageBand: '0-4' }),
        places('BAD-2'),
        places('BAD-3', { count: 2.5, attributes: { providerType: 'home', affordable: 'yes' } }),
        places('BAD-4', { period: '2025', area: '' }),
      ],
      badRows: [1, 3, 4],
      fields: ['items[1].sex', 'items[1].ageBand', 'items[3].count', 'items[3].attributes.providerType', 'items[3].attributes.affordable', 'items[4].area'],
      check: (problem) => expect(problem.errors.filter((e) => e.row === 4).length).toBeGreaterThanOrEqual(2),
    },
    residentId: { kind: 'family-dispute-mediation', item: mediation },
    idempotency: { kind: 'family-education-service', item: session },
    revision: {
      kind: 'family-dispute-mediation', created: mediation('MED-1'),
      revised: mediation('MED-1', { attributes: { disputeType: 'marital', outcome: 'agreement-reached', mediator: 'peoples-mediation-committee' } }),
      response: { attributes: { outcome: 'agreement-reached' } },
      previous: { kind: 'family-dispute-mediation', sex: 'F', ageBand: '40-44', attributes: { outcome: 'pending' } },
      current: { kind: 'family-dispute-mediation', sex: 'F', ageBand: '40-44', attributes: { outcome: 'agreement-reached' } },
    },
    withdrawal: {
      kind: 'childcare-places', body: places('CCP-W-1', { count: 90 }), reason: 'provider closed before opening', reasonIn: 'body',
      previous: { kind: 'childcare-places', count: 90, attributes: { providerType: 'community', affordable: true } },
    },
    // Housework time is a plain figure: numerator and denominator do not apply (refused below).
    returns: {
      kind: 'housework-time', unit: 'minutes-per-day', submitted: housework,
      revised: { ...housework, figures: [{ sex: 'F', value: 149 }, ...housework.figures.slice(1)] },
    },
    documentation: { schemas: ['ChildcarePlacesRecord', 'ChildcarePlacesAttributes', 'FamilyDisputeMediationRecord', 'FamilyEducationServiceRecord', 'HouseworkTimeReturn'] },
  });
  const { call, count, keys } = service;

  describe('family only', () => {
    it('rejects a resident-ID-number-shaped value in a return’s note, naming the field', async () => {
      const inReturnNote = await call('POST', '/v1/returns/housework-time', {
        key: keys.write, body: { area: '520103', period: '2023', note: 'respondent 11010519491231002X', figures: [{ sex: 'F', value: 150 }] },
      });
      expect(inReturnNote.statusCode).toBe(422);
      expect(inReturnNote.json().errors[0].field).toBe('note');
      expect(inReturnNote.body).not.toContain('11010519491231002X');
      expect(await count('statistical_returns', `area = '520103' AND period = '2023'`)).toBe(0);
    });

    it('rejects impossible returns with 422 naming the figure: more minutes than a day has, a repeated cell, a numerator this kind does not take', async () => {
      const res = await call('POST', '/v1/returns/housework-time', {
        key: keys.write,
        body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 1500 }, { sex: 'M', value: 60, numerator: 6, denominator: 5 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['figures[0].value', 'figures[1].numerator', 'figures[1].denominator']));
      const repeated = await call('POST', '/v1/returns/housework-time', {
        key: keys.write, body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 150 }, { sex: 'F', value: 151 }] },
      });
      expect(repeated.statusCode).toBe(422);
      expect(repeated.json().errors).toEqual([expect.objectContaining({ field: 'figures[1]', row: 1 })]);
      expect((await call('POST', '/v1/returns/housework-time', { key: keys.write, body: { area: '520103001', period: '2024-Q1', figures: [{ sex: 'F', value: 150 }] } })).statusCode).toBe(422);
      expect(await count('statistical_returns', `area = '520103001'`)).toBe(0);
    });

    it('documents childcare places without a sex, and family’s paths', async () => {
      const doc = (await call('GET', '/docs-json')).json();
      expect(doc.components.schemas.ChildcarePlacesRecord.properties).not.toHaveProperty('sex');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/records/childcare-places', '/v1/records/family-education-service/{id}', '/v1/returns/housework-time']));
    });
  });
});
