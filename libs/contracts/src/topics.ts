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
};

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

/** The topic each department's events go to. */
export const DEPARTMENT_TOPICS: Readonly<Record<string, Topic>> = {
  health: Topic.HealthEvents,
  education: Topic.EducationEvents,
  employment: Topic.EmploymentEvents,
  'social-security': Topic.SocialSecurityEvents,
  'rights-protection': Topic.RightsProtectionEvents,
  family: Topic.FamilyEvents,
  statistics: Topic.StatisticsEvents,
};

/** Every topic that carries departmental data, i.e. what the monitoring service consumes. */
export const DATA_TOPICS: readonly Topic[] = Object.values(DEPARTMENT_TOPICS);

export function departmentTopic(department: string): Topic {
  const topic = DEPARTMENT_TOPICS[department];
  if (!topic) throw new RangeError(`no topic for department ${department}`);
  return topic;
}
