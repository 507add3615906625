import { readFileSync } from 'node:fs';
import { newId } from '@wdp/contracts';
import { createTestDatabase } from '@wdp/testing';
import { ADMIN_DATABASE_URL } from '@wdp/testing/system';
import { Client } from 'pg';

// What storing the answer of one 5,000-record batch request with an Idempotency-Key costs PostgreSQL, per layout of
// idempotency_keys.response_body: the UPDATE that stores it after the claim, as IdempotencyStore.complete runs it,
// in its own transaction. Backend CPU from /proc (10 ms ticks, so summed over IDEMPOTENCY_ROUNDS, default 60).
// Run: SWCRC=true node -r @swc-node/register -r tsconfig-paths/register tools/bench/micro/idempotency-response.bench.ts

const ROUNDS = Number(process.env.IDEMPOTENCY_ROUNDS ?? 60);
const ITEMS = 5_000;
const TICK_US = 1e6 / 100;

const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
};

/** [name, column type, ALTER run after the table is made]. */
const LAYOUTS: [string, 'json' | 'jsonb', string][] = [
  ['jsonb (before)', 'jsonb', ''],
  ['json', 'json', ''],
  ['json, lz4 (now)', 'json', 'ALTER TABLE t ALTER COLUMN response_body SET COMPRESSION lz4'],
  ['json, uncompressed', 'json', 'ALTER TABLE t ALTER COLUMN response_body SET STORAGE EXTERNAL'],
];

export async function runIdempotencyResponseBench() {
  const db = await createTestDatabase('bench_idempotency_response', ADMIN_DATABASE_URL);
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    const [{ pid }] = (await c.query('SELECT pg_backend_pid() AS pid')).rows;
    // The answer the record service gives a batch of new records.
    const body = JSON.stringify({
      dryRun: false, received: ITEMS, summary: { created: ITEMS, unchanged: 0 },
      items: Array.from({ length: ITEMS }, (_, i) => ({ row: i, id: newId(), reference: `DEMO1v2-LB-2022-01-${String(i).padStart(5, '0')}-c12-1107455`, revision: 1, status: 'created' })),
    });
    const figures = [];
    for (const [layout, type, alter] of LAYOUTS) {
      await c.query('DROP TABLE IF EXISTS t');
      await c.query(`CREATE TABLE t (api_key_id uuid NOT NULL, idempotency_key text NOT NULL, request_hash text NOT NULL, response_status integer NULL,
                                     response_body ${type} NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (api_key_id, idempotency_key))`);
      if (alter) await c.query(alter);
      const apiKey = newId();
      let cpuTicks = 0;
      for (let i = -2; i < ROUNDS; i++) {
        await c.query(`INSERT INTO t (api_key_id, idempotency_key, request_hash) VALUES ($1, $2, 'h')`, [apiKey, `k${i}`]);
        const t0 = ticks(pid);
        await c.query('BEGIN');
        await c.query(`UPDATE t SET response_status = 201, response_body = $3::${type} WHERE api_key_id = $1 AND idempotency_key = $2`, [apiKey, `k${i}`, body]);
        await c.query('COMMIT');
        if (i >= 0) cpuTicks += ticks(pid) - t0;
      }
      const [{ size }] = (await c.query(`SELECT pg_total_relation_size('t') AS size`)).rows;
      figures.push({ layout, usPerRecordServerCpu: Math.round(((cpuTicks * TICK_US) / (ROUNDS * ITEMS)) * 100) / 100, kibPerRequest: Math.round(size / (ROUNDS + 2) / 1024) });
    }
    return { bodyBytes: body.length, rounds: ROUNDS, figures };
  } finally {
    await c.end();
    await db.drop();
  }
}

if (require.main === module) {
  runIdempotencyResponseBench().then(
    (r) => {
      console.log(`Idempotency-Key response of a ${ITEMS.toLocaleString('en')}-record batch (${r.bodyBytes.toLocaleString('en')} bytes), ${r.rounds} requests`);
      console.table(r.figures);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
