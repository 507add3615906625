import { IngestionConfig } from '@wdp/ingestion';
import { Transform } from 'class-transformer';
import { DATA_TOPICS, Topic } from '@wdp/contracts';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import ipaddr from 'ipaddr.js';

const TOPIC_LIST = /^[A-Za-z0-9._-]{1,200}(,[A-Za-z0-9._-]{1,200})*$/;

/** True when every comma-separated entry is a CIDR block (WEBHOOK_ALLOW_PRIVATE_CIDRS; the webhooks parse it with parseAllowList). */
export function isAllowList(raw: string): boolean {
  return raw.trim() === '' || raw.split(',').every((entry) => ipaddr.isValidCIDR(entry.trim()));
}

/** Reads the raw variable: implicit conversion would turn the string 'false' into true. */
const booleanFrom = (raw: unknown): boolean => raw === true || raw === 'true' || raw === '1';

/**
 * Monitoring takes the statistics bureau's returns through the ingestion framework, so it reads that
 * framework's variables (ADMIN_API_KEY, API_KEYS_FILE, AREAS_FILE) as well as its own.
 */
export class MonitoringServiceConfig extends IngestionConfig {
  override PORT: number = 3000;

  /**
   * The areas above the district (default deploy/reference/reference-areas.json): the statistics bureau may file
   * returns for them, which are their only figures; they are not assessed and raise no alerts.
   */
  @IsOptional()
  @IsString()
  REFERENCE_AREAS_FILE?: string = undefined;

  /** Topics consumed, comma-separated; default every departmental topic (DATA_TOPICS of the contracts). */
  @IsOptional()
  @Matches(TOPIC_LIST, { message: 'must be a comma-separated list of Kafka topic names' })
  DATA_TOPICS?: string = undefined;

  /** Topic the alert events are published to. */
  @Matches(TOPIC_LIST, { message: 'must be a Kafka topic name' })
  ALERTS_TOPIC: string = Topic.MonitoringAlerts;

