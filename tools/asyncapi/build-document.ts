import {
  AGE_BANDS,
  APPROVAL_STATES,
  approvalEventType,
  AttributeDefinition,
  CE_HEADER,
  CLOUDEVENTS_CONTENT_TYPE,
  deadLetterTopic,
  DEPARTMENT_TOPICS,
  DEPARTMENT_V2_TOPICS,
  DEPARTMENTS,
  PERIOD_FORMATS,
  RECORD_KINDS,
  RecordKindDefinition,
  recordBatchEventType,
  recordEventType,
  RETURN_KINDS,
  ReturnKindDefinition,
  returnEventType,
  Topic,
  TOPIC_PARTITIONS,
} from '@wdp/contracts';
import { MAX_BATCH_EVENT_BYTES } from '@wdp/ingestion';
import { ALERT_MESSAGE } from './alert-message';

// Builds docs/asyncapi.yaml from the contracts themselves (topics, record and return kinds, attributes),
// so the document cannot drift from what the services publish. tools/asyncapi/asyncapi.spec.ts checks
// that the committed file equals this output and that the AsyncAPI parser accepts it.

type Schema = Record<string, unknown>;

const camel = (s: string) => s.replace(/[-.]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());

function attributeSchema(a: AttributeDefinition): Schema {
  const base: Schema = { description: a.description };
  switch (a.type) {
    case 'enum':
      return { ...base, type: 'string', enum: [...(a.values ?? [])] };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'integer':
    case 'number':
      return { ...base, type: a.type, ...(a.min !== undefined ? { minimum: a.min } : {}), ...(a.max !== undefined ? { maximum: a.max } : {}) };
    default:
      return { ...base, type: 'string', ...(a.pattern ? { pattern: a.pattern } : {}) };
  }
}

function recordFactSchema(k: RecordKindDefinition): Schema {
  const required = ['kind', 'area', 'period', 'count', 'attributes'];
  if (k.hasSex) required.push('sex');
  return {
    type: 'object',
    additionalProperties: false,
    required,
    properties: {
      kind: { type: 'string', const: k.kind },
      area: { $ref: '#/components/schemas/AreaCode' },
      period: { type: 'string', pattern: PERIOD_FORMATS.month.pattern, description: 'Month of occurrence, YYYY-MM.' },
      ...(k.hasSex ? { sex: { $ref: '#/components/schemas/Sex' } } : {}),
      ...(k.hasAgeBand ? { ageBand: { $ref: '#/components/schemas/AgeBand' } } : {}),
      count: k.carriesCount
        ? { type: 'integer', minimum: 0, description: 'Units this record counts for (a facility aggregate).' }
        : { type: 'integer', const: 1, description: 'Each record is one person or case.' },
      attributes: {
        type: 'object',
        additionalProperties: false,
        required: k.attributes.filter((a) => a.required).map((a) => a.name),
        properties: Object.fromEntries(k.attributes.map((a) => [a.name, attributeSchema(a)])),
      },
    },
  };
}

function envelope(types: string[], data: Schema, description: string): Schema {
  return {
    type: 'object',
    description,
    required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data'],
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: { type: 'string', format: 'uuid', description: 'Unique event id; the dedupe key of every consumer.' },
      source: { type: 'string', description: 'The publishing service, e.g. /yunyan/wdp/health-service.' },
      type: { type: 'string', enum: types },
      subject: { type: 'string', description: 'The aggregate the event is about.' },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { type: 'string', const: 'application/json' },
      wdpbatch: {
        type: 'string',
        maxLength: 100,
        description:
          'Extension attribute: the id (a UUID the service generates, not the client\'s request id) shared by every event of one accepted request or return submission. ' +
          'Monitoring decides the alerts of what a request touched only once all `wdpbatchsize` of its events have been applied. Absent on events of older producers: they count as complete on their own.',
      },
      wdpbatchsize: { type: 'integer', minimum: 1, description: 'Extension attribute: how many events the request of `wdpbatch` produced in all (on every one of them).' },
      data,
    },
  };
}

const RECORD_OPERATIONS = ['recorded', 'revised', 'withdrawn'] as const;

/** One record change: the data of a v1 record event, and (less `department`) an item of a batch event. */
function recordChangeSchema(k: RecordKindDefinition, withDepartment: boolean): Schema {
  const fact = `${pascal(k.department)}${pascal(k.kind)}Fact`;
  return {
    type: 'object',
    required: ['recordId', 'revision', 'operation', ...(withDepartment ? ['department'] : []), 'current', 'previous'],
    properties: {
      recordId: { type: 'string', format: 'uuid', description: 'Id the service minted for the record; never a personal reference.' },
      revision: { type: 'integer', minimum: 1 },
      operation: { type: 'string', enum: [...RECORD_OPERATIONS] },
      ...(withDepartment ? { department: { type: 'string', const: k.department } } : {}),
      current: { oneOf: [{ $ref: `#/components/schemas/${fact}` }, { type: 'null' }], description: 'Null when withdrawn.' },
      previous: { oneOf: [{ $ref: `#/components/schemas/${fact}` }, { type: 'null' }], description: 'Null when first recorded.' },
    },
  };
}

