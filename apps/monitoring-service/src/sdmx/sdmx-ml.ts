import type { MessageHeader } from './sdmx-messages';
import {
  AGENCY, AGENCY_NAMES, CONCEPT_SCHEME, CONCEPT_SCHEME_NAMES, SDMX_VERSION, TIME_PERIOD, codelistUrn, componentsOf, conceptUrn, dataflowUrn, dsdUrn, urn,
  type AttributeDef, type Codelist, type ComponentDef, type DataflowDef, type DataStructureDef, type Names,
} from './sdmx-model';

export const SDMX_ML_STRUCTURE = 'application/vnd.sdmx.structure+xml;version=3.0.0';

const NS = 'http://www.sdmx.org/resources/sdmxml/schemas/v3_0';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const names = (n: Names) => `<com:Name xml:lang="en">${escape(n.en)}</com:Name><com:Name xml:lang="zh">${escape(n.zh)}</com:Name>`;
const maintainable = (u: string, id: string) => `urn="${u}" isExternalReference="false" agencyID="${AGENCY}" id="${id}" version="${SDMX_VERSION}"`;

/** SDMX-ML 3.0 writes a code's parent as an NCName (a letter first), so a numeric code's parent cannot be said there. */
const NCNAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function representation(c: ComponentDef): string {
  const inner = c.codelist ? `<str:Enumeration>${codelistUrn(c.codelist)}</str:Enumeration>` : `<str:TextFormat textType="${c.textType ?? 'String'}"/>`;
  return `<str:LocalRepresentation>${inner}</str:LocalRepresentation>`;
}

function relationship(a: AttributeDef): string {
  const inner = a.relationship === 'observation' ? '<str:Observation/>' : a.relationship.map((d) => `<str:Dimension>${d}</str:Dimension>`).join('');
  return `<str:AttributeRelationship>${inner}</str:AttributeRelationship>`;
}

function dataStructure(dsd: DataStructureDef): string {
  const part = (cls: string, id: string) => urn(cls, dsd.id, id);
  const concept = (c: ComponentDef) => `<str:ConceptIdentity>${conceptUrn(c.id)}</str:ConceptIdentity>`;
  const dimensions = dsd.dimensions.filter((d) => d.id !== TIME_PERIOD);
  const time = dsd.dimensions.find((d) => d.id === TIME_PERIOD)!;
  return (
    `<str:DataStructure ${maintainable(dsdUrn(dsd), dsd.id)}>${names(dsd.names)}<str:DataStructureComponents>` +
    `<str:DimensionList urn="${part('datastructure.DimensionDescriptor', 'DimensionDescriptor')}" id="DimensionDescriptor">` +
    dimensions.map((d, i) => `<str:Dimension urn="${part('datastructure.Dimension', d.id)}" id="${d.id}" position="${i + 1}">${concept(d)}${representation(d)}</str:Dimension>`).join('') +
    `<str:TimeDimension urn="${part('datastructure.TimeDimension', time.id)}" id="${time.id}">${concept(time)}${representation(time)}</str:TimeDimension>` +
    `</str:DimensionList>` +
    `<str:AttributeList urn="${part('datastructure.AttributeDescriptor', 'AttributeDescriptor')}" id="AttributeDescriptor">` +
    dsd.attributes.map((a) => `<str:Attribute urn="${part('datastructure.DataAttribute', a.id)}" id="${a.id}" usage="${a.usage}">${concept(a)}${representation(a)}${relationship(a)}</str:Attribute>`).join('') +
    `</str:AttributeList>` +
    `<str:MeasureList urn="${part('datastructure.MeasureDescriptor', 'MeasureDescriptor')}" id="MeasureDescriptor">` +
    dsd.measures.map((m) => `<str:Measure urn="${part('datastructure.Measure', m.id)}" id="${m.id}" usage="optional">${concept(m)}${representation(m)}</str:Measure>`).join('') +
    `</str:MeasureList></str:DataStructureComponents></str:DataStructure>`
  );
}

/**
 * The same structures as the SDMX-JSON structure message, as an SDMX-ML 3.0 structure message: code lists, the
 * concept scheme, the dataflows and their DSDs. The one difference: CL_AREA's hierarchy is left out, since
 * SDMX-ML 3.0 cannot name a numeric code as a parent; the SDMX-JSON message carries it.
 */
export function mlStructureMessage(header: MessageHeader, flows: readonly DataflowDef[], codelists: readonly Codelist[]): string {
  const dsds = [...new Map(flows.map((f) => [f.dsd.id, f.dsd])).values()];
  const concepts = [...new Map(dsds.flatMap(componentsOf).map((c) => [c.id, c])).values()];
  const code = (cl: Codelist, c: Codelist['codes'][number]) =>
    `<str:Code urn="${urn('codelist.Code', cl.id, c.id)}" id="${escape(c.id)}">${names(c.names)}${c.parent && NCNAME.test(c.parent) ? `<str:Parent>${c.parent}</str:Parent>` : ''}</str:Code>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<mes:Structure xmlns:mes="${NS}/message" xmlns:str="${NS}/structure" xmlns:com="${NS}/common">` +
    `<mes:Header><mes:ID>${escape(header.id)}</mes:ID><mes:Test>false</mes:Test><mes:Prepared>${escape(header.prepared)}</mes:Prepared>` +
    `<mes:Sender id="${AGENCY}">${names(AGENCY_NAMES)}</mes:Sender></mes:Header>` +
    `<mes:Structures>` +
    `<str:Codelists>${codelists.map((cl) => `<str:Codelist ${maintainable(codelistUrn(cl.id), cl.id)}>${names(cl.names)}${cl.codes.map((c) => code(cl, c)).join('')}</str:Codelist>`).join('')}</str:Codelists>` +
    `<str:ConceptSchemes><str:ConceptScheme ${maintainable(urn('conceptscheme.ConceptScheme', CONCEPT_SCHEME), CONCEPT_SCHEME)}>` +
    names(CONCEPT_SCHEME_NAMES) +
    concepts.map((c) => `<str:Concept urn="${conceptUrn(c.id)}" id="${c.id}">${names(c.names)}</str:Concept>`).join('') +
    `</str:ConceptScheme></str:ConceptSchemes>` +
    `<str:Dataflows>${flows.map((f) => `<str:Dataflow ${maintainable(dataflowUrn(f), f.id)}>${names(f.names)}<str:Structure>${dsdUrn(f.dsd)}</str:Structure></str:Dataflow>`).join('')}</str:Dataflows>` +
    `<str:DataStructures>${dsds.map(dataStructure).join('')}</str:DataStructures>` +
    `</mes:Structures></mes:Structure>`
  );
}
