import { codeNamesOf, csvDataMessage, jsonDataMessage, negotiateFormat, negotiateStructureFormat } from './sdmx-messages';
import { ageOfSdmx, fixedCodelists, RETURNS_FLOW, sdmxAge } from './sdmx-model';
import { AGE_BANDS } from '@wdp/contracts';

const figure = (over: Record<string, string | number | null>) => ({ RETURN_KIND: 'tap-water-coverage', REF_AREA: '520103', SEX: '_T', AGE: '_T', TIME_PERIOD: '2024', OBS_VALUE: 98.5, ...over });

describe('SDMX-CSV 2.0 data message', () => {
  it('writes STRUCTURE, STRUCTURE_ID and ACTION, then every component in the structure’s order, one row per observation', () => {
    const csv = csvDataMessage(RETURNS_FLOW, [figure({ NUMERATOR: 985, DENOMINATOR: 1000 }), figure({ TIME_PERIOD: '2023', OBS_VALUE: null })]);
    expect(csv.split('\r\n')).toEqual([
      'STRUCTURE,STRUCTURE_ID,ACTION,RETURN_KIND,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,NUMERATOR,DENOMINATOR',
      'dataflow,CN_YUNYAN:WDP_RETURNS(1.0.0),I,tap-water-coverage,520103,_T,_T,2024,98.5,,985,1000',
      'dataflow,CN_YUNYAN:WDP_RETURNS(1.0.0),I,tap-water-coverage,520103,_T,_T,2023,,,,',
      '',
    ]);
  });

  it('quotes a field holding a comma or a quote (RFC 4180)', () => {
    expect(csvDataMessage(RETURNS_FLOW, [figure({ UNIT_MEASURE: 'a,"b"' })]).split('\r\n')[1]).toContain(',"a,""b""",');
  });
});

describe('SDMX-JSON 2.0 data message (flat)', () => {
  it('keys each observation by the indexes of its dimension values and holds measures, then attribute indexes or values', () => {
    const message = jsonDataMessage({ id: 'm1', prepared: '2026-12-01T00:00:00Z' }, RETURNS_FLOW, [figure({ UNIT_MEASURE: 'percent', NUMERATOR: 985 }), figure({ SEX: 'F', OBS_VALUE: 97 })], codeNamesOf(fixedCodelists()));
    const [structure] = message.data.structures;
    expect(structure.dimensions.observation.map((d) => [d.id, d.values.map((v) => v.id)])).toEqual([
      ['RETURN_KIND', ['tap-water-coverage']], ['REF_AREA', ['520103']], ['SEX', ['_T', 'F']], ['AGE', ['_T']], ['TIME_PERIOD', ['2024']],
    ]);
    expect(structure.dimensions.observation[2].values[1]).toMatchObject({ name: 'female', names: { en: 'female', zh: '女' } });
    // UNIT_MEASURE is coded (index 0 of its values), NUMERATOR uncoded (the number itself); trailing unreported attributes left out.
    expect(message.data.dataSets[0].observations).toEqual({ '0:0:0:0:0': [98.5, 0, 985], '0:0:1:0:0': [97] });
  });
});

describe('negotiateFormat', () => {
  it.each([
    [undefined, undefined, 'json'],
    ['csv', 'application/json', 'csv'],
    [undefined, 'application/vnd.sdmx.data+csv;version=2.0.0', 'csv'],
    [undefined, 'text/csv', 'csv'],
    [undefined, 'application/vnd.sdmx.data+json;version=2.0.0', 'json'],
    [undefined, 'text/csv;q=0.5, application/json', 'json'],
    [undefined, 'application/xml, */*;q=0.1', 'json'],
    [undefined, 'application/xml', undefined],
    [undefined, 'text/csv;q=0', undefined],
    [undefined, 'application/vnd.sdmx.data+csv; version="2.0"', 'csv'],
    [undefined, 'application/vnd.sdmx.data+csv;version=1.0.0', undefined],
    [undefined, 'application/vnd.sdmx.data+json;version=1.0.0, text/csv;q=0.2', 'csv'],
  ] as const)('format %s, Accept %s → %s', (format, accept, expected) => {
    expect(negotiateFormat(format, accept)).toBe(expected);
  });
});

describe('negotiateStructureFormat', () => {
  it.each([
    [undefined, undefined, 'json'],
    ['xml', undefined, 'xml'],
    [undefined, 'application/vnd.sdmx.structure+xml;version=3.0.0', 'xml'],
    [undefined, 'application/xml;q=0.9, application/vnd.sdmx.structure+json', 'json'],
    [undefined, 'text/xml', 'xml'],
    [undefined, 'application/vnd.sdmx.structure+xml;version=2.1', undefined],
    [undefined, 'text/csv', undefined],
  ] as const)('format %s, Accept %s → %s', (format, accept, expected) => {
    expect(negotiateStructureFormat(format, accept)).toBe(expected);
  });
});

describe('SDMX age codes', () => {
  it('round-trips every five-year band, and _T is all ages', () => {
    for (const band of AGE_BANDS) expect(ageOfSdmx(sdmxAge(band))).toBe(band);
    expect([sdmxAge('0-4'), sdmxAge('85+'), ageOfSdmx('_T'), ageOfSdmx('Y85T89')]).toEqual(['Y0T4', 'Y_GE85', null, undefined]);
  });
});
