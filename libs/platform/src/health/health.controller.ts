import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ConsumerReadiness, type ConsumerHealthReport } from './consumer-readiness';
import { judgeConsumers, type JudgedConsumer } from './consumer-verdict';
import { KafkaProbe } from './kafka.probe';

/**
 * Three questions, three routes (docs/operations.md, "Probes"). Readiness depends on PostgreSQL alone, since
 * every write commits to the outbox and waits there while Kafka is away; Kafka and the consumers have routes
 * of their own for dashboards and alerts, and a consumer reaches readiness only once it is dead.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaProbe,
    private readonly consumers: ConsumerReadiness,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP.' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: PostgreSQL answers, and no consumer of this service is dead (out of its group or stalled while the Kafka cluster answers). ' +
      'A Kafka outage alone keeps the service ready: writes wait in the outbox. 503 with details otherwise.',
  })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      ...this.consumerCheck(async (reports) => {
        const judged = await judgeConsumers(reports, () => this.kafka.check().then(() => true));
        return { up: judged.every((c) => c.verdict !== 'dead'), groups: groupsOf(judged) };
      }),
    ]);
  }

  @Get('kafka')
  @ApiOperation({
    summary:
      'The Kafka cluster answers (what the outbox relay needs to publish and the consumers to consume). Not part of readiness: ' +
      'watch it, and the outbox metrics, to see a broker outage. 503 with details when the cluster does not answer.',
  })
  @HealthCheck()
  kafkaHealth() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('kafka');
        try {
          return session.up(await this.kafka.check());
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      },
    ]);
  }

  @Get('consumer')
  @ApiOperation({
    summary:
      "The service's consumers are in their groups (or left them less than the grace ago) and not stalled, whatever the cause; " +
      'no check in a service without consumers. 503 with each group\'s state otherwise, also during a Kafka outage.',
  })
  @HealthCheck()
  consumer() {
    return this.health.check(this.consumerCheck(async (reports) => ({ up: reports.every((r) => r.ready), groups: groupsOf(reports) })));
  }

  /** One `consumers` check for all consumers (none in a service without any). */
  private consumerCheck(decide: (reports: ConsumerHealthReport[]) => Promise<{ up: boolean; groups: Record<string, unknown> }>) {
    const reports = this.consumers.reports();
    if (reports.length === 0) return [];
    return [
      async () => {
        const session = this.indicators.check('consumers');
        const { up, groups } = await decide(reports);
        return up ? session.up({ groups }) : session.down({ groups });
      },
    ];
  }
}

/** Named fields only: the error that crashed a consumer stays in the log, out of an unauthenticated answer. */
function groupsOf(reports: (ConsumerHealthReport | JudgedConsumer)[]): Record<string, unknown> {
  return Object.fromEntries(
    reports.map((r) => [
      r.name,
      { member: r.member, ready: r.ready, reason: r.reason, assignedPartitions: r.assignedPartitions, restarts: r.restarts, ...('verdict' in r ? { verdict: r.verdict } : {}) },
    ]),
  );
}
