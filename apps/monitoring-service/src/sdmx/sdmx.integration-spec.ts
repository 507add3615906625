import { parse } from 'csv-parse/sync';
import { waitFor } from '@wdp/testing';
import { STREET } from '../test-support/fixtures';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';
import { officialSdmxSchema, validateSdmxMl } from '../test-support/sdmx-official-schemas';

const dataSchema = officialSdmxSchema('sdmx-json-data-schema.json');
const structureSchema = officialSdmxSchema('sdmx-json-structure-schema.json');

const ID = 'CN_YUNYAN:WDP_RETURNS(1.0.0)';
const HEADER = 'STRUCTURE,STRUCTURE_ID,ACTION,RETURN_KIND,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE';
/** One deputies return: women, men and the total of 1,000 district People's Congress deputies in the street. */
const deputies = (period: string, women: number) =>
  [HEADER, ...[['F', women], ['M', 1000 - women], ['_T', 1000]].map(([sex, n]) => `dataflow,${ID},I,people-congress-deputies,${STREET},${sex},_T,${period},${n}`)].join('\r\n');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What an SDMX validator checks of an SDMX-CSV 2.0 message against the structures it was published with
 * (GET /v1/sdmx/structure): the header names the dataflow's components in order, each row names the dataflow
 * with its agency and version, each coded cell is a code of its component's code list, each mandatory attribute
 * is reported, the time period is an SDMX time period and the measure a number. Returns every problem found.
 */
function csvProblems(structure: Json, flowId: string, csv: string): string[] {
  const flow = structure.data.dataflows.find((f: Json) => f.id === flowId);
  const dsd = structure.data.dataStructures.find((d: Json) => `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${d.agencyID}:${d.id}(${d.version})` === flow.structure);
  const lists = dsd.dataStructureComponents;
  const components: Json[] = [...lists.dimensionList.dimensions, lists.dimensionList.timeDimension, ...lists.measureList.measures, ...lists.attributeList.attributes];
  const codes = new Map<string, Set<string>>(structure.data.codelists.map((c: Json) => [`urn:sdmx:org.sdmx.infomodel.codelist.Codelist=${c.agencyID}:${c.id}(${c.version})`, new Set(c.codes.map((x: Json) => x.id))]));
  const [header, ...rows] = parse(csv) as string[][];
  const problems: string[] = [];
  const expected = ['STRUCTURE', 'STRUCTURE_ID', 'ACTION', ...components.map((c) => c.id)];
  if (header.join() !== expected.join()) problems.push(`header ${header.join()} is not ${expected.join()}`);
  rows.forEach((row, i) => {
    const at = (what: string) => problems.push(`row ${i + 2}: ${what}`);
    if (row[0] !== 'dataflow' || row[1] !== `${flow.agencyID}:${flow.id}(${flow.version})` || !['I', 'A', 'R', 'D'].includes(row[2])) at('structure or action');
    components.forEach((c, j) => {
      const cell = row[3 + j];
      const list = c.localRepresentation?.enumeration;
      if (cell !== '' && list && !codes.get(list)?.has(cell)) at(`${c.id} ${cell} is not in ${list}`);
      if (cell === '' && (c.usage === 'mandatory' || lists.dimensionList.dimensions.includes(c) || c.id === 'TIME_PERIOD')) at(`${c.id} is missing`);
    });
    if (!/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/.test(row[expected.indexOf('TIME_PERIOD')])) at('TIME_PERIOD is not a time period');
    const value = row[expected.indexOf('OBS_VALUE')];
    if (value !== '' && !Number.isFinite(Number(value))) at('OBS_VALUE is not a number');
  });
  return problems;
}

/** A flat SDMX-JSON data message read back as rows of component values, for comparison with the CSV. */
function jsonRows(message: Json): Record<string, string>[] {
  const structure = message.data.structures[0];
  const dims: Json[] = structure.dimensions.observation;
  const measures: Json[] = structure.measures.observation;
  const attributes: Json[] = structure.attributes.observation;
  return Object.entries<unknown[]>(message.data.dataSets[0].observations).map(([key, values]) => {
    const row: Record<string, string> = {};
    key.split(':').forEach((index, i) => (row[dims[i].id] = dims[i].values[Number(index)].id));
    measures.forEach((m, i) => (row[m.id] = values[i] === null ? '' : String(values[i])));
    attributes.forEach((a, i) => {
      const v = values[measures.length + i];
      row[a.id] = v === null || v === undefined ? '' : a.values ? a.values[v as number].id : String(v);
    });
    return row;
  });
}