  /** Kafka consumer group (and inbox name) of the departmental-topic consumer. */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'must be a Kafka group id (letters, digits, . _ -)' })
  CONSUMER_GROUP_ID: string = 'monitoring-service';

  /** Run the consumer and the outbox relay in this process (false for an API-only replica). */
  @Transform(({ obj, key }) => booleanFrom(obj[key]))
  @IsBoolean()
  MESSAGING_ENABLED: boolean = true;

  /**
   * Where a consumer group without committed offsets starts: from the beginning of the topics (default,
   * so a new deployment builds its statistics from everything retained) or at their end.
   */
  @Transform(({ obj, key }) => booleanFrom(obj[key]))
  @IsBoolean()
  CONSUME_FROM_BEGINNING: boolean = true;

  /**
   * The consumer's group session: a member silent this long is dropped from the group. After a broker restart
   * the group waits up to this long for the old member before rebalancing.
   */
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  CONSUMER_SESSION_TIMEOUT_MS: number = 30_000;

  /**
   * How long the consumer may be out of its group (rebalancing, restarting) before /health/ready fails. A
   * rebalance takes seconds; a restart after a broker outage can take the session timeout.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  CONSUMER_READY_GRACE_MS: number = 30_000;

  /** How long a consumer with partitions may go without a fetch, heartbeat or batch before /health/ready fails. */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  CONSUMER_STALL_MS: number = 60_000;

  /**
   * Partition batches of one fetch applied together, in one transaction (1: each partition's batch alone).
   * Small requests spread over many partitions make small batches; applying a fetch's batches together pays
   * the transaction's fixed cost once (docs/benchmarks.md). Larger than the partitions read means "all of them".
   */
  @IsInt()
  @Min(1)
  @Max(1_000)
  CONSUMER_CONCURRENT_PARTITIONS: number = 100;

  /**
   * An indicator × area pair is assessed and its alerts decided (by the settler) once its data has been quiet
   * this long and the consumer has caught up (lag 0 on every partition it reads, as of its last batches) —
   * batches only apply facts and queue the pairs they touched — so a burst of events read from several
   * partitions raises one alert on its final state rather than flapping through partial ones. A timing setting:
   * the alert rules judge the settled values, however soon. 0 assesses and decides inside each batch.
   */
  @IsInt()
  @Min(0)
  @Max(10_000)
  ALERT_SETTLE_MS: number = 100;

  /**
   * While the consumer has not caught up (under a steady stream it rarely has nothing left to read), an indicator
   * is decided once its data have been quiet this long instead — the rule before the catch-up check, so a steady
   * load does not make every alert wait ALERT_MAX_WAIT_MS. At least ALERT_SETTLE_MS.
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  ALERT_SETTLE_BEHIND_MS: number = 250;

  /**
   * Longest a changed indicator waits for its alert decision under a continuous stream of events, or while the
   * consumer has not caught up (a backlog): the decision is then made on what is applied.
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  ALERT_MAX_WAIT_MS: number = 1_000;

  /**
   * How often the settler looks at the alert queue although nothing woke it. It is woken by a timer at the next
   * pair's due time and by this process's consumer after each batch; the poll only finds pairs queued by another
   * replica (which decides them itself unless it stopped) or left by a failed look.
   */
  @IsInt()
  @Min(50)
  @Max(60_000)
  ALERT_SETTLER_POLL_MS: number = 1_000;

  /**
   * Longest an indicator touched by a request not yet applied in full (some of its events still on other
   * partitions, or lost to a dead-letter topic) waits for the rest before its alerts are decided anyway;
   * such decisions are counted (wdp_monitoring_alert_decisions_forced_total) and logged.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  ALERT_INCOMPLETE_MAX_WAIT_MS: number = 60_000;

  /**
   * A decided warning is raised (published) only once its condition has held this long: every assessment
   * of its slot in between still raised it. A condition that recovers sooner (a transient state of a
   * backfill) is dropped unpublished. 0 raises at once.
   */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  ALERT_RAISE_HOLD_MS: number = 300_000;

  /** An open alert is resolved automatically only once its recovery has held this long. 0 resolves at once. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  ALERT_RESOLVE_HOLD_MS: number = 300_000;

  /**
   * Where warnings are raised: `district` (default) — the plan's targets are the district's, and street
   * series built from a few dozen records a year swing by chance; streets are still assessed and their
   * assessments show the warnings they would raise — or `all`, which also raises them for streets and the
   * town (still held back on fewer than k counted records).
   */
  @IsIn(['district', 'all'])
  ALERT_AREAS: 'district' | 'all' = 'district';

  /** How often expected submissions are checked against their deadlines (missing data, late datasets); 0 turns both jobs off. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  SUBMISSION_CHECK_INTERVAL_MS: number = 60_000;

  /**
   * How often the validation rules run over all areas and periods (docs/validation.md), and every approved cell's
   * hold is re-checked as a fallback (overrides, rule changes, runs and new data release a held approval at once);
   * 0 turns the schedule off.
   */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  VALIDATION_RUN_INTERVAL_MS: number = 900_000;

  /**
   * Key that encrypts webhook signing secrets at rest (at least 32 characters). Required once
   * ADMIN_API_KEY is set (a real deployment); a local demo without it uses a fixed development key,
   * announced at start. Sensitive: never printed.
   */
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  WEBHOOK_SECRET_KEY?: string = undefined;

  /** First webhook retry after this long; each further retry doubles it (with jitter) up to WEBHOOK_BACKOFF_MAX_MS. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_BACKOFF_BASE_MS: number = 2_000;

  @IsInt()
  @Min(10)
  @Max(86_400_000)
  WEBHOOK_BACKOFF_MAX_MS: number = 600_000;

  /** A subscription is disabled after this many failed attempts in a row (re-enable through the API). */
  @IsInt()
  @Min(1)
  @Max(10_000)
  WEBHOOK_DISABLE_AFTER_FAILURES: number = 20;

  /**
   * Webhook grouping (per subscription, which may override both): the alert changes of a quiet
   * subscription wait this long after the first of them and go out as one delivery…
   */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  WEBHOOK_GROUP_WAIT_MS: number = 30_000;

  /** …and a subscription just sent a delivery gets its next one no sooner than this after it. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  WEBHOOK_GROUP_INTERVAL_MS: number = 300_000;

  /** How long one webhook POST may take before it counts as failed. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /**
   * Networks webhooks may reach although they are not public: comma-separated CIDR blocks, e.g.
   * `127.0.0.1/32,::1/128` for a receiver on this machine. Unset (the default): public addresses only,
   * over https; plain http is accepted only to these networks. Cloud metadata names stay refused.
   */
  @IsOptional()
  @ValidateBy({
    name: 'isCidrList',
    validator: { validate: (v) => typeof v === 'string' && isAllowList(v), defaultMessage: () => 'must be comma-separated CIDR blocks, e.g. 127.0.0.1/32,::1/128' },
  })
  WEBHOOK_ALLOW_PRIVATE_CIDRS?: string = undefined;

  /** How often the webhook dispatcher and the live stream look for new alert events. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  ALERT_DELIVERY_POLL_MS: number = 250;

  /** Comment line on every open live stream this often, so proxies keep it open. */
  @IsInt()
  @Min(100)
  @Max(300_000)
  SSE_HEARTBEAT_MS: number = 15_000;

  /** Lifetime of a stream token for EventSource clients that cannot send headers. */
  @IsInt()
  @Min(5)
  @Max(3_600)
  STREAM_TOKEN_TTL_SECONDS: number = 300;

  /** Published figures built from fewer than this many records are suppressed (disclosure control). */
  @IsInt()
  @Min(1)
  @Max(1_000)
  DISCLOSURE_K: number = 5;

  /**
   * The headless Chromium that renders report PDFs (`?format=pdf`). Where it is absent the PDF route answers
   * 503 and every other format works; Debian's `chromium` with `fonts-noto-cjk` (for the Chinese text).
   */
  @Matches(/^\/[^\0]*$/, { message: 'must be an absolute path' })
  CHROMIUM_PATH: string = '/usr/bin/chromium';
}

/** The topics the consumer reads. */
export function consumedTopics(config: Pick<MonitoringServiceConfig, 'DATA_TOPICS'>): string[] {
  return config.DATA_TOPICS ? config.DATA_TOPICS.split(',') : [...DATA_TOPICS];
}
