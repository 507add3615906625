import { loadAreas, RECORD_KINDS, RETURN_KINDS } from '@wdp/contracts';
import { prepareSubmission, type RuleContext } from './records/record-batch';
import { recordKindFromDefinition } from './records/record-dto.factory';
import { returnKindFromDefinition } from './returns/return-kind';
import { prepareReturn } from './returns/return-validation';

/** Every OpenAPI example a service publishes must itself be accepted: clients copy them. */
describe('generated examples are valid for every kind of every department', () => {
  const areas = loadAreas();
  const district = areas.ofLevel('district')[0].code;
  const community = areas.ofLevel('community')[0].code;
  // Examples are fixed values; judged on a fixed day, so that no test depends on today's date.
  const AT = new Date('2026-03-15T00:00:00Z');
  const ctx = (department: string): RuleContext => ({ department, hasArea: (c) => areas.has(c), now: AT });

  it.each(RECORD_KINDS.map((k) => [`${k.department}/${k.kind}`, k] as const))('record %s', (_name, def) => {
    const spec = recordKindFromDefinition(def, { exampleArea: community });
    const { errors, records } = prepareSubmission(spec, spec.example, ctx(def.department));
    expect(errors).toEqual([]);
    expect(records[0].fact.kind).toBe(def.kind);
  });

  it.each(RETURN_KINDS.map((k) => [`${k.department}/${k.kind}`, k] as const))('return %s', (_name, def) => {
    const spec = returnKindFromDefinition(def, { exampleArea: district });
    expect(prepareReturn(spec, spec.example, ctx(def.department)).errors).toEqual([]);
  });
});
