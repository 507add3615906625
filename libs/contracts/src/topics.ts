/**
 * Every Kafka topic the system uses, with its partition count. Names carry a version: a breaking change
 * to a topic's messages gets a new topic, and both run side by side while consumers migrate.
 */
export enum Topic {
  HealthEvents = 'wdp.health.events.v1',
  EducationEvents = 'wdp.education.events.v1',
  EmploymentEvents = 'wdp.employment.events.v1',
  SocialSecurityEvents = 'wdp.social-security.events.v1',
  RightsProtectionEvents = 'wdp.rights-protection.events.v1',
  FamilyEvents = 'wdp.family.events.v1',
  /** Returns the district statistics bureau files with the monitoring service (decision-making, rural, environment). */
  StatisticsEvents = 'wdp.statistics.events.v1',
  MonitoringAlerts = 'wdp.monitoring.alerts.v1',
  // The second generation of the departmental topics: record changes arrive as batch events (one per request
  // and partition, `….record-batch.v1`); returns as in v1.
  HealthEventsV2 = 'wdp.health.events.v2',
  EducationEventsV2 = 'wdp.education.events.v2',
  EmploymentEventsV2 = 'wdp.employment.events.v2',
  SocialSecurityEventsV2 = 'wdp.social-security.events.v2',
  RightsProtectionEventsV2 = 'wdp.rights-protection.events.v2',
  FamilyEventsV2 = 'wdp.family.events.v2',
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

export const TOPIC_PARTITIONS: Record<Topic, number> = {
  [Topic.HealthEvents]: 6,
  [Topic.EducationEvents]: 6,
  [Topic.EmploymentEvents]: 6,
  [Topic.SocialSecurityEvents]: 6,
  [Topic.RightsProtectionEvents]: 6,
  [Topic.FamilyEvents]: 6,
  [Topic.StatisticsEvents]: 3,
  [Topic.MonitoringAlerts]: 3,
  [Topic.HealthEventsV2]: 6,
  [Topic.EducationEventsV2]: 6,
  [Topic.EmploymentEventsV2]: 6,
  [Topic.SocialSecurityEventsV2]: 6,
  [Topic.RightsProtectionEventsV2]: 6,
  [Topic.FamilyEventsV2]: 6,
};

/** The partitions of a departmental topic; also what a topic unknown here (a test's own) is assumed to have. */
export const DEPARTMENT_TOPIC_PARTITIONS = 6;

/** Partitions of `topic`: its count above, else a departmental topic's. */
export function topicPartitions(topic: string): number {
  return TOPIC_PARTITIONS[topic as Topic] ?? DEPARTMENT_TOPIC_PARTITIONS;
}

/** Dead letters of a consumer of `topic` go to `<topic>.dlq`, one partition: they are rare and read by people. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export function topicSpecs(): TopicSpec[] {
  return Object.values(Topic).flatMap((name) => [
    { name, partitions: TOPIC_PARTITIONS[name] },
    { name: deadLetterTopic(name), partitions: 1 },
  ]);
}

/**
 * How a departmental service publishes record changes: `v1`, one event per record change; `v2`, one batch
 * event per accepted request and partition. Consumers understand both, so producers switch one at a time.
 */
export const EVENT_GENERATIONS = ['v1', 'v2'] as const;
export type EventGeneration = (typeof EVENT_GENERATIONS)[number];
export const DEFAULT_EVENT_GENERATION: EventGeneration = 'v2';

/** The topic each department's v1 events go to. */
export const DEPARTMENT_TOPICS: Readonly<Record<string, Topic>> = {
  health: Topic.HealthEvents,
  education: Topic.EducationEvents,
  employment: Topic.EmploymentEvents,
  'social-security': Topic.SocialSecurityEvents,
  'rights-protection': Topic.RightsProtectionEvents,
  family: Topic.FamilyEvents,
  statistics: Topic.StatisticsEvents,
};

/** The v2 topics. The statistics bureau's returns are not batched, so it has none and stays on v1. */
export const DEPARTMENT_V2_TOPICS: Readonly<Record<string, Topic>> = {
  health: Topic.HealthEventsV2,
  education: Topic.EducationEventsV2,
  employment: Topic.EmploymentEventsV2,
  'social-security': Topic.SocialSecurityEventsV2,
  'rights-protection': Topic.RightsProtectionEventsV2,
  family: Topic.FamilyEventsV2,
};

/** Every topic that carries departmental data, of both generations, i.e. what the monitoring service consumes. */
export const DATA_TOPICS: readonly Topic[] = [...Object.values(DEPARTMENT_TOPICS), ...Object.values(DEPARTMENT_V2_TOPICS)];

/** The topic a department publishes to in `generation` (the statistics bureau's is v1 in both). */
export function departmentTopic(department: string, generation: EventGeneration = 'v1'): Topic {
  const topic = (generation === 'v2' ? DEPARTMENT_V2_TOPICS[department] : undefined) ?? DEPARTMENT_TOPICS[department];
  if (!topic) throw new RangeError(`no topic for department ${department}`);
  return topic;
}