describe('SDMX interchange: returns imported from SDMX-CSV, values and assessments exported and valid SDMX-JSON 2.0', () => {
  let h: MonitoringHarness;
  const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': h.keys.read, ...headers } });
  const importCsv = (body: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url: '/v1/sdmx/data/WDP_RETURNS', headers: { 'x-api-key': h.keys.statistics, 'content-type': 'application/vnd.sdmx.data+csv;version=2.0.0', ...headers }, payload: body });
  const count = async (table: string) => Number((await h.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    h = await startMonitoring('mon_sdmx');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('serves the structures as SDMX-JSON 2.0 and SDMX-ML 3.0 messages the official schemas accept', async () => {
    const res = await get('/v1/sdmx/structure');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.sdmx\.structure\+json; ?version="?2\.0\.0"?/);
    expect(res.headers['content-language']).toBe('en, zh');
    const message = res.json();
    expect(structureSchema(message)).toBe(true);
    expect(message.data.dataStructures[0].dataStructureComponents.dimensionList.dimensions.map((d: { id: string }) => d.id)).toEqual(['INDICATOR', 'REF_AREA', 'SEX', 'AGE']);
    const areas = message.data.codelists.find((c: { id: string }) => c.id === 'CL_AREA');
    expect(areas.codes.find((c: { id: string }) => c.id === STREET)).toMatchObject({ parent: '520103', names: { zh: expect.any(String) } });

    const xml = await get('/v1/sdmx/structure', { accept: 'application/vnd.sdmx.structure+xml;version=3.0.0' });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^application\/vnd\.sdmx\.structure\+xml; ?version="?3\.0\.0"?/);
    expect(validateSdmxMl(xml.body).output.trim()).toBe('valid');
    expect((await get('/v1/sdmx/structure', { accept: 'text/csv' })).statusCode).toBe(406);
  }, 120_000);

  it('refuses a message with bad rows, naming each row and column, and writes nothing', async () => {
    const [returns, outbox, audit] = [await count('statistical_returns'), await count('outbox'), await count('audit_log')];
    const bad = [
      HEADER,
      `dataflow,${ID},I,people-congress-deputies,${STREET},F,_T,2020,300`,
      `dataflow,${ID},I,people-congress-deputies,${STREET},X,_T,2020,700`,
      `dataflow,${ID},I,people-congress-deputies,${STREET},_T,_T,2020,many`,
      `dataflow,${ID},R,people-congress-deputies,${STREET},M,_T,2021,700`,
    ].join('\r\n');
    const res = await importCsv(bad);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([
      { row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'must be a code of CL_SEX: F, M or _T' },
      { row: 4, column: 'OBS_VALUE', field: 'figures[2].value', reason: 'must be a number' },
      { row: 5, column: 'ACTION', field: 'ACTION', reason: expect.stringMatching(/^must be I \(information\) or A \(append\)/) },
      { row: 5, column: 'TIME_PERIOD', field: 'period', reason: expect.stringMatching(/^differs from row 2/) },
    ]);
    // Rows the reader could read still meet the returns API's rules: the total is not women + men.
    const sums = await importCsv([HEADER, ...[['F', 300], ['M', 600], ['_T', 1000]].map(([s, n]) => `dataflow,${ID},I,people-congress-deputies,${STREET},${s},_T,2020,${n}`)].join('\r\n'));
    expect(sums.statusCode).toBe(422);
    expect(sums.json().errors[0]).toMatchObject({ row: expect.any(Number), field: expect.stringMatching(/^figures\[\d\]/) });
    expect([await count('statistical_returns'), await count('outbox'), await count('audit_log')]).toEqual([returns, outbox, audit]);
  });

  it('imports returns through the returns API, once per Idempotency-Key, and the figures reach /v1/values', async () => {
    const outbox = await count('outbox');
    const first = await importCsv(deputies('2020', 300), { 'idempotency-key': 'sdmx-deputies-2020' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ kind: 'people-congress-deputies', area: STREET, period: '2020', outcome: 'created' });
    const replay = await importCsv(deputies('2020', 300), { 'idempotency-key': 'sdmx-deputies-2020' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
    expect((await importCsv(deputies('2020', 300))).json().outcome).toBe('unchanged');
    const conflict = await importCsv(deputies('2020', 310));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().errors[0]).toMatchObject({ row: 2, column: 'TIME_PERIOD', field: 'period' });
    expect(await count('outbox')).toBe(outbox + 1);
    const [audit] = await h.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'return.submitted' AND resource_id = $1`, [first.json().id]);
    expect(audit.n).toBe(1);

    for (const [period, women] of [['2021', 290], ['2022', 280], ['2023', 270], ['2024', 260]] as const) expect((await importCsv(deputies(period, women))).statusCode).toBe(201);
    await waitFor(async () => (await get(`/v1/values?indicator=DEC-03&area=${STREET}&sex=F&period=2024`)).json().items?.[0]?.value === 26, { what: 'DEC-03 2024 from the imported returns' });
  });

  it('exports the values as SDMX-CSV 2.0 and as SDMX-JSON 2.0 the official schema accepts', async () => {
    const csv = await get(`/v1/sdmx/data/WDP_INDICATORS?indicator=DEC-03&area=${STREET}&sex=F`, { accept: 'application/vnd.sdmx.data+csv;version=2.0.0' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('application/vnd.sdmx.data+csv;version=2.0.0');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS,LOWER_BOUND,UPPER_BOUND,INTERVAL_METHOD,NUMERATOR,DENOMINATOR');
    // A share from counts (260 of 1,000 deputies) carries its Wilson interval and the counts.
    expect(lines[5]).toMatch(new RegExp(`^dataflow,CN_YUNYAN:WDP_INDICATORS\\(1\\.0\\.0\\),I,DEC-03,${STREET},F,_T,2024,26,percent,A,F,23\\.3\\d*,28\\.8\\d*,wilson,260,1000$`));
    expect(lines.slice(1).map((l) => l.split(',')[7])).toEqual(['2020', '2021', '2022', '2023', '2024']);

    const json = await get(`/v1/sdmx/data/WDP_INDICATORS?indicator=DEC-03&area=${STREET}&format=json`);
    expect(json.headers['content-type']).toMatch(/^application\/vnd\.sdmx\.data\+json; ?version="?2\.0\.0"?/);
    const message = json.json();
    expect(dataSchema(message)).toBe(true);
    const dims = message.data.structures[0].dimensions.observation as { id: string; values: { id: string }[] }[];
    const key = ['DEC-03', STREET, 'F', '_T', '2024'].map((code, i) => dims[i].values.findIndex((v) => v.id === code)).join(':');
    expect(message.data.dataSets[0].observations[key][0]).toBe(26);

    // The CSV conforms to the published structure and carries exactly the JSON message's observations.
    const structure = (await get('/v1/sdmx/structure')).json();
    const all = await get('/v1/sdmx/data/WDP_INDICATORS?format=csv');
    expect(csvProblems(structure, 'WDP_INDICATORS', all.body)).toEqual([]);
    expect(csvProblems(structure, 'WDP_INDICATORS', all.body.replace(',percent,', ',bogus,').replace(',A,F,', ',A,,'))).toEqual([
      expect.stringMatching(/UNIT_MEASURE bogus is not in/), expect.stringMatching(/CONF_STATUS is missing/),
    ]);
    const [header, ...rows] = parse(all.body) as string[][];
    const fromCsv = rows.map((r) => Object.fromEntries(header.slice(3).map((h, i) => [h, r[3 + i]])));
    const fromJson = jsonRows((await get('/v1/sdmx/data/WDP_INDICATORS?format=json')).json());
    const order = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(fromJson.length).toBeGreaterThan(0);
    expect(fromJson.map((r) => ({ ...r, OBS_VALUE: String(Number(r.OBS_VALUE || NaN)) })).sort(order)).toEqual(fromCsv.map((r) => ({ ...r, OBS_VALUE: String(Number(r.OBS_VALUE || NaN)) })).sort(order));

    // The provisional view is marked P, observation by observation.
    const provisional = await get(`/v1/sdmx/data/WDP_INDICATORS?indicator=DEC-03&area=${STREET}&view=provisional&format=csv`);
    expect(provisional.statusCode).toBe(200);
    expect(csvProblems(structure, 'WDP_INDICATORS', provisional.body)).toEqual([]);
    expect(new Set(provisional.body.trim().split('\r\n').slice(1).map((l) => l.split(',')[10]))).toEqual(new Set(['P']));

    expect((await get('/v1/sdmx/data/WDP_INDICATORS', { accept: 'application/xml' })).statusCode).toBe(406);
    const badFilter = await get('/v1/sdmx/data/WDP_INDICATORS?sex=X&format=xml');
    expect(badFilter.statusCode).toBe(422);
    expect(badFilter.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['format', 'sex']);
  });

  it('exports the assessments as SDMX-JSON 2.0 the official schema accepts', async () => {
    await waitFor(async () => (await get(`/v1/assessments/DEC-03?area=${STREET}&sex=F`)).json().items?.[0]?.year === 2024, { what: 'DEC-03 assessed through 2024' });
    const res = await get(`/v1/sdmx/data/WDP_ASSESSMENTS?indicator=DEC-03&area=${STREET}`);
    expect(res.statusCode).toBe(200);
    const message = res.json();
    expect(dataSchema(message)).toBe(true);
    const attributes = message.data.structures[0].attributes.observation as { id: string; values?: { id: string }[] }[];
    const status = attributes.findIndex((a) => a.id === 'ASSESSMENT_STATUS');
    const [observation] = Object.values(message.data.dataSets[0].observations) as unknown[][];
    expect(attributes[status].values![observation[1 + status] as number].id).toEqual(expect.any(String));
    const csv = await get(`/v1/sdmx/data/WDP_ASSESSMENTS?indicator=DEC-03&area=${STREET}&sex=F&format=csv`);
    expect(csvProblems((await get('/v1/sdmx/structure')).json(), 'WDP_ASSESSMENTS', csv.body)).toEqual([]);
    expect(csv.body.split('\r\n')[1]).toMatch(new RegExp(`^dataflow,CN_YUNYAN:WDP_ASSESSMENTS\\(1\\.0\\.0\\),I,DEC-03,${STREET},F,_T,2024,26,`));
  });

  it('keeps the import to the statistics bureau and the exports to readers', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/v1/sdmx/data/WDP_RETURNS', headers: { 'x-api-key': h.keys.read, 'content-type': 'text/csv' }, payload: deputies('2019', 1) })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/v1/sdmx/data/WDP_INDICATORS' })).statusCode).toBe(401);
    expect((await importCsv('{}', { 'content-type': 'application/json' })).statusCode).toBe(415);
  });
});
