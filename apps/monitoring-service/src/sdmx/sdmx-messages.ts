import {
  AGENCY, AGENCY_NAMES, CONCEPT_SCHEME, CONCEPT_SCHEME_NAMES, SDMX_VERSION, TIME_PERIOD, codelistUrn, componentsOf, conceptUrn, dataflowUrn, dsdUrn, structureId, urn,
  type AttributeDef, type Codelist, type ComponentDef, type DataflowDef, type DataStructureDef, type Names,
} from './sdmx-model';

/** Media types of SDMX 3.0's REST API for the messages served here. */
export const SDMX_CSV_DATA = 'application/vnd.sdmx.data+csv;version=2.0.0';
export const SDMX_JSON_DATA = 'application/vnd.sdmx.data+json;version=2.0.0';
export const SDMX_JSON_STRUCTURE = 'application/vnd.sdmx.structure+json;version=2.0.0';

/**
 * The official schemas each JSON message names in meta.schema (vendored under official-schemas/ for the tests),
 * at the release tag, where these paths stay: the default branch has moved on to SDMX-JSON 2.1.
 */
const SCHEMA_BASE = 'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0';
export const DATA_SCHEMA_URL = `${SCHEMA_BASE}/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json`;
export const STRUCTURE_SCHEMA_URL = `${SCHEMA_BASE}/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json`;

/** One observation: a value (code, number or text) per component id; null or absent = not reported. */
export type Observation = Readonly<Record<string, string | number | null | undefined>>;

export interface MessageHeader {
  /** Message id: letters, digits and _@$- only. */
  id: string;
  /** When the message was prepared (ISO 8601 with zone). */
  prepared: string;
}

const LANGUAGES = ['en', 'zh'];
const localised = (names: Names) => ({ name: names.en, names: { en: names.en, zh: names.zh } });
const self = (u: string) => [{ rel: 'self', urn: u }];

function meta(header: MessageHeader, schema: string) {
  return { schema, id: header.id, test: false, prepared: header.prepared, contentLanguages: LANGUAGES, sender: { id: AGENCY, ...localised(AGENCY_NAMES) } };
}

/** The representation of a component in a data structure definition. */
function representation(c: ComponentDef) {
  return c.codelist ? { enumeration: codelistUrn(c.codelist) } : { format: { dataType: c.textType ?? 'String' } };
}

function dataStructure(dsd: DataStructureDef) {
  const component = (c: ComponentDef, cls: string) => ({ id: c.id, links: self(urn(cls, dsd.id, c.id)), conceptIdentity: conceptUrn(c.id) });
  const dimensions = dsd.dimensions.filter((d) => d.id !== TIME_PERIOD);
  const time = dsd.dimensions.find((d) => d.id === TIME_PERIOD)!;
  return {
    id: dsd.id, version: SDMX_VERSION, agencyID: AGENCY, isExternalReference: false, ...localised(dsd.names), links: self(dsdUrn(dsd)),
    dataStructureComponents: {
      dimensionList: {
        id: 'DimensionDescriptor',
        dimensions: dimensions.map((d, position) => ({ ...component(d, 'datastructure.Dimension'), position, localRepresentation: representation(d) })),
        timeDimension: { ...component(time, 'datastructure.TimeDimension'), position: dimensions.length, localRepresentation: { format: { dataType: 'ObservationalTimePeriod' } } },
      },
      measureList: {
        id: 'MeasureDescriptor',
        measures: dsd.measures.map((m) => ({ ...component(m, 'datastructure.Measure'), usage: 'optional', localRepresentation: representation(m) })),
      },
      attributeList: {
        id: 'AttributeDescriptor',
        attributes: dsd.attributes.map((a) => ({
          ...component(a, 'datastructure.DataAttribute'), usage: a.usage, attributeRelationship: relationship(a), localRepresentation: representation(a),
        })),
      },
    },
  };
}

function relationship(a: AttributeDef) {
  return a.relationship === 'observation' ? { observation: {} } : { dimensions: [...a.relationship] };
}

/**
 * SDMX-JSON 2.0 structure message: the dataflows, their data structure definitions, the concept scheme and
 * the code lists (indicators and areas from the stored catalogue and the area hierarchy, the rest fixed).
 */
