import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { topicMessageCount, testInfra } from '@wdp/testing';
import type { LightMyRequestResponse } from 'fastify';
import { batchMutations, fieldMutations, garbageBodies, preview, residentIdText, type HostileBody } from './mutations';
import { writeOperations, type Schema, type WriteOperation } from './openapi-operations';
import { ALL_TARGETS, MONITORING_TARGET, outboxDrained, settledSnapshot, startService, tableSnapshot, type RunningService } from './stack';

// Property-based fuzzing of every write endpoint of every service, driven by the service's own OpenAPI document.
// Each service runs on a fresh database and topics of its own; a valid record or return of every kind is stored
// first (so PUT, PATCH and DELETE reach validation, not a 404). After that, not one hostile request may change a
// table or put a message on a topic, and each is answered 4xx with problem details naming the field at fault.
// FUZZ_RUNS (default 3) sets the runs per operation and mutation family; FUZZ_SEED replays a failure.
// Leads to look at by hand: docs/security.md.

const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** FUZZ_SERVICES=health-service,monitoring-service narrows the run. */
const ONLY = process.env.FUZZ_SERVICES?.split(',');
const TARGETS = ALL_TARGETS.filter((t) => !ONLY || ONLY.includes(t.info.name));
/** Deeper runs take proportionally longer than jest's default minute. */
const TIMEOUT = Math.max(60_000, RUNS * 15_000);
const SEEDABLE = /^\/v1\/(records|returns)\/[^/{]+$/;

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  errors?: { field: string; row?: number; reason: string }[];
}

