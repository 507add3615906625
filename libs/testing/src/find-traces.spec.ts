import fc from 'fast-check';
import { findTraces } from './find-traces';

describe('findTraces', () => {
  it('finds what raw.includes finds: inside JSON strings, in numbers, in headers, and across quotes', () => {
    const raw = `{"id":"e1","data":{"items":[{"ref":"BATCH-12","n":33},{"note":"see p-BATCH-7 please"}]}}{"wdp_request_id":"r-9"}`;
    const traces = ['BATCH-12', 'BATCH-1', 'p-BATCH-7', 'BATCH-99', '33', 'r-9', '"n":33', 'ref":"B', 'nothing'];
    expect(findTraces(raw, traces)).toEqual(traces.filter((t) => raw.includes(t)));
    expect(findTraces(raw, traces)).toEqual(['BATCH-12', 'BATCH-1', 'p-BATCH-7', '33', 'r-9', '"n":33', 'ref":"B']);
  });

  it('keeps a repeated trace as often as it was given when every trace holds a double quote (found in CI by the property below)', () => {
    expect(findTraces('"', ['"', '"'])).toEqual(['"', '"']);
  });

  it('agrees with raw.includes on any text and traces, repeats and empty traces included', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '"', ':', '1', '-', ' ', '\\'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 8 }), (raw, traces) => {
        expect(findTraces(raw, traces)).toEqual(traces.filter((t) => t.length > 0 && raw.includes(t)));
      }),
      { numRuns: 2_000 },
    );
  });
});