export function structureMessage(header: MessageHeader, flows: readonly DataflowDef[], codelists: readonly Codelist[]) {
  const dsds = [...new Map(flows.map((f) => [f.dsd.id, f.dsd])).values()];
  const concepts = [...new Map(dsds.flatMap(componentsOf).map((c) => [c.id, c])).values()];
  return {
    meta: meta(header, STRUCTURE_SCHEMA_URL),
    data: {
      dataflows: flows.map((f) => ({
        id: f.id, version: SDMX_VERSION, agencyID: AGENCY, isExternalReference: false, ...localised(f.names), links: self(dataflowUrn(f)), structure: dsdUrn(f.dsd),
      })),
      dataStructures: dsds.map(dataStructure),
      conceptSchemes: [{
        id: CONCEPT_SCHEME, version: SDMX_VERSION, agencyID: AGENCY, isExternalReference: false, ...localised(CONCEPT_SCHEME_NAMES),
        links: self(urn('conceptscheme.ConceptScheme', CONCEPT_SCHEME)),
        concepts: concepts.map((c) => ({ id: c.id, ...localised(c.names), links: self(conceptUrn(c.id)) })),
      }],
      codelists: codelists.map((cl) => ({
        id: cl.id, version: SDMX_VERSION, agencyID: AGENCY, isExternalReference: false, ...localised(cl.names), links: self(codelistUrn(cl.id)),
        codes: cl.codes.map((c) => ({ id: c.id, ...localised(c.names), ...(c.parent ? { parent: c.parent } : {}) })),
      })),
    },
  };
}

/** Names of the codes a data message uses, by code list id then code. */
export type CodeNames = ReadonlyMap<string, ReadonlyMap<string, Names>>;

export function codeNamesOf(codelists: readonly Codelist[]): CodeNames {
  return new Map(codelists.map((cl) => [cl.id, new Map(cl.codes.map((c) => [c.id, c.names]))]));
}

const present = (v: Observation[string]): v is string | number => v !== null && v !== undefined;

/**
 * SDMX-JSON 2.0 data message, flat (dimensionAtObservation=AllDimensions): every dimension at observation
 * level, each listing the codes used; an observation is keyed by their indexes and holds the measures, then
 * the attributes (an index into a coded attribute's values, the value itself for an uncoded one, null where
 * unreported).
 */
export function jsonDataMessage(header: MessageHeader, flow: DataflowDef, observations: readonly Observation[], names: CodeNames) {
  const dsd = flow.dsd;
  const nameOf = (c: ComponentDef, code: string): Names => (c.codelist ? names.get(c.codelist)?.get(code) : undefined) ?? { en: code, zh: code };
  const valuesOf = (c: ComponentDef) => {
    const codes = [...new Set(observations.map((o) => o[c.id]).filter(present).map(String))];
    return { codes, index: new Map(codes.map((code, i) => [code, i])) };
  };
  const dims = dsd.dimensions.map((d) => ({ def: d, ...valuesOf(d) }));
  const codedAttributes = new Map(dsd.attributes.filter((a) => a.codelist).map((a) => [a.id, valuesOf(a)]));

  const data: Record<string, (string | number | null)[]> = {};
  for (const o of observations) {
    const key = dims.map((d) => d.index.get(String(o[d.def.id]))).join(':');
    const measures = dsd.measures.map((m) => (present(o[m.id]) ? o[m.id]! : null));
    const attributes = dsd.attributes.map((a) => {
      const v = o[a.id];
      if (!present(v)) return null;
      return a.codelist ? codedAttributes.get(a.id)!.index.get(String(v))! : v;
    });
    // Trailing unreported attributes may be left out (SDMX-JSON 2.0, observations).
    while (attributes.length && attributes[attributes.length - 1] === null) attributes.pop();
    data[key] = [...measures, ...attributes];
  }

  const used = observations.length > 0;
  return {
    meta: meta(header, DATA_SCHEMA_URL),
    data: {
      structures: [{
        links: [{ rel: 'dataflow', urn: dataflowUrn(flow) }, { rel: 'datastructure', urn: dsdUrn(dsd) }],
        ...localised(flow.names),
        dimensions: {
          // A dimension lists at least one value, so an empty message describes none.
          observation: used ? dims.map((d, keyPosition) => ({
            id: d.def.id, ...localised(d.def.names), keyPosition,
            ...(d.def.id === TIME_PERIOD ? { roles: [TIME_PERIOD] } : {}),
            values: d.codes.map((code) => ({ id: code, ...localised(nameOf(d.def, code)) })),
          })) : [],
        },
        measures: { observation: dsd.measures.map((m) => ({ id: m.id, ...localised(m.names), isMandatory: false })) },
        attributes: {
          observation: dsd.attributes.map((a) => ({
            id: a.id, ...localised(a.names), isMandatory: a.usage === 'mandatory', relationship: relationship(a),
            ...(a.codelist && codedAttributes.get(a.id)!.codes.length ? { values: codedAttributes.get(a.id)!.codes.map((code) => ({ id: code, ...localised(nameOf(a, code)) })) } : {}),
          })),
        },
        dataSets: [0],
      }],
      dataSets: [{ structure: 0, action: 'Information', links: [{ rel: 'dataflow', urn: dataflowUrn(flow) }], observations: data }],
    },
  };
}

