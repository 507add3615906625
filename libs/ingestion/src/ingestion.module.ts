import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit, Provider, Type } from '@nestjs/common';
import { APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_EVENT_GENERATION, departmentTopic, type EventGeneration, type RecordKindDefinition, type ReferenceAreaIndex, type ReturnKindDefinition } from '@wdp/contracts';
import { RATE_LIMIT_IDENTITY, SERVICE_CONFIG, SERVICE_INFO, type ServiceInfo } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { createApprovalController } from './approval/approval-controller.factory';
import { approvalPolicy } from './approval/approval-policy';
import { ApprovalService } from './approval/approval.service';
import { AdminApiKeysController } from './auth/admin-api-keys.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyService } from './auth/api-key.service';
import { demoKeysFile, ensureBootstrapKeys } from './auth/bootstrap-keys';
import { ApiKeyRateLimitIdentity } from './auth/request-authentication';
import type { DepartmentContext } from './department-context';
import { eventSource } from './events';
import { DatabaseUnavailableInterceptor } from './http/database-unavailable.interceptor';
import { IDEMPOTENCY_RETENTION_HOURS } from './idempotency/idempotency-key';
import { IdempotencyStore } from './idempotency/idempotency.store';
import type { IngestionConfig } from './ingestion-config';
import { createKindsController } from './kinds.controller';
import { createRecordController } from './records/record-controller.factory';
import { recordKindFromDefinition } from './records/record-dto.factory';
import type { RecordKindSpec } from './records/record-kind';
import { RecordService } from './records/record.service';
import { createReturnController } from './returns/return-controller.factory';
import { returnKindFromDefinition, type ReturnKindSpec } from './returns/return-kind';
import { ReturnService } from './returns/return.service';
import { DEPARTMENT_CONTEXT, INGESTION_OPTIONS } from './tokens';
import { createRecordUploadController, createReturnUploadController, UploadContentTypes, UploadService } from './upload';
import { AreaReference } from './validation/area-reference';
import { ResidentIdScreenPipe } from './validation/resident-id.pipe';

export interface IngestionOptions {
  /** Department code, e.g. `health`: scopes are write:<department> / read:<department>, events gov.yunyan.<department>.… */
  department: string;
  /** Kafka topic of the department's events (a Topic enum value); it carries `eventGeneration`'s events. */
  topic: string;
  /** How record changes are published (see EventGeneration); default EVENT_GENERATION, else v2. */
  eventGeneration?: EventGeneration;
  /** Vocabulary definitions (DTOs generated) or hand-written specs. */
  recordKinds?: readonly (RecordKindDefinition | RecordKindSpec)[];
  returnKinds?: readonly (ReturnKindDefinition | ReturnKindSpec)[];
  /** Area reference file (default: AREAS_FILE, else deploy/reference/areas.json). */
  areasFile?: string;
  /**
   * Areas above the district that this service's returns (never its records) may name: the statistics bureau's
   * figures for the city, the province and the country. Default none, so a departmental service refuses them.
   */
  returnAreasAbove?: ReferenceAreaIndex;
  /** Demo keys file; overrides API_KEYS_FILE. false: issue none. */
  keysFile?: string | false;
  /** Clock for the "not in the future" rules (tests). */
  now?: () => Date;
  /** Datasets that wait for an approver (`<department>/records/<kind>`, `…/returns/<kind>`, `<department>/*`, `*`); overrides APPROVAL_REQUIRED. Default: none. */
  approvalRequired?: string | readonly string[];
}

/**
 * The topic and generation a departmental service publishes in: EVENT_GENERATION's (v2 by default) unless
 * overridden (tests give their own topic). The outbox relay of the app needs the same topic.
 */
export function departmentPublishing(
  department: string, config: Pick<IngestionConfig, 'EVENT_GENERATION'>, overrides: Partial<Pick<IngestionOptions, 'topic' | 'eventGeneration'>> = {},
): Required<Pick<IngestionOptions, 'topic' | 'eventGeneration'>> {
  const eventGeneration = overrides.eventGeneration ?? config.EVENT_GENERATION ?? DEFAULT_EVENT_GENERATION;
  return { topic: overrides.topic ?? departmentTopic(department, eventGeneration), eventGeneration };
}

const MERGE_PATCH = 'application/merge-patch+json';

const isRecordSpec = (k: RecordKindDefinition | RecordKindSpec): k is RecordKindSpec => 'itemClass' in k;
const isReturnSpec = (k: ReturnKindDefinition | ReturnKindSpec): k is ReturnKindSpec => 'itemClass' in k;

