import { requireRecordKind } from '@wdp/contracts';
import { startsLikeFormula } from '../upload/formula-safety';
import { compileSchema } from '../validation/compiled-validator';
import { RECORD_ITEM_BASE_SCHEMA } from './record-item.base';
import { recordItemSchema } from './record-item.schema';

// The base fields' schema restates RecordItemBase's decorators with patterns a non-Unicode RegExp can run.
// These check the restatements character by character; compiled-check.spec.ts compares whole items.

const reference = compileSchema(RECORD_ITEM_BASE_SCHEMA.properties.reference);
const NO_CONTROL_CHARS = /^\P{Cc}+$/u;

describe('record item schema', () => {
  it('refuses exactly the control characters RecordItemBase refuses, in every position, across the BMP', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      expect([c, reference(`a${ch}b`)]).toEqual([c, NO_CONTROL_CHARS.test(`a${ch}b`)]);
    }
    expect(reference('a😀b')).toBe(true);
  });

  it('refuses exactly the first characters that start a spreadsheet formula', () => {
    for (let c = 0; c <= 0xff; c++) {
      const text = `${String.fromCharCode(c)}x`;
      if (NO_CONTROL_CHARS.test(text)) expect([c, reference(text)]).toEqual([c, !startsLikeFormula(text)]);
    }
  });

  it('takes the kind’s fields from the vocabulary: sex, age, count and attributes', () => {
    const birth = recordItemSchema(requireRecordKind('health', 'live-birth')) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(birth.properties)).toEqual(['reference', 'subjectRef', 'area', 'period', 'occurredOn', 'sex', 'ageBand', 'age', 'count', 'attributes']);
    expect(birth.required).toEqual(['reference', 'area', 'period', 'sex', 'attributes']);
    expect(birth.properties.attributes).toMatchObject({ required: ['deliveryPlace', 'deliveryMode'], additionalProperties: false });
    const centre = recordItemSchema(requireRecordKind('social-security', 'elderly-service-centre')) as { properties: Record<string, unknown> };
    expect(Object.keys(centre.properties)).not.toContain('sex');
    expect(centre.properties.count).toEqual({ enum: [1, null] });
  });
});
