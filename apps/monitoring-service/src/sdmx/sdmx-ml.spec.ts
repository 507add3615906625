import { loadAreas, returnKindsOf } from '@wdp/contracts';
import { INDICATORS } from '@wdp/indicators';
import { validateSdmxMl as validate } from '../test-support/sdmx-official-schemas';
import { mlStructureMessage } from './sdmx-ml';
import { DATAFLOWS, fixedCodelists } from './sdmx-model';
import { areaCodelist, indicatorCodelist, returnKindCodelist } from './sdmx-observations';

// The SDMX-ML 3.0 structure message against the SDMX-TWG's own SDMX-ML 3.0.0 XML Schemas, by the JDK's validator.
const areas = loadAreas().areas;
const xml = mlStructureMessage(
  { id: 'WDP-ml-1', prepared: '2026-12-01T08:00:00.000Z' },
  DATAFLOWS,
  [indicatorCodelist(INDICATORS), areaCodelist(areas), returnKindCodelist(returnKindsOf('statistics')), ...fixedCodelists()],
);

describe('SDMX-ML 3.0 structure message against the official SDMX-ML 3.0.0 XML Schemas', () => {
  it('is valid: three dataflows, their DSDs, the concept scheme and every code list with English and Chinese names', () => {
    const { status, output } = validate(xml);
    expect(output.trim()).toBe('valid');
    expect(status).toBe(0);
    expect(xml).toContain('<str:Dataflow urn="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=CN_YUNYAN:WDP_INDICATORS(1.0.0)"');
    expect(xml).toContain(`<str:Code urn="urn:sdmx:org.sdmx.infomodel.codelist.Code=CN_YUNYAN:CL_AREA(1.0.0).${areas[0].code}" id="${areas[0].code}"><com:Name xml:lang="en">`);
  }, 120_000);

  it('is a real check: the schemas refuse an attribute usage SDMX does not know and a dimension without its concept', () => {
    const bad = xml.replace('usage="mandatory"', 'usage="sometimes"').replace(/<str:Dimension urn="([^"]+)" id="REF_AREA" position="2"><str:ConceptIdentity>[^<]+<\/str:ConceptIdentity>/, '<str:Dimension urn="$1" id="REF_AREA" position="2">');
    const { status, output } = validate(bad);
    expect(status).toBe(1);
    expect(output).toMatch(/'sometimes' of attribute 'usage' on element 'str:Attribute' is not valid/);
    expect(output).toMatch(/One of .*ConceptIdentity.* is expected/);
  }, 120_000);
});