/** Keys bootstrap and area-file watching, at application start and stop. */
@Injectable()
class IngestionLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ingestion');
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(AreaReference) private readonly areas: AreaReference,
    @Inject(INGESTION_OPTIONS) private readonly options: IngestionOptions,
    @Inject(SERVICE_CONFIG) private readonly config: Partial<IngestionConfig>,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {}

  /** PATCH bodies are JSON merge patches (RFC 7396); parse them like JSON, with Fastify's prototype-poisoning guard. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (fastify?.addContentTypeParser && !fastify.hasContentTypeParser(MERGE_PATCH)) {
      fastify.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, fastify.getDefaultJsonParser('error', 'error'));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    this.purgeTimer = setInterval(() => void this.purgeIdempotencyKeys(), 3_600_000).unref();
    await this.purgeIdempotencyKeys();
    const keysFile = this.options.keysFile ?? demoKeysFile(this.info.name, this.config);
    await ensureBootstrapKeys(this.keys, {
      serviceName: this.info.name,
      department: this.options.department,
      adminKey: this.config.ADMIN_API_KEY,
      keysFile,
      log: (m) => this.logger.log(m),
    });
    this.areas.watch();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
    this.areas.stop();
  }

  private async purgeIdempotencyKeys(): Promise<void> {
    try {
      const n = await new IdempotencyStore().purgeOlderThan(this.dataSource, IDEMPOTENCY_RETENTION_HOURS);
      if (n) this.logger.log(`forgot ${n} idempotency keys older than ${IDEMPOTENCY_RETENTION_HOURS} h`);
    } catch (err) {
      this.logger.warn(`idempotency key purge failed: ${(err as Error).message}`);
    }
  }
}

/**
 * The departmental ingestion API of one service: API-key auth and key management, one controller per
 * record kind (/v1/records/{kind}) and per return kind (/v1/returns/{kind}), review and approval
 * (/v1/submissions), demo keys. It writes events to the
 * outbox; the app imports OutboxRelayModule (`@wdp/platform`) to publish them. Needs PlatformModule.forService
 * (config, info, database) with `[...messagingMigrations, ...ingestionMigrations]`.
 */
@Module({})
export class IngestionModule {
  static forDepartment(options: IngestionOptions): DynamicModule {
    const areas = new AreaReference(options.areasFile, new Logger('AreaReference'));
    // Examples use real codes: records at the finest level (a community), returns for the whole district.
    const communityArea = areas.current.ofLevel('community')[0]?.code ?? areas.current.areas[0]?.code;
    const districtArea = areas.current.ofLevel('district')[0]?.code ?? communityArea;
    const recordSpecs = (options.recordKinds ?? []).map((k) => (isRecordSpec(k) ? k : recordKindFromDefinition(k, { exampleArea: communityArea })));
    const returnSpecs = (options.returnKinds ?? []).map((k) => (isReturnSpec(k) ? k : returnKindFromDefinition(k, { exampleArea: districtArea })));
    assertUnique(recordSpecs.map((s) => s.kind), 'record');
    assertUnique(returnSpecs.map((s) => s.kind), 'return');

    const controllers: Type<unknown>[] = [
      createKindsController(options.department, recordSpecs, returnSpecs),
      AdminApiKeysController,
      createApprovalController(options.department),
      ...recordSpecs.map((s) => createRecordController(options.department, s)),
      ...returnSpecs.map((s) => createReturnController(options.department, s)),
      ...recordSpecs.map((s) => createRecordUploadController(options.department, s)),
      ...returnSpecs.map((s) => createReturnUploadController(options.department, s)),
    ];
    const providers: Provider[] = [
      { provide: INGESTION_OPTIONS, useValue: options },
      { provide: AreaReference, useValue: areas },
      {
        provide: DEPARTMENT_CONTEXT,
        inject: [SERVICE_INFO, SERVICE_CONFIG],
        useFactory: (info: ServiceInfo, config: Partial<IngestionConfig>): DepartmentContext => ({
          department: options.department, topic: options.topic, source: eventSource(info.name),
          generation: options.eventGeneration ?? config.EVENT_GENERATION ?? DEFAULT_EVENT_GENERATION, areas, returnAreasAbove: options.returnAreasAbove, now: options.now ?? (() => new Date()),
        }),
      },
      { provide: ApiKeyService, inject: [DataSource], useFactory: (ds: DataSource) => new ApiKeyService(ds, options.department) },
      {
        provide: ApprovalService,
        inject: [DataSource, DEPARTMENT_CONTEXT, SERVICE_CONFIG],
        useFactory: (ds: DataSource, ctx: DepartmentContext, config: Partial<IngestionConfig>) => {
          const served = { records: recordSpecs.map((s) => s.kind), returns: returnSpecs.map((s) => s.kind) };
          return new ApprovalService(ds, ctx, approvalPolicy(options.approvalRequired ?? config.APPROVAL_REQUIRED, options.department, served), served);
        },
      },
      {
        provide: RecordService, inject: [DataSource, DEPARTMENT_CONTEXT, ApprovalService],
        useFactory: (ds: DataSource, ctx: DepartmentContext, approvals: ApprovalService) => new RecordService(ds, ctx, approvals),
      },
      {
        provide: ReturnService, inject: [DataSource, DEPARTMENT_CONTEXT, ApprovalService],
        useFactory: (ds: DataSource, ctx: DepartmentContext, approvals: ApprovalService) => new ReturnService(ds, ctx, approvals),
      },
      {
        provide: UploadService, inject: [RecordService, ReturnService, DEPARTMENT_CONTEXT],
        useFactory: (records: RecordService, returns: ReturnService, ctx: DepartmentContext) => new UploadService(records, returns, ctx),
      },
      UploadContentTypes,
      { provide: APP_PIPE, useClass: ResidentIdScreenPipe },
      ApiKeyGuard,
      // The platform's rate limiter counts a request against the key it authenticates with (else its address).
      { provide: RATE_LIMIT_IDENTITY, useClass: ApiKeyRateLimitIdentity },
      DatabaseUnavailableInterceptor,
      IngestionLifecycle,
    ];
    return {
      module: IngestionModule,
      controllers,
      providers,
      exports: [ApiKeyService, ApiKeyGuard, RecordService, ReturnService, ApprovalService, AreaReference, DEPARTMENT_CONTEXT],
    };
  }
}

function assertUnique(kinds: string[], what: string) {
  const dup = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (dup) throw new Error(`${what} kind ${dup} is declared twice`);
}
