import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ConsumerReadiness, type ConsumerHealthReport } from './consumer-readiness';
import { judgeConsumers } from './consumer-verdict';
import { HealthController } from './health.controller';
import { KafkaProbe } from './kafka.probe';

const member: ConsumerHealthReport = { name: 'monitoring-service', member: true, ready: true, assignedPartitions: 6, restarts: 0 };
const out: ConsumerHealthReport = { name: 'monitoring-service', member: false, ready: false, reason: 'not a member of its group for 45000 ms', assignedPartitions: 6, restarts: 2 };

describe('judgeConsumers', () => {
  it('asks nothing of Kafka while every consumer is ready', async () => {
    const probe = jest.fn(async () => true);
    expect(await judgeConsumers([member], probe)).toEqual([{ ...member, verdict: 'ready' }]);
    expect(probe).not.toHaveBeenCalled();
  });

  it('a consumer out of its group while the cluster answers is dead; while it does not, waiting', async () => {
    expect((await judgeConsumers([out], async () => true))[0].verdict).toBe('dead');
    expect((await judgeConsumers([out], async () => false))[0].verdict).toBe('waiting');
    expect((await judgeConsumers([out], () => Promise.reject(new Error('ECONNREFUSED'))))[0].verdict).toBe('waiting');
  });

  it('asks the cluster once for several consumers and judges only the ones not ready', async () => {
    const probe = jest.fn(async () => true);
    const judged = await judgeConsumers([member, { ...out, name: 'other' }], probe);
    expect(judged.map((c) => c.verdict)).toEqual(['ready', 'dead']);
    expect(probe).toHaveBeenCalledTimes(1);
  });
});

/** The controller with PostgreSQL and Kafka replaced by switches (the real ones: tools/deploy/readiness.integration-spec.ts). */
describe('HealthController', () => {
  const state = { database: true, kafka: true, consumers: [] as ConsumerHealthReport[] };
  let app: NestFastifyApplication;

  beforeAll(async () => {
    @Module({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        ConsumerReadiness,
        {
          provide: TypeOrmHealthIndicator,
          inject: [HealthIndicatorService],
          useFactory: (indicators: HealthIndicatorService) => ({
            pingCheck: (key: string) => (state.database ? indicators.check(key).up() : indicators.check(key).down({ message: 'connection refused' })),
          }),
        },
        {
          provide: KafkaProbe,
          useValue: { check: async () => { if (!state.kafka) throw new Error('Connection timeout'); return { brokers: 3 }; } },
        },
      ],
    })
    class TestModule {}
    app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
    app.get(ConsumerReadiness).track('monitoring-service', () => state.consumers[0]);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await (app as INestApplication | undefined)?.close();
  });

  beforeEach(() => Object.assign(state, { database: true, kafka: true, consumers: [member] }));

  const get = async (url: string) => {
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() as { details: Record<string, { status: string; groups?: Record<string, { verdict?: string }> }> } };
  };

  it('a Kafka outage leaves readiness up while the consumer waits, and shows on /health/kafka and /health/consumer', async () => {
    Object.assign(state, { kafka: false, consumers: [out] });
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details)).toEqual(['database', 'consumers']);
    expect(ready.body.details.consumers.groups!['monitoring-service'].verdict).toBe('waiting');
    expect((await get('/health/kafka')).status).toBe(503);
    expect((await get('/health/consumer')).status).toBe(503);
  });

  it('a dead consumer (out of its group while the cluster answers) is never ready', async () => {
    state.consumers = [out];
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details.consumers.status).toBe('down');
    expect(ready.body.details.consumers.groups!['monitoring-service'].verdict).toBe('dead');
    expect((await get('/health/kafka')).status).toBe(200);
  });

  it('readiness follows PostgreSQL, and asks nothing of Kafka while the consumers are in their groups', async () => {
    expect((await get('/health/ready')).status).toBe(200);
    state.kafka = false; // not consulted: the consumer is a member
    expect((await get('/health/ready')).status).toBe(200);
    state.database = false;
    expect((await get('/health/ready')).status).toBe(503);
    expect((await get('/health/live')).status).toBe(200);
  });

  it('a consumer within its grace is ready on both routes', async () => {
    state.consumers = [{ ...out, ready: true, reason: undefined }];
    expect((await get('/health/ready')).status).toBe(200);
    expect((await get('/health/consumer')).status).toBe(200);
  });
});