/** An RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(v: string | number | null | undefined): string {
  if (!present(v)) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * SDMX-CSV 2.0 data message: `STRUCTURE,STRUCTURE_ID,ACTION`, then one column per component (dimensions,
 * measures, attributes, in the structure's order), one row per observation with action I (information).
 */
export function csvDataMessage(flow: DataflowDef, observations: readonly Observation[]): string {
  const components = componentsOf(flow.dsd);
  const id = structureId(flow.id);
  const lines = [
    ['STRUCTURE', 'STRUCTURE_ID', 'ACTION', ...components.map((c) => c.id)].join(','),
    ...observations.map((o) => ['dataflow', id, 'I', ...components.map((c) => csvField(o[c.id]))].join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Media types a request may name, each with the format it gets and, for SDMX's own, the format version served. */
interface Served<F> {
  types: ReadonlyMap<string, F>;
  /** Versions of the SDMX media types served (`2.0.0` may be written `2`, `2.0`). */
  version: RegExp;
}

const DATA_TYPES: Served<'csv' | 'json'> = {
  types: new Map([
    ['application/vnd.sdmx.data+csv', 'csv'], ['text/csv', 'csv'],
    ['application/vnd.sdmx.data+json', 'json'], ['application/json', 'json'], ['application/*', 'json'], ['*/*', 'json'],
  ]),
  version: /^2(\.0){0,2}$/,
};

const STRUCTURE_JSON: Served<'json' | 'xml'> = {
  types: new Map([['application/vnd.sdmx.structure+json', 'json'], ['application/json', 'json'], ['application/*', 'json'], ['*/*', 'json']]),
  version: /^2(\.0){0,2}$/,
};
const STRUCTURE_XML: Served<'json' | 'xml'> = {
  types: new Map([['application/vnd.sdmx.structure+xml', 'xml'], ['application/xml', 'xml'], ['text/xml', 'xml']]),
  version: /^3(\.0){0,2}$/,
};

/**
 * The format a request asks for: `?format=` first, else the Accept header's most preferred media type served,
 * the first format when it sends none; undefined when it accepts none of them (a 406). An SDMX media type asking
 * for another version of its format (SDMX-CSV 1.0, SDMX-JSON 1.0) is not one served.
 */
function negotiate<F>(format: F | undefined, accept: string | undefined, served: readonly Served<F>[], fallback: F): F | undefined {
  if (format) return format;
  if (!accept?.trim()) return fallback;
  const ranges = accept.split(',').map((range, i) => {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const param = (name: string) => params.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1).replace(/"/g, '');
    const q = Number(param('q') ?? 1);
    const version = param('version');
    const match = served.find((s) => s.types.has(type) && (!type.startsWith('application/vnd.sdmx.') || version === undefined || s.version.test(version)));
    return { format: match?.types.get(type), q: Number.isFinite(q) ? q : 0, i };
  });
  return ranges.filter((r) => r.format !== undefined && r.q > 0).sort((a, b) => b.q - a.q || a.i - b.i)[0]?.format;
}

/** Data: SDMX-CSV 2.0 or SDMX-JSON 2.0 (the default). */
export function negotiateFormat(format: 'csv' | 'json' | undefined, accept: string | undefined): 'csv' | 'json' | undefined {
  return negotiate(format, accept, [DATA_TYPES], 'json');
}

/** Structures: SDMX-JSON 2.0 (the default) or SDMX-ML 3.0. */
export function negotiateStructureFormat(format: 'json' | 'xml' | undefined, accept: string | undefined): 'json' | 'xml' | undefined {
  return negotiate(format, accept, [STRUCTURE_JSON, STRUCTURE_XML], 'json');
}