function recordMessage(k: RecordKindDefinition): Schema {
  return {
    name: `${k.department}.${k.kind}`,
    title: `${k.nameEn} (${k.nameZh})`,
    summary: k.description,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/CloudEventHeaders' },
    payload: envelope(
      RECORD_OPERATIONS.map((op) => recordEventType(k.department, k.kind, op)),
      recordChangeSchema(k, true),
      'Consumers subtract `previous` and add `current`, so revisions apply in any arrival order.',
    ),
    bindings: { kafka: { key: { type: 'string', description: 'recordId: order holds per record.' }, bindingVersion: '0.5.0' } },
  };
}

function recordBatchMessage(k: RecordKindDefinition): Schema {
  return {
    name: `${k.department}.${k.kind}.record-batch`,
    title: `${k.nameEn} (${k.nameZh}) — batch of record changes`,
    summary:
      `The record changes of one accepted request whose record ids hash to one partition (v2 topics). ${k.description}`,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/CloudEventHeaders' },
    payload: envelope(
      [recordBatchEventType(k.department, k.kind)],
      {
        type: 'object',
        required: ['department', 'kind', 'items'],
        properties: {
          department: { type: 'string', const: k.department },
          kind: { type: 'string', const: k.kind },
          items: {
            type: 'array',
            minItems: 1,
            description:
              'Each item is applied exactly as the v1 event with the same data (plus `department`) would be; items of one record keep their order. ' +
              'The event stays under ' + `${MAX_BATCH_EVENT_BYTES / 1024} KiB` + '. A consumer that cannot apply an item dead-letters that item alone and applies the rest.',
            items: recordChangeSchema(k, false),
          },
        },
      },
      'One event per accepted request, kind and partition: a consumer subtracts each item\'s `previous` and adds its `current`.',
    ),
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The recordId of the first item; every item\'s recordId hashes (murmur2) to the same partition, so order holds per record.' },
        bindingVersion: '0.5.0',
      },
    },
  };
}

function returnFactsSchema(k: ReturnKindDefinition): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'area', 'period', 'unit', 'figures'],
    properties: {
      kind: { type: 'string', const: k.kind },
      area: { $ref: '#/components/schemas/AreaCode' },
      period: { type: 'string', description: `One of: ${k.granularities.map((g) => PERIOD_FORMATS[g].example).join(', ')}.` },
      unit: { type: 'string', const: k.unit },
      figures: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['sex', 'value', ...(k.hasNumeratorDenominator ? ['numerator', 'denominator'] : [])],
          properties: {
            sex: { type: 'string', enum: [...k.sexes] },
            ...(k.hasAgeBand ? { ageBand: { $ref: '#/components/schemas/AgeBand' } } : {}),
            value: { type: 'number' },
            ...(k.hasNumeratorDenominator ? { numerator: { type: 'number', minimum: 0 }, denominator: { type: 'number', exclusiveMinimum: 0 } } : {}),
          },
        },
      },
    },
  };
}

function returnMessage(k: ReturnKindDefinition): Schema {
  const facts = `${pascal(k.department)}${pascal(k.kind)}Return`;
  const ops = ['submitted', 'revised', 'withdrawn'] as const;
  return {
    name: `${k.department}.${k.kind}-return`,
    title: `${k.nameEn} (${k.nameZh}) — statistical return`,
    summary: k.description,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/CloudEventHeaders' },
    payload: envelope(
      ops.map((op) => returnEventType(k.department, k.kind, op)),
      {
        type: 'object',
        required: ['returnId', 'revision', 'operation', 'department', 'current', 'previous'],
        properties: {
          returnId: { type: 'string', format: 'uuid' },
          revision: { type: 'integer', minimum: 1, description: 'The highest revision of a return wins.' },
          operation: { type: 'string', enum: [...ops] },
          department: { type: 'string', const: k.department },
          current: { oneOf: [{ $ref: `#/components/schemas/${facts}` }, { type: 'null' }] },
          previous: { oneOf: [{ $ref: `#/components/schemas/${facts}` }, { type: 'null' }] },
        },
      },
      'A statistical return: aggregated figures for an area and a period, by sex.',
    ),
    bindings: { kafka: { key: { type: 'string', description: 'returnId: order holds per return.' }, bindingVersion: '0.5.0' } },
  };
}