function expectProblem(res: LightMyRequestResponse, context: string): Problem {
  if (res.statusCode >= 500 || res.statusCode < 400) throw new Error(`${context}: answered ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`${context}: ${res.statusCode} without problem details (${res.headers['content-type']})`);
  }
  const problem = res.json() as Problem;
  if (problem.status !== res.statusCode || !problem.type || !problem.title) throw new Error(`${context}: malformed problem ${res.body.slice(0, 300)}`);
  return problem;
}

const fieldMatches = (actual: string, expected: string) =>
  actual === expected || actual.startsWith(`${expected}.`) || actual.startsWith(`${expected}[`);

/** Fastify's prototype-poisoning guard refuses these keys anywhere with a 400 before any field is looked at. */
const POISON = /"(__proto__|constructor)"\s*:/;

function check(res: LightMyRequestResponse, hostile: HostileBody, op: WriteOperation, payload: string): void {
  const context = `${op.method} ${op.path} (${hostile.label}) ${preview(hostile.body)}`;
  if (!hostile.field) {
    // Arbitrary JSON may happen to be a harmless no-op (an empty merge patch); the table snapshot proves nothing was written.
    if (res.statusCode >= 200 && res.statusCode < 300) return;
    expectProblem(res, context);
    return;
  }
  const problem = expectProblem(res, context);
  if (res.statusCode === 400 && POISON.test(payload)) return;
  if (res.statusCode !== 422) throw new Error(`${context}: expected 422 naming ${hostile.field}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
  const fields = (problem.errors ?? []).map((e) => e.field);
  if (!fields.some((f) => fieldMatches(f, hostile.field!))) {
    throw new Error(`${context}: 422 names ${JSON.stringify(fields)}, not ${hostile.field}`);
  }
}

describe('hostile input: every write endpoint of every service, driven by its OpenAPI document', () => {
  for (const target of TARGETS) {
    describe(target.info.name, () => {
      let service: RunningService;
      let doc: Schema;
      let key = '';
      // Approving, returning and unlocking need approve:<department>, which no writing key may hold (docs/approval.md).
      let approverKey = '';
      const keyFor = (op: WriteOperation) => (/^\/v1\/submissions\/(approve|return|unlock)$/.test(op.path) ? approverKey : key);
      const ids = new Map<string, string>();
      let before: Record<string, string>;
      const topicCounts = new Map<string, number>();

      beforeAll(async () => {
        service = await startService(target);
        const monitoringRead = target === MONITORING_TARGET ? ['read:monitoring'] : [];
        key = (await service.issueKey(target.department, [`write:${target.department}`, `read:${target.department}`, ...monitoringRead, 'admin'])).key;
        approverKey = (await service.issueKey(target.department, [`approve:${target.department}`])).key;
        doc = (await service.call('GET', '/docs-json')).json();
        // One valid item of every kind, so the id routes validate their bodies instead of answering 404.
        for (const op of writeOperations(doc).filter((o) => o.method === 'POST' && SEEDABLE.test(o.path) && o.example)) {
          const res = await service.call('POST', op.path, { key, body: op.example });
          if (res.statusCode !== 201) throw new Error(`seeding ${op.path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          const json = res.json();
          ids.set(op.path, json.items?.[0]?.id ?? json.id);
        }
        await outboxDrained(service);
        before = await settledSnapshot(service.sql);
        for (const topic of service.publishedTopics) topicCounts.set(topic, await topicMessageCount(testInfra().kafkaBrokers, topic));
      });

      afterAll(async () => {
        await service?.close();
      });

      const urlOf = (op: WriteOperation) => {
        const base = op.path.replace(/\/\{id\}$/, '');
        return op.path.replace('{id}', ids.get(base) ?? randomUUID()).replace('{code}', 'HEA-02');
      };

      it('answers every mutated JSON body with 422 naming the field, and any JSON at all with a 4xx or a no-op', async () => {
        const ops = writeOperations(doc).filter((o) => o.contentTypes.includes('application/json'));
        expect(ops.length).toBeGreaterThan(0);
        let requests = 0;
        for (const op of ops) {
          const url = urlOf(op);
          const families = [...fieldMutations(doc, op), ...batchMutations(doc, op), garbageBodies];
          for (const family of families) {
            await fc.assert(
              fc.asyncProperty(family, async (hostile) => {
                requests++;
                const payload = JSON.stringify(hostile.body) ?? 'null';
                const res = await service.app.inject({ method: op.method, url, headers: { 'x-api-key': keyFor(op), 'content-type': 'application/json' }, payload });
                check(res, hostile, op, payload);
              }),
              { numRuns: RUNS, seed: SEED, endOnFailure: true },
            );
          }
        }
        expect(requests).toBeGreaterThan(ops.length);
        console.log(`[hostile] ${target.info.name}: ${ops.length} JSON write operations, ${requests} hostile bodies, all refused`);
      }, TIMEOUT);

      it('answers spreadsheet uploads of random bytes or text with a 4xx', async () => {
        const uploads = writeOperations(doc).filter((o) => o.contentTypes.includes('text/csv'));
        for (const op of uploads) {
          await fc.assert(
            fc.asyncProperty(
              fc.oneof(
                fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => ({ type: 'text/csv', payload: Buffer.from(s, 'utf8') })),
                fc.uint8Array({ maxLength: 4000 }).map((b) => ({ type: 'text/csv', payload: Buffer.from(b) })),
                fc.uint8Array({ maxLength: 4000 }).map((b) => ({ type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', payload: Buffer.from(b) })),
              ),
              async ({ type, payload }) => {
                const res = await service.app.inject({ method: 'POST', url: urlOf(op), headers: { 'x-api-key': key, 'content-type': type }, payload });
                expectProblem(res, `${op.path} upload of ${payload.length} ${type} bytes`);
              },
            ),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        }
      }, TIMEOUT);

      it('refuses invalid UTF-8, malformed JSON, other media types and oversized bodies with problem details', async () => {
        const op = writeOperations(doc).find((o) => o.method === 'POST' && SEEDABLE.test(o.path))!;
        const send = (payload: Buffer | string, type = 'application/json') =>
          service.app.inject({ method: 'POST', url: op.path, headers: { 'x-api-key': key, 'content-type': type }, payload });
        const json = JSON.stringify(op.example);
        const at = json.indexOf('"', json.indexOf(':') + 1) + 1; // just inside the first string value
        for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]) {
          const payload = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from(bytes), Buffer.from(json.slice(at))]);
          const res = await send(payload);
          expect(expectProblem(res, `invalid UTF-8 ${bytes}`).status).toBe(400);
        }
        expect(expectProblem(await send('{"items": ['), 'truncated JSON').status).toBe(400);
        expect(expectProblem(await send('{"__proto__": {"x": 1}}'), 'prototype poisoning').status).toBe(400);
        expect(expectProblem(await send(json, 'text/plain'), 'text/plain').status).toBe(415);
        const dry = await service.app.inject({ method: 'POST', url: `${op.path}?dryRun=true`, headers: { 'x-api-key': key, 'content-type': 'application/json; charset=utf-8' }, payload: json });
        expect(dry.statusCode).toBe(200);
        expect(expectProblem(await send(json, 'application/x-www-form-urlencoded'), 'form').status).toBe(415);
        const limit = 32 * 1024 * 1024;
        const oversized = await send(Buffer.alloc(limit + 1, 0x20));
        expect(expectProblem(oversized, 'body over the limit').status).toBe(413);
        if (/^\/v1\/records\//.test(op.path)) {
          const items = Array.from({ length: 20_001 }, (_, i) => ({ ...op.example, reference: `BIG-${i}` }));
          expect(expectProblem(await send(JSON.stringify({ items })), 'batch over 20,000 items').status).toBe(413);
        }
      });

      it('answers hostile query strings on every read endpoint with a 2xx or a 4xx problem, never a 5xx', async () => {
        const hostileValue = fc.oneof(
          fc.string({ maxLength: 40 }), fc.constantFrom('-1', '0', '1e309', '99999999999999999999', 'NaN', '2099-12', '2025-13', '../x', "' OR 1=1 --", '%00', 'x'.repeat(5000)),
          residentIdText, fc.integer().map(String),
        );
        for (const [path, item] of Object.entries<Schema>(doc.paths)) {
          const params = ((item.get?.parameters ?? []) as { in: string; name: string }[]).filter((p) => p.in === 'query').map((p) => p.name);
          // An event stream stays open until the client leaves: inject would wait for ever.
          const streams = Object.values<Schema>(item.get?.responses ?? {}).some((r) => r.content?.['text/event-stream']);
          if (!item.get || path.startsWith('/docs') || streams) continue;
          const url = path.replace('{id}', ids.get(path.replace(/\/\{id\}$/, '')) ?? randomUUID()).replace(/\{[^}]+\}/g, 'HEA-02');
          await fc.assert(
            fc.asyncProperty(fc.dictionary(fc.constantFrom(...params, 'unknownParam'), hostileValue, { maxKeys: 4 }), async (query) => {
              const qs = new URLSearchParams(query).toString();
              const res = await service.app.inject({ method: 'GET', url: `${url}?${qs}`, headers: { 'x-api-key': key } });
              if (res.statusCode >= 400) expectProblem(res, `GET ${path}?${qs.slice(0, 200)}`);
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        }
      }, TIMEOUT);

      it('wrote nothing and published nothing', async () => {
        await outboxDrained(service, 5_000);
        expect(await tableSnapshot(service.sql)).toEqual(before);
        for (const [topic, n] of topicCounts) expect(await topicMessageCount(testInfra().kafkaBrokers, topic)).toBe(n);
      });
    });
  }
});
