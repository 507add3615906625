import { parse } from 'csv-parse/sync';
import { waitFor } from '@wdp/testing';
import { ApiKeyService } from '@wdp/ingestion';
import { OTHER_STREET, STREET } from '../test-support/fixtures';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';
import { officialSdmxSchema, validateSdmxMl } from '../test-support/sdmx-official-schemas';

const dataSchema = officialSdmxSchema('sdmx-json-data-schema.json');
const structureSchema = officialSdmxSchema('sdmx-json-structure-schema.json');

const ID = 'CN_YUNYAN:WDP_RETURNS(1.0.0)';
const HEADER = 'STRUCTURE,STRUCTURE_ID,ACTION,RETURN_KIND,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE';
/** The rows of one headcount return: women, men and the total of 1,000 (deputies, members…) in an area. */
const rowsOf = (kind: string, area: string, period: string, women: number) =>
  [['F', women], ['M', 1000 - women], ['_T', 1000]].map(([sex, n]) => `dataflow,${ID},I,${kind},${area},${sex},_T,${period},${n}`);
/** One deputies return: women, men and the total of 1,000 district People's Congress deputies in the street. */
const deputies = (period: string, women: number) => [HEADER, ...rowsOf('people-congress-deputies', STREET, period, women)].join('\r\n');
/** A dataset that needs approval here, so a cell of it can be approved and locked. */
const HELD_KIND = 'cppcc-members';

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
  const importCsv = (body: string, headers: Record<string, string> = {}, query = '') =>
    h.app.inject({ method: 'POST', url: `/v1/sdmx/data/WDP_RETURNS${query}`, headers: { 'x-api-key': h.keys.statistics, 'content-type': 'application/vnd.sdmx.data+csv;version=2.0.0', ...headers }, payload: body });
  const count = async (table: string) => Number((await h.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    h = await startMonitoring('mon_sdmx', { APPROVAL_REQUIRED: `statistics/returns/${HELD_KIND}` });
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
    expect(first.json()).toMatchObject({ dryRun: false, received: 1, created: 1, unchanged: 0 });
    expect(first.json().items).toEqual([expect.objectContaining({ rows: [2, 3, 4], kind: 'people-congress-deputies', area: STREET, period: '2020', outcome: 'created' })]);
    const replay = await importCsv(deputies('2020', 300), { 'idempotency-key': 'sdmx-deputies-2020' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect((await importCsv(deputies('2020', 300))).json().items[0].outcome).toBe('unchanged');
    const conflict = await importCsv(deputies('2020', 310));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().errors[0]).toMatchObject({ row: 2, column: 'TIME_PERIOD', field: 'period' });
    expect(await count('outbox')).toBe(outbox + 1);
    const [audit] = await h.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'return.submitted' AND resource_id = $1`, [first.json().items[0].id]);
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

  describe('a message of many returns', () => {
    const counts = async () => [await count('statistical_returns'), await count('outbox'), await count('audit_log')];
    const listed = async (kind: string, area: string) =>
      ((await get(`/v1/returns/${kind}?area=${area}&limit=100`, { 'x-api-key': h.keys.statistics })).json().items as { area: string; period: string; figures: unknown[] }[]);
    const message = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

    it('imports every return of the message (kinds, areas, periods; rows in any order) in one transaction, under one Idempotency-Key', async () => {
      const [returns, outbox, audit] = await counts();
      const a = rowsOf('people-congress-deputies', OTHER_STREET, '2019', 310);
      const b = rowsOf('people-congress-deputies', OTHER_STREET, '2018', 305);
      const c = rowsOf('people-congress-deputies', STREET, '2018', 299);
      const d = rowsOf(HELD_KIND, OTHER_STREET, '2019', 400);
      // Interleaved, as a bureau's export by sex then area writes them.
      const body = message(a[0], b[0], c[0], d[0], a[1], b[1], c[1], d[1], c[2], b[2], a[2], d[2]);

      const dry = await importCsv(body, { 'idempotency-key': 'sdmx-many-dry' }, '?dryRun=true');
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ dryRun: true, received: 4, created: 4, unchanged: 0 });
      expect(dry.json().items.map((i: { outcome: string }) => i.outcome)).toEqual(['would-create', 'would-create', 'would-create', 'would-create']);
      expect(await counts()).toEqual([returns, outbox, audit]);

      const first = await importCsv(body, { 'idempotency-key': 'sdmx-many' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ dryRun: false, received: 4, created: 4, unchanged: 0 });
      expect(first.json().items.map((i: Json) => [i.kind, i.area, i.period, i.rows, i.outcome])).toEqual([
        ['people-congress-deputies', OTHER_STREET, '2019', [2, 6, 12], 'created'],
        ['people-congress-deputies', OTHER_STREET, '2018', [3, 7, 11], 'created'],
        ['people-congress-deputies', STREET, '2018', [4, 8, 10], 'created'],
        [HELD_KIND, OTHER_STREET, '2019', [5, 9, 13], 'created'],
      ]);
      expect(first.json().items[0].figures).toEqual([{ sex: 'F', value: 310 }, { sex: 'M', value: 690 }, { sex: 'T', value: 1000 }]);
      // Four returns, four submitted events (and the held dataset's draft event), one audit entry each.
      const ids = first.json().items.map((i: { id: string }) => i.id);
      expect(await count('statistical_returns')).toBe(returns + 4);
      expect(await count('outbox')).toBe(outbox + 5);
      const [audited] = await h.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'return.submitted' AND resource_id = ANY($1::text[])`, [ids]);
      expect(audited.n).toBe(4);
      // One transaction: the rows were written by one transaction id.
      const [tx] = await h.dataSource.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM statistical_returns WHERE id = ANY($1::uuid[])`, [ids]);
      expect(tx.n).toBe(1);

      const replay = await importCsv(body, { 'idempotency-key': 'sdmx-many' });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      const reused = await importCsv(message(...a, ...b), { 'idempotency-key': 'sdmx-many' });
      expect(reused.statusCode).toBe(409);
      expect(reused.json().errors).toEqual([{ field: 'Idempotency-Key', reason: 'reused with a different request body or route' }]);
      const again = await importCsv(message(...b, ...a));
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ received: 2, created: 0, unchanged: 2 });
      expect(await count('statistical_returns')).toBe(returns + 4);

      expect((await listed('people-congress-deputies', OTHER_STREET)).map((r) => r.period).sort()).toEqual(['2018', '2019']);
      expect((await listed(HELD_KIND, OTHER_STREET)).map((r) => r.period)).toEqual(['2019']);
      await waitFor(async () => (await get(`/v1/values?indicator=DEC-03&area=${OTHER_STREET}&sex=F&period=2019`)).json().items?.[0]?.value === 31, { what: 'DEC-03 2019 in the other street' });
      await waitFor(async () => (await get(`/v1/values?indicator=DEC-03&area=${OTHER_STREET}&sex=F&period=2018`)).json().items?.[0]?.value === 30.5, { what: 'DEC-03 2018 in the other street' });
    });

    it('refuses a message with one bad row among three returns: every problem by row, no return, outbox or audit row written', async () => {
      const before = await counts();
      const a = rowsOf('people-congress-deputies', OTHER_STREET, '2017', 310);
      const b = rowsOf('people-congress-deputies', OTHER_STREET, '2016', 305);
      const c = rowsOf('party-members', OTHER_STREET, '2017', 520);
      const res = await importCsv(message(...a, b[0], b[1].replace(',M,', ',X,'), b[2], ...c, a[0]));
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toBe('The SDMX-CSV message has invalid rows; nothing was written.');
      expect(res.json().errors).toEqual([
        { row: 6, column: 'SEX', field: 'figures[1].sex', reason: 'must be a code of CL_SEX: F, M or _T' },
        { row: 11, field: 'figures[3]', reason: 'repeats the observation of row 2 (the same RETURN_KIND, REF_AREA, TIME_PERIOD, SEX and AGE): give each observation once' },
      ]);
      expect(await counts()).toEqual(before);
      expect((await listed('people-congress-deputies', OTHER_STREET)).map((r) => r.period).sort()).toEqual(['2018', '2019']);
      expect(await listed('party-members', OTHER_STREET)).toEqual([]);

      // A rule of the returns API broken by one return of three: the total is not women + men.
      const sums = await importCsv(message(...a, ...rowsOf('people-congress-deputies', OTHER_STREET, '2016', 305).map((r, i) => (i === 2 ? r.replace(',1000', ',999') : r)), ...c));
      expect(sums.statusCode).toBe(422);
      expect(sums.json().errors).toEqual([{ row: 7, column: 'OBS_VALUE', field: 'figures[2].value', reason: 'must equal female + male = 1000' }]);
      expect(await counts()).toEqual(before);
    });

    it('refuses the whole message when one return conflicts with a stored one or falls in an approved, locked cell', async () => {
      const before = await counts();
      const fresh = rowsOf('people-congress-deputies', OTHER_STREET, '2015', 300);
      const changed = rowsOf('people-congress-deputies', OTHER_STREET, '2019', 311);
      const conflict = await importCsv(message(...fresh, ...changed));
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().errors).toEqual([{ row: 5, column: 'TIME_PERIOD', field: 'period', reason: expect.stringMatching(/already exists as .* with different figures; revise it with PUT/) }]);
      expect(conflict.json().conflicts).toEqual([{ rows: [5, 6, 7], id: expect.any(String), status: 'active' }]);
      expect(await counts()).toEqual(before);

      // A nil return for the held dataset, submitted and approved: its cell is locked.
      const approver = (await h.app.get(ApiKeyService).issue({ department: 'statistics', scopes: ['approve:statistics', 'read:statistics'], label: 'sdmx approver' })).key;
      const cell = { datasetType: 'return', kind: HELD_KIND, period: '2016', area: OTHER_STREET };
      const act = (action: string, key: string) => h.app.inject({ method: 'POST', url: `/v1/submissions/${action}`, headers: { 'x-api-key': key, 'content-type': 'application/json' }, payload: cell });
      expect((await act('submit', h.keys.statistics)).statusCode).toBe(200);
      expect((await act('approve', approver)).statusCode).toBe(200);
      const approved = await counts();
      const locked = await importCsv(message(...fresh, ...rowsOf(HELD_KIND, OTHER_STREET, '2016', 400), ...rowsOf('people-congress-deputies', OTHER_STREET, '2014', 300)));
      expect(locked.statusCode).toBe(409);
      expect(locked.json().errors).toEqual([{ row: 5, column: 'TIME_PERIOD', field: 'period', reason: `2016 in ${OTHER_STREET} (${HELD_KIND}) is approved and locked` }]);
      expect(await counts()).toEqual(approved);
      expect(approved[0]).toBe(before[0]);
      expect((await listed('people-congress-deputies', OTHER_STREET)).map((r) => r.period).sort()).toEqual(['2018', '2019']);
    });

    it('checks each return against the validation rules: one breaking an error rule refuses the message at that return, nothing written', async () => {
      const rule = {
        code: 'VR-95', reason: 'A test of the SDMX import.', nameEn: 'Women at most half of the deputies',
        left: [{ operand: { department: 'statistics', returnKind: 'people-congress-deputies', sex: 'F' } }], operator: '<=',
        right: [{ operand: { department: 'statistics', returnKind: 'people-congress-deputies', sex: 'T' }, coefficient: 0.5 }], severity: 'error', areaLevels: ['street'],
      };
      const created = await h.app.inject({ method: 'POST', url: '/v1/validation/rules', headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' }, payload: rule });
      expect(created.statusCode).toBe(201);
      const before = await counts();
      const res = await importCsv(message(
        ...rowsOf('people-congress-deputies', OTHER_STREET, '2013', 300),
        ...rowsOf('people-congress-deputies', OTHER_STREET, '2012', 600),
        ...rowsOf('party-members', OTHER_STREET, '2013', 700),
      ));
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([{ row: 5, field: 'figures', reason: expect.stringMatching(/VR-95/) }]);
      expect(res.json().violations).toEqual([expect.objectContaining({ rule: 'VR-95', severity: 'error', areaCode: OTHER_STREET, period: '2012', left: 600, right: 500 })]);
      expect(await counts()).toEqual(before);
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/validation/rules/VR-95?reason=test%20over', headers: { 'x-api-key': h.keys.admin } })).statusCode).toBeLessThan(300);
    });

    it('checks a rule relating two returns of the same message with both in place: broken together, refused; consistent, written', async () => {
      const rule = {
        code: 'VR-96', reason: 'A test of the SDMX import.', nameEn: 'Women party members at most the women deputies',
        left: [{ operand: { department: 'statistics', returnKind: 'party-members', sex: 'F' } }], operator: '<=',
        right: [{ operand: { department: 'statistics', returnKind: 'people-congress-deputies', sex: 'F' } }], severity: 'error', areaLevels: ['street'],
      };
      const created = await h.app.inject({ method: 'POST', url: '/v1/validation/rules', headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' }, payload: rule });
      expect(created.statusCode).toBe(201);
      const before = await counts();
      // Neither return is stored: each checked alone, the rule has no other side and says nothing.
      const broken = await importCsv(message(
        ...rowsOf('people-congress-deputies', OTHER_STREET, '2011', 200),
        ...rowsOf('party-members', OTHER_STREET, '2011', 700),
      ));
      expect(broken.statusCode).toBe(422);
      expect(broken.json().errors.length).toBeGreaterThan(0);
      for (const e of broken.json().errors) expect(e).toEqual({ row: expect.any(Number), field: 'figures', reason: expect.stringMatching(/VR-96/) });
      expect(broken.json().violations).toContainEqual(expect.objectContaining({ rule: 'VR-96', areaCode: OTHER_STREET, period: '2011', left: 700, right: 200 }));
      expect(await counts()).toEqual(before);
      const consistent = await importCsv(message(
        ...rowsOf('people-congress-deputies', OTHER_STREET, '2010', 800),
        ...rowsOf('party-members', OTHER_STREET, '2010', 700),
      ));
      expect(consistent.statusCode).toBe(201);
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/validation/rules/VR-96?reason=test%20over', headers: { 'x-api-key': h.keys.admin } })).statusCode).toBeLessThan(300);
    });

    it('bounds a message: more observations or bytes than the limits are a 413 naming them', async () => {
      const before = await counts();
      const row = (i: number) => `dataflow,${ID},I,people-congress-deputies,${OTHER_STREET},F,_T,${1000 + (i % 1000)},${i}`;
      const many = await importCsv(message(...Array.from({ length: 10_001 }, (_, i) => row(i))));
      expect(many.statusCode).toBe(413);
      expect(many.headers['content-type']).toMatch(/^application\/problem\+json/);
      const limits = 'the limits are 10000 observations, 2000 returns and 2097152 bytes';
      expect(many.json()).toMatchObject({ limits: { observations: 10_000, returns: 2_000, bytes: 2_097_152 }, errors: [{ field: '(file)', reason: `has 10001 observations: ${limits}` }] });
      // One row a return: 2,001 periods.
      const returns = await importCsv(message(...Array.from({ length: 2_001 }, (_, i) => `dataflow,${ID},I,people-congress-deputies,${OTHER_STREET},F,_T,${1000 + i},1`)));
      expect(returns.statusCode).toBe(413);
      expect(returns.json().errors).toEqual([{ field: '(file)', reason: `has 2001 returns: ${limits}` }]);
      const big = await importCsv(`${HEADER}\r\n${' '.repeat(2 * 1024 * 1024)}`);
      expect(big.statusCode).toBe(413);
      expect(big.json().detail).toMatch(/at most 10000 observations, 2000 returns and 2097152 bytes; this one has 2097\d{3} bytes/);
      expect(await counts()).toEqual(before);
    });
  });
});
