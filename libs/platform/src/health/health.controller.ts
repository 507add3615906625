import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ConsumerReadiness } from './consumer-readiness';
import { KafkaProbe } from './kafka.probe';

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
    summary: "Readiness: the database and the Kafka cluster answer, and the service's consumers are in their groups. 503 with details otherwise.",
  })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      async () => {
        const session = this.indicators.check('kafka');
        try {
          return session.up(await this.kafka.check());
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      },
      ...this.consumerChecks(),
    ]);
  }

  /** One check for all consumers (none in a service without any), so a dead consumer cannot hide behind lag 0. */
  private consumerChecks() {
    const reports = this.consumers.reports();
    if (reports.length === 0) return [];
    return [
      () => {
        const session = this.indicators.check('consumers');
        // Named fields only: the error that crashed a consumer stays in the log, out of an unauthenticated answer.
        const groups = Object.fromEntries(
          reports.map((r) => [r.name, { member: r.member, ready: r.ready, reason: r.reason, assignedPartitions: r.assignedPartitions, restarts: r.restarts }]),
        );
        return reports.every((r) => r.ready) ? session.up({ groups }) : session.down({ groups });
      },
    ];
  }
}
