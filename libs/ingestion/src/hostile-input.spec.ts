import { buildAreaIndex, requireRecordKind, requireReturnKind } from '@wdp/contracts';
import fc from 'fast-check';
import { prepareSubmission, type RuleContext } from './records/record-batch';
import { recordKindFromDefinition } from './records/record-dto.factory';
import { returnKindFromDefinition } from './returns/return-kind';
import { prepareReturn } from './returns/return-validation';

const areas = buildAreaIndex([{ code: '520103', nameZh: '云岩区', level: 'district', parent: null }]);
const ctx: RuleContext = { department: 'health', hasArea: (c) => areas.has(c), now: new Date('2025-08-15T00:00:00Z') };
const birth = recordKindFromDefinition(requireRecordKind('health', 'live-birth'));
const literacy = returnKindFromDefinition(requireReturnKind('health', 'health-literacy'));

/** Whatever JSON arrives, validation answers with field errors (a 422), never by throwing (a 500). */
describe('hostile input never breaks validation', () => {
  const json = fc.jsonValue({ maxDepth: 6 });
  const nearlyValid = fc.record({
    reference: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    area: fc.oneof(fc.constant('520103'), fc.string()),
    period: fc.oneof(fc.constant('2025-07'), fc.string(), fc.integer()),
    sex: fc.oneof(fc.constantFrom('F', 'M', 'T'), json),
    ageBand: fc.oneof(fc.constant('30-34'), json),
    age: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), json),
    count: fc.oneof(fc.integer(), fc.double(), json),
    occurredOn: fc.oneof(fc.constant('2025-07-01'), fc.string(), json),
    attributes: fc.oneof(json, fc.dictionary(fc.constantFrom('deliveryPlace', 'deliveryMode', 'residence', 'x'), json)),
  }, { requiredKeys: [] });

  it('records: any JSON, and near-valid items with arbitrary fields', () => {
    fc.assert(fc.property(fc.oneof(json, nearlyValid, fc.record({ items: fc.array(fc.oneof(nearlyValid, json), { maxLength: 5 }) })), (body) => {
      const out = prepareSubmission(birth, body, ctx);
      expect(out.errors.length > 0 || out.records.length > 0).toBe(true);
      for (const e of out.errors) expect(typeof e.field === 'string' && typeof e.reason === 'string').toBe(true);
    }), { numRuns: 500 });
  });

  it('returns: any JSON, and near-valid returns with arbitrary figures', () => {
    const figure = fc.record({ sex: fc.oneof(fc.constantFrom('F', 'M', 'T'), json), value: fc.oneof(fc.double(), json), numerator: fc.oneof(fc.integer(), json), denominator: fc.oneof(fc.integer(), json) }, { requiredKeys: [] });
    const ret = fc.record({ area: fc.oneof(fc.constant('520103'), json), period: fc.oneof(fc.constant('2024'), json), figures: fc.oneof(fc.array(figure, { maxLength: 4 }), json) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(json, ret), (body) => {
      const out = prepareReturn(literacy, body, ctx);
      expect(out.errors.length > 0 || out.prepared !== undefined).toBe(true);
    }), { numRuns: 500 });
  });
});