/** A cell's approval state changed (docs/approval.md); on every department's channel, in both generations. */
function approvalMessage(department: string): Schema {
  const fingerprint = {
    type: 'object',
    required: ['items', 'revisionSum'],
    properties: { items: { type: 'integer', minimum: 0 }, revisionSum: { type: 'integer', minimum: 0 } },
  };
  return {
    name: `${department}.submission.approval-changed`,
    title: 'Approval of a period changed',
    summary:
      'A cell (dataset × period × area) of a dataset that needs approval changed state: draft (every write to it says so again), submitted, ' +
      'returned (with the approver’s comment) or approved (with a fingerprint of what was approved; the cell is locked). An unlock makes it a ' +
      'draft with the reason as comment. Datasets approved automatically (the default) publish none.',
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/CloudEventHeaders' },
    payload: envelope(
      [approvalEventType(department)],
      {
        type: 'object',
        additionalProperties: false,
        required: ['department', 'datasetType', 'kind', 'period', 'area', 'state', 'version', 'fingerprint', 'comment'],
        properties: {
          department: { type: 'string', const: department },
          datasetType: { type: 'string', enum: ['record', 'return'] },
          kind: { type: 'string', description: 'The record or return kind.' },
          period: { type: 'string', description: 'Records: the year (YYYY). Returns: the return’s period.' },
          area: { $ref: '#/components/schemas/AreaCode', description: 'Records: the district. Returns: the return’s area.' },
          state: { type: 'string', enum: [...APPROVAL_STATES] },
          version: { type: 'integer', minimum: 1, description: 'Up by one with every event of the cell: the highest is its current state.' },
          fingerprint: {
            oneOf: [fingerprint, { type: 'null' }],
            description: 'On approval: the items (records or returns) counting in the cell and their revisions summed. A consumer counts the cell as approved once what it received measures the same.',
          },
          comment: { type: ['string', 'null'], description: 'The approver’s comment on a returned period, or the reason of an unlock.' },
        },
      },
      'A consumer keeps the newest version per cell and counts the cell in official figures only while approved and matching the fingerprint.',
    ),
    bindings: { kafka: { key: { type: 'string', description: '<department>/<datasetType>/<kind>/<period>/<area>: order holds per cell.' }, bindingVersion: '0.5.0' } },
  };
}

const DEAD_LETTER: Schema = {
  name: 'dead-letter',
  title: 'Dead letter',
  summary:
    'A message a consumer could not process after its bounded retries: the original value, unchanged. Or the items of a batch event ' +
    'that could not be applied while the rest were: an event of the same type holding only those items, with an id of its own and ' +
    '`dlq_original_event_id` naming the batch event.',
  contentType: 'application/octet-stream',
  headers: {
    type: 'object',
    properties: {
      dlq_error: { type: 'string', description: 'Why processing failed.' },
      dlq_original_topic: { type: 'string' },
      dlq_original_partition: { type: 'string' },
      dlq_original_offset: { type: 'string' },
      dlq_consumer: { type: 'string', description: 'Consumer group that gave up.' },
      dlq_failed_at: { type: 'string', format: 'date-time' },
      dlq_original_event_id: { type: 'string', description: 'On the rejected items of a batch event: the id of the batch event they were taken from.' },
    },
  },
  payload: { description: 'The original message value, byte for byte (it may not be valid JSON); for rejected items, the event of those items.' },
};

