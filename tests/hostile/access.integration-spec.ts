import { parse as parseCsv } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { ApiKeyService, containsResidentIdNumber, generateApiKey } from '@wdp/ingestion';
import { collectTopic, testInfra, topicMessageCount } from '@wdp/testing';
import { residentIdNumber, slotsOf, pathString } from './mutations';
import { writeOperations, type Schema, type WriteOperation } from './openapi-operations';
import { DEPARTMENTAL_TARGETS, MONITORING_TARGET, settledSnapshot, startService, type RunningService } from './stack';
import fc from 'fast-check';

// Access control and privacy against the whole system: the six departmental services and the monitoring
// service, each on its own database, monitoring consuming the departmental services' own topics.

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
/** The 43-character secret at the end of a key (it may itself contain '_'). */
const secretOf = (key: string) => key.slice(-43);

interface Started {
  service: RunningService;
  doc: Schema;
  /** The department's own write key (write + read scopes). */
  own: { id: string; key: string };
  admin: { id: string; key: string };
  /** First record POST of the service (a return POST where there are no record kinds). */
  write: WriteOperation;
}

async function prepare(service: RunningService): Promise<Started> {
  const dept = service.target.department;
  const doc = (await service.call('GET', '/docs-json')).json();
  const posts = writeOperations(doc).filter((o) => o.method === 'POST' && /^\/v1\/(records|returns)\/[^/{]+$/.test(o.path) && o.example);
  const write = posts.find((o) => o.path.startsWith('/v1/records/')) ?? posts[0];
  return {
    service, doc, write,
    own: await service.issueKey(dept, [`write:${dept}`, `read:${dept}`]),
    admin: await service.issueKey(dept, ['admin']),
  };
}

/** Registers a key of any department in a service's store, past the rules for issuing one. */
async function plantKey(service: RunningService, department: string, scopes: string[]): Promise<{ key: string }> {
  const { key } = generateApiKey(department);
  await service.app.get(ApiKeyService).register(key, scopes, 'planted by the access test');
  return { key };
}

/** A valid body of the operation under a fresh natural key (records: reference; returns: the example's area and period). */
function bodyFor(op: WriteOperation, tag: string): Record<string, unknown> {
  return op.path.startsWith('/v1/records/') ? { ...op.example, reference: tag } : { ...op.example };
}

describe('access control and privacy across the system', () => {
  const departments: Started[] = [];
  let monitoring: Started;
  let reader: { id: string; key: string };

  beforeAll(async () => {
    for (const t of DEPARTMENTAL_TARGETS) departments.push(await prepare(await startService(t)));
    const consume = Object.fromEntries(departments.map((d) => [d.service.target.department, d.service.publishedTopics[0]]));
    monitoring = await prepare(await startService(MONITORING_TARGET, {}, consume));
    reader = await monitoring.service.issueKey('monitoring', ['read:monitoring']);
  }, 180_000);

  afterAll(async () => {
    for (const s of [...departments, monitoring]) await s?.service.close();
  });

  it('lets each department key write its own domain only (6 services × 6 departments, and at monitoring)', async () => {
    const outcomes: string[] = [];
    for (const at of departments) {
      const here = at.service.target.department;
      for (const from of departments) {
        const dept = from.service.target.department;
        const tag = `ACL-${dept}`;
        // The department's real key, issued by its own service, and a key of that department in this service's store
        // (no longer issuable there, but a store may hold one from before: it must still get nowhere).
        const local = dept === here ? at.own : await plantKey(at.service, dept, [`write:${dept}`, `read:${dept}`]);
        for (const [how, key] of [['own-store', from.own.key], ['local-store', local.key]] as const) {
          const res = await at.service.call('POST', at.write.path, { key, body: bodyFor(at.write, `${tag}-${how}`) });
          const expected = dept === here ? 201 : 403;
          if (res.statusCode !== expected) outcomes.push(`${dept} key (${how}) at ${here}: ${res.statusCode}`);
          if (res.statusCode === 403) expect(res.headers['content-type']).toContain('application/problem+json');
        }
      }
      const { rows } = await at.service.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE api_key_id IS NOT NULL AND action LIKE '%submitted'`);
      expect(rows[0].n).toBeGreaterThanOrEqual(1);
    }
    for (const from of departments) {
      const res = await monitoring.service.call('POST', monitoring.write.path, { key: from.own.key, body: bodyFor(monitoring.write, 'x') });
      if (res.statusCode !== 403) outcomes.push(`${from.service.target.department} key at monitoring: ${res.statusCode}`);
    }
    expect(outcomes).toEqual([]);
    // Only the department's own writes were stored: its two cells of the matrix.
    for (const at of departments) {
      const { rows } = await at.service.sql.query(`SELECT natural_key AS ref FROM records ORDER BY 1`);
      const dept = at.service.target.department;
      expect(rows.map((r) => r.ref)).toEqual([`ACL-${dept}-local-store`, `ACL-${dept}-own-store`]);
    }
    const ok = await monitoring.service.call('POST', monitoring.write.path, { key: monitoring.own.key, body: bodyFor(monitoring.write, 'x') });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses every write to the read-only monitoring key', async () => {
    const m = monitoring.service;
    const attempts = [
      await m.call('POST', monitoring.write.path, { key: reader.key, body: bodyFor(monitoring.write, 'r') }),
      await m.call('PATCH', '/v1/indicators/HEA-02', { key: reader.key, body: { targetValue: 10, reason: 'reader tries' } }),
      await m.call('POST', '/v1/admin/recompute', { key: reader.key }),
      await m.call('POST', '/v1/admin/api-keys', { key: reader.key, body: { department: 'monitoring', scopes: ['admin'], label: 'escalate' } }),
      ...(await Promise.all(departments.map((d) => d.service.call('POST', d.write.path, { key: reader.key, body: bodyFor(d.write, 'READER') })))),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual(attempts.map(() => 403));
    expect((await m.call('GET', '/v1/indicators', { key: reader.key })).statusCode).toBe(200);
  });

  it('lets each service’s admin issue keys only for its own department and scopes (422 naming the field, nothing stored)', async () => {
    const outcomes: string[] = [];
    for (const d of [...departments, monitoring]) {
      const s = d.service;
      const dept = s.target.department;
      const other = departments.find((o) => o.service.target.department !== dept)!.service.target.department;
      const before = (await s.sql.query(`SELECT count(*)::int AS n FROM api_keys`)).rows[0].n;
      for (const [body, field] of [
        [{ department: other, scopes: [`read:${other}`] }, 'department'],
        [{ department: 'nowhere', scopes: ['admin'] }, 'department'],
        [{ department: dept, scopes: [`read:${dept}`, `write:${other}`] }, 'scopes[1]'],
        [{ department: dept, scopes: ['write:monitoring'] }, 'scopes[0]'],
      ] as const) {
        const res = await s.call('POST', '/v1/admin/api-keys', { key: d.admin.key, body: { ...body, label: 'mint test' } });
        const fields = res.statusCode === 422 ? res.json().errors.map((e: { field: string }) => e.field) : [];
        if (res.statusCode !== 422 || !fields.includes(field)) outcomes.push(`${dept}: ${JSON.stringify(body)} → ${res.statusCode} ${fields.join(',')}`);
      }
      if (dept !== 'statistics') {
        const res = await s.call('POST', '/v1/admin/api-keys', { key: d.admin.key, body: { department: dept, scopes: ['read:monitoring'], label: 'mint test' } });
        if (res.statusCode !== 422) outcomes.push(`${dept}: read:monitoring → ${res.statusCode}`);
      }
      expect([dept, (await s.sql.query(`SELECT count(*)::int AS n FROM api_keys`)).rows[0].n]).toEqual([dept, before]);
    }
    expect(outcomes).toEqual([]);
  });

  it('lets the admin scope alone change a target, and audits the change', async () => {
    const m = monitoring.service;
    const body = { targetValue: 11.5, reason: 'mid-term review (access test)' };
    const refused = [
      await m.call('PATCH', '/v1/indicators/HEA-02', { body }),
      await m.call('PATCH', '/v1/indicators/HEA-02', { key: reader.key, body }),
      await m.call('PATCH', '/v1/indicators/HEA-02', { key: monitoring.own.key, body }),
      await m.call('PATCH', '/v1/indicators/HEA-02', { key: departments[0].own.key, body }),
      await m.call('PATCH', '/v1/indicators/HEA-02', { key: departments[0].admin.key, body }), // another service's admin
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([401, 403, 403, 403, 403]);
    const auditBefore = (await m.sql.query(`SELECT count(*)::int AS n FROM indicator_audit`)).rows[0].n;
    const changed = await m.call('PATCH', '/v1/indicators/HEA-02', { key: monitoring.admin.key, body });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().indicator.target.value).toBe(11.5);
    const { rows } = await m.sql.query(`SELECT * FROM indicator_audit ORDER BY 1 DESC LIMIT 1`);
    expect((await m.sql.query(`SELECT count(*)::int AS n FROM indicator_audit`)).rows[0].n).toBe(auditBefore + 1);
    const row = JSON.stringify(rows[0]);
    expect(row).toContain('mid-term review (access test)');
    expect(row).toContain(`api-key:${monitoring.admin.key.split('_')[2]}`);
    expect(row).not.toContain(secretOf(monitoring.admin.key));
  });

  it('stops a revoked key at once, and audits issue and revocation with the administrator who did it', async () => {
    for (const d of [...departments, monitoring]) {
      const s = d.service;
      const dept = s.target.department;
      const issued = await s.call('POST', '/v1/admin/api-keys', { key: d.admin.key, body: { department: dept, scopes: [`read:${dept}`], label: 'short-lived' } });
      expect(issued.statusCode).toBe(201);
      const { id, key } = issued.json();
      const readPath = d.write.path;
      expect((await s.call('GET', readPath, { key })).statusCode).toBe(200);
      expect((await s.call('DELETE', `/v1/admin/api-keys/${id}?reason=rotated`, { key: d.admin.key })).statusCode).toBe(200);
      const after = await s.call('GET', readPath, { key });
      expect(after.statusCode).toBe(401);
      expect(after.json().detail).toContain('revoked');
      const { rows } = await s.sql.query(`SELECT action, api_key_id::text AS actor, detail::text AS detail FROM audit_log WHERE resource = 'api-key' AND resource_id = $1 ORDER BY id`, [id]);
      expect(rows.map((r) => r.action)).toEqual(['api-key.issued', 'api-key.revoked']);
      expect(rows.map((r) => r.actor)).toEqual([d.admin.id, d.admin.id]);
      expect(rows.map((r) => r.detail).join()).not.toContain(secretOf(key));
    }
  });

  it('audits every accepted write with the key that made it: submit, revise, patch, withdraw', async () => {
    const d = departments[0];
    const s = d.service;
    const body = bodyFor(d.write, 'AUDIT-1');
    const mark = (await s.sql.query(`SELECT coalesce(max(id), 0)::int AS n FROM audit_log`)).rows[0].n;
    const created = await s.call('POST', d.write.path, { key: d.own.key, body });
    expect(created.statusCode).toBe(201);
    const id = created.json().items[0].id;
    expect((await s.call('PUT', `${d.write.path}/${id}`, { key: d.own.key, body: { ...body, count: 2 } })).statusCode).toBe(200);
    expect((await s.call('PATCH', `${d.write.path}/${id}`, { key: d.own.key, body: { count: 3 } })).statusCode).toBe(200);
    expect((await s.call('DELETE', `${d.write.path}/${id}?reason=duplicate`, { key: d.own.key })).statusCode).toBe(200);
    // A batch is audited as one row (how many received and created); each stored record names its key itself.
    const { rows } = await s.sql.query(`SELECT action, api_key_id::text AS actor, resource_id AS target FROM audit_log WHERE id > $1 ORDER BY id`, [mark]);
    expect(rows.map((r) => r.action)).toEqual(['records.submitted', 'record.revised', 'record.revised', 'record.withdrawn']);
    expect(rows.slice(1).map((r) => r.target)).toEqual([id, id, id]);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set([d.own.id]));
    expect((await s.sql.query(`SELECT api_key_id::text AS k FROM records WHERE id = $1`, [id])).rows[0].k).toBe(d.own.id);
  });

  it('stores keys only as their SHA-256: no table of any service holds a key or its secret', async () => {
    for (const d of [...departments, monitoring]) {
      const { rows } = await d.service.sql.query(`SELECT prefix, key_hash FROM api_keys`);
      for (const k of [d.own, d.admin]) {
        const prefix = /_([0-9a-f]{8})_/.exec(k.key)![1];
        expect(rows.find((r) => r.prefix === prefix)?.key_hash).toBe(sha256(k.key));
        const { rows: tables } = await d.service.sql.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
        for (const { t } of tables) {
          const hit = await d.service.sql.query(`SELECT count(*)::int AS n FROM "${t}" x WHERE x::text LIKE '%' || $1 || '%'`, [secretOf(k.key)]);
          expect([t, hit.rows[0].n]).toEqual([t, 0]);
        }
      }
    }
  });

  it('refuses a resident ID number in any cell of a spreadsheet upload (CSV), naming row and column', async () => {
    const id = fc.sample(residentIdNumber, { numRuns: 1, seed: 11 })[0];
    const dig = (o: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
    const cell = (v: unknown) => (v === undefined || v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    let uploads = 0;
    let asIdNumber = 0;
    for (const d of [...departments, monitoring]) {
      const ops = writeOperations(d.doc).filter((o) => o.method === 'POST' && /^\/v1\/(records|returns)\/[^/{]+$/.test(o.path) && o.example);
      for (const op of [ops.find((o) => o.path.startsWith('/v1/records/')), ops.find((o) => o.path.startsWith('/v1/returns/'))]) {
        if (!op) continue;
        // The template quotes its text cells (formula-injection safety), so it is read as CSV.
        const headers = (parseCsv((await d.service.call('GET', `${op.path}/template.csv`, { key: d.own.key })).body, { bom: true }) as string[][])[0];
        const example = op.example!;
        const sources = Array.isArray(example.figures) ? (example.figures as Record<string, unknown>[]).map((f) => ({ ...example, ...f })) : [example];
        const rows = sources.map((src) => headers.map((h) => dig(src, h)));
        const clean = [headers.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n');
        const control = await d.service.app.inject({ method: 'POST', url: `${op.path}/upload?dryRun=true`, headers: { 'x-api-key': d.own.key, 'content-type': 'text/csv' }, payload: clean });
        expect([op.path, control.statusCode, control.body.slice(0, 300)]).toEqual([op.path, 200, expect.any(String)]); // the clean sheet is valid
        for (const [col, header] of headers.entries()) {
          const hostileRows = rows.map((r, i) => r.map((v, j) => (i === rows.length - 1 && j === col ? `ID ${id}` : v)));
          const csv = [headers.join(','), ...hostileRows.map((r) => r.map(cell).join(','))].join('\r\n');
          const res = await d.service.app.inject({ method: 'POST', url: `${op.path}/upload`, headers: { 'x-api-key': d.own.key, 'content-type': 'text/csv' }, payload: csv });
          uploads++;
          expect([op.path, header, res.statusCode]).toEqual([op.path, header, 422]);
          expect(res.body).not.toContain(id);
          // Free-text cells are refused as an ID number; typed cells (numbers, codes) may fail their type first.
          const named = (res.json().errors as { column?: string; reason: string }[]).some((e) => e.column === header || /GB 11643/.test(e.reason));
          expect([op.path, header, named]).toEqual([op.path, header, true]);
          if (res.body.includes('GB 11643')) asIdNumber++;
        }
      }
    }
    expect(uploads).toBeGreaterThan(30);
    expect(asIdNumber).toBeGreaterThanOrEqual(7 * 2); // at least the free-text columns (area, period, reference) of each sheet
  });

  it('refuses a resident ID number in every string position of every write body, and none reaches Kafka or the statistics database', async () => {
    const ids = fc.sample(residentIdNumber, { numRuns: 20, seed: 7 });
    let attempts = 0;
    for (const d of [...departments, monitoring]) {
      const ops = writeOperations(d.doc).filter((o) => (o.method === 'POST' || o.method === 'PUT') && o.example && o.schema && /^\/v1\/(records|returns)\//.test(o.path));
      for (const op of ops) {
        const slots = slotsOf(d.doc, op.schema!, op.example).filter((s) => typeof s.value === 'string');
        for (const [i, slot] of slots.entries()) {
          const id = ids[(attempts + i) % ids.length];
          const body = structuredClone(op.example) as Record<string, unknown>;
          let node = body as Record<string | number, unknown>;
          for (const seg of slot.path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
          node[slot.path[slot.path.length - 1]] = i % 2 ? id : `ref ${id}`;
          const url = op.path.replace('{id}', '00000000-0000-4000-8000-000000000000');
          const res = await d.service.call(op.method as 'POST' | 'PUT', url, { key: d.own.key, body });
          attempts++;
          expect([op.path, pathString(slot.path), res.statusCode]).toEqual([op.path, pathString(slot.path), 422]);
          expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(pathString(slot.path));
        }
      }
    }
    expect(attempts).toBeGreaterThan(100);

    // Everything the services did publish, byte for byte, and every row monitoring holds.
    await settledSnapshot(monitoring.service.sql, 60_000);
    const { kafkaBrokers } = testInfra();
    const topics = [...new Set([...departments.flatMap((d) => d.service.publishedTopics), ...monitoring.service.publishedTopics, ...Object.values(monitoring.service.consumedTopics)])];
    let messages = 0;
    for (const topic of topics) {
      const n = await topicMessageCount(kafkaBrokers, topic);
      if (n === 0) continue;
      const got = await collectTopic(kafkaBrokers, topic, { until: (ms) => ms.length >= n, timeoutMs: 30_000 });
      messages += got.length;
      for (const m of got) expect(containsResidentIdNumber(`${m.key} ${m.value?.toString('utf8')} ${JSON.stringify(m.headers)}`)).toBe(false);
    }
    expect(messages).toBeGreaterThan(0);
    const { rows: tables } = await monitoring.service.sql.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    let rowsScanned = 0;
    // Each value on its own: a row's text joins its columns, and the screen, which also finds IDs split into
    // digit groups, can read one across them (`…,10,2,200,"2026-12-07 06:19…` joins into an 18-digit number whose
    // check digit fits and whose birth date is that day). Date and time columns hold no input, only the clock.
    for (const { t } of tables) {
      const { rows: columns } = await monitoring.service.sql.query(
        `SELECT column_name AS c FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 AND data_type NOT LIKE 'timestamp%' AND data_type NOT IN ('date', 'interval')
            AND data_type NOT LIKE 'time %'`,
        [t],
      );
      const { rows } = await monitoring.service.sql.query(`SELECT ${columns.map(({ c }, i) => `"${c}"::text AS v${i}`).join(', ')} FROM "${t}"`);
      rowsScanned += rows.length;
      for (const row of rows) {
        for (const value of Object.values(row) as (string | null)[]) {
          if (value !== null && containsResidentIdNumber(value)) throw new Error(`${t} holds a resident ID number: ${value.slice(0, 200)}`);
        }
      }
    }
    expect(rowsScanned).toBeGreaterThan(100);
    expect((await monitoring.service.sql.query(`SELECT count(*)::int AS n FROM inbox`)).rows[0].n).toBeGreaterThan(0);
  });
});
