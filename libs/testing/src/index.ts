export { createTestDatabase, testDataSource, uniqueDatabaseName, type TestDatabase } from './database';
export { testInfra, type TestInfra } from './infra-env';
export {
  collectTopic, CollectTimeoutError, topicMessageCount, uniqueTopic, uniqueTopicName,
  type CollectedMessage, type CollectOptions, type UniqueTopicOptions,
} from './kafka';
export { localKafka, REPO_ROOT, type LocalKafka, type LocalKafkaInstance } from './kafka-local';
export { waitFor, type WaitForOptions } from './wait-for';
export {
  countRows, injectJson, outboxEventIds, readEventsById, recordEventIds,
  type DeliveredEvent, type InjectMethod, type InjectOptions,
} from './service-probes';
export { changesOfEvent, eventsOfChanges, recordChangesIn, recordChangeType, type DeliveredRecordChange } from './record-changes';
export {
  useDepartmentalService,
  type DepartmentalAppSpec, type DepartmentalService, type DepartmentalServiceOptions,
} from './departmental-service';
export {
  describeDepartmentalContract,
  type SampleBody, type DepartmentalContract, type Problem, type RecordBuilder, type RecordChangeContext, type ReturnBody,
} from './departmental-contract';