export function buildAsyncApiDocument(): Schema {
  const channels: Schema = {};
  const operations: Schema = {};
  const messages: Schema = { deadLetter: DEAD_LETTER };
  const schemas: Schema = {
    CloudEventHeaders: {
      type: 'object',
      description: 'Envelope attributes mirrored as Kafka headers, for routing without parsing, and the API call the event came from.',
      properties: {
        [CE_HEADER.id]: { type: 'string' },
        [CE_HEADER.type]: { type: 'string' },
        [CE_HEADER.source]: { type: 'string' },
        [CE_HEADER.contentType]: { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE },
        wdp_request_id: { type: 'string', description: 'X-Request-Id of the API call that wrote the event (absent on events no API call wrote).' },
        traceparent: {
          type: 'string',
          pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
          description:
            'W3C Trace Context of the span that sent the event, when tracing is on (docs/operations.md, Traces); with tracing off, the '
            + 'caller’s own valid traceparent, if it sent one. A consumer continues the trace from it.',
        },
      },
    },
    AreaCode: { type: 'string', pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', description: 'District (6), street/town (9) or community/village (12 digits); see deploy/reference/areas.json.' },
    Sex: { type: 'string', enum: ['F', 'M'], description: 'F female, M male (docs/code-lists.md).' },
    AgeBand: { type: 'string', enum: [...AGE_BANDS] },
  };

  const departmentTopics = [
    ...DEPARTMENTS.map((dept) => ({ dept, topic: DEPARTMENT_TOPICS[dept.code], generation: 'v1' as const })),
    ...DEPARTMENTS.map((dept) => ({ dept, topic: DEPARTMENT_V2_TOPICS[dept.code], generation: 'v2' as const })),
  ];
  for (const { dept, topic, generation } of departmentTopics) {
    if (!topic) continue;
    const channelId = camel(topic.replace(/^wdp\./, '').replace(/\.v1$/, ''));
    const channelMessages: Schema = {};
    for (const k of RECORD_KINDS.filter((r) => r.department === dept.code)) {
      const id = camel(`${k.department}-${k.kind}-${generation === 'v1' ? 'record' : 'record-batch'}`);
      schemas[`${pascal(k.department)}${pascal(k.kind)}Fact`] = recordFactSchema(k);
      messages[id] = generation === 'v1' ? recordMessage(k) : recordBatchMessage(k);
      channelMessages[id] = { $ref: `#/components/messages/${id}` };
    }
    for (const k of RETURN_KINDS.filter((r) => r.department === dept.code)) {
      const id = camel(`${k.department}-${k.kind}-return`);
      schemas[`${pascal(k.department)}${pascal(k.kind)}Return`] = returnFactsSchema(k);
      messages[id] = returnMessage(k);
      channelMessages[id] = { $ref: `#/components/messages/${id}` };
    }
    if (Object.keys(channelMessages).length === 0) continue;
    const approvalId = camel(`${dept.code}-approval-changed`);
    messages[approvalId] = approvalMessage(dept.code);
    channelMessages[approvalId] = { $ref: `#/components/messages/${approvalId}` };
    const publisher = dept.code === 'statistics' ? 'monitoring-service (statistics-bureau returns)' : `${dept.code}-service`;
    const generationNote = dept.code === 'statistics' ? '' : generation === 'v1'
      ? ' Generation v1: one event per record change (EVENT_GENERATION=v1). Monitoring reads both generations, so a service can switch at any time; each change is published in one generation only.'
      : ' Generation v2 (the default, EVENT_GENERATION=v2): record changes as batch events, one per accepted request, kind and partition; returns as on v1.';
    channels[channelId] = {
      address: topic,
      title: `${dept.nameEn} events${generation === 'v2' ? ' (v2, batched)' : ''}`,
      description: `Published by ${publisher} through its transactional outbox. Partitions: ${TOPIC_PARTITIONS[topic]}.${generationNote}`,
      messages: channelMessages,
    };
    const refs = Object.keys(channelMessages).map((id) => ({ $ref: `#/channels/${channelId}/messages/${id}` }));
    operations[`publish${pascal(channelId)}`] = { action: 'send', channel: { $ref: `#/channels/${channelId}` }, summary: `${publisher} publishes accepted writes.`, messages: refs };
    operations[`consume${pascal(channelId)}`] = { action: 'receive', channel: { $ref: `#/channels/${channelId}` }, summary: 'monitoring-service aggregates them into the gender-statistics database.', messages: refs };
    const dlqId = `${channelId}DeadLetters`;
    channels[dlqId] = {
      address: deadLetterTopic(topic),
      title: `${dept.nameEn} dead letters`,
      description: `Messages of ${topic} that monitoring-service could not process after bounded retries.`,
      messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
    };
    operations[`deadLetter${pascal(channelId)}`] = { action: 'send', channel: { $ref: `#/channels/${dlqId}` }, messages: [{ $ref: `#/channels/${dlqId}/messages/deadLetter` }] };
  }

  messages.alert = ALERT_MESSAGE;
  channels.monitoringAlerts = {
    address: Topic.MonitoringAlerts,
    title: 'Early warnings',
    description: `Alerts raised and resolved by monitoring-service, for integrators. Partitions: ${TOPIC_PARTITIONS[Topic.MonitoringAlerts]}.`,
    messages: { alert: { $ref: '#/components/messages/alert' } },
  };
  operations.publishMonitoringAlerts = {
    action: 'send',
    channel: { $ref: '#/channels/monitoringAlerts' },
    summary: 'monitoring-service publishes a raised or resolved alert through its outbox.',
    messages: [{ $ref: '#/channels/monitoringAlerts/messages/alert' }],
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Yunyan District Women’s Development Plan — events',
      version: '1.0.0',
      description:
        'Every Kafka topic of the system. Values are CloudEvents 1.0 in structured mode. No event carries a personal identifier: only sex, age band, area, period and domain attributes. Generated by tools/asyncapi/generate.ts from libs/contracts; do not edit by hand.',
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The broker `npm start` runs (Apache Kafka 3.9.1, KRaft).' },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}
