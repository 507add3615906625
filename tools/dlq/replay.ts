import { parseArgs } from 'node:util';
import { createKafkaProducer } from '@wdp/messaging';
import { readDeadLetters } from './dead-letter-reader';
import { planReplay, selects, type PlannedReplay, type ReplaySelection } from './replay-plan';

export interface ReplayOptions extends ReplaySelection {
  brokers: string;
  /** The dead-letter topic, e.g. `wdp.health.events.v1.dlq`. */
  deadLetterTopic: string;
  dryRun: boolean;
}

export interface ReplayResult {
  read: number;
  selected: PlannedReplay[];
  published: number;
}

/**
 * Re-publishes dead letters to the topic they came from. Safe to repeat: consumers dedupe by event id in
 * their inbox, and a dead-lettered event never reached the inbox. Nothing is removed from the DLQ (Kafka
 * topics are append-only); the `wdp_replayed_from` header ties each copy to its dead letter.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const letters = await readDeadLetters(options.brokers, options.deadLetterTopic);
  const selected = letters.filter((l) => selects(l, options)).map((l) => planReplay(options.deadLetterTopic, l));
  if (options.dryRun || selected.length === 0) return { read: letters.length, selected, published: 0 };
  const producer = createKafkaProducer({ brokers: options.brokers, clientId: 'wdp-dlq-replay' });
  await producer.connect();
  try {
    // One send per original topic, in DLQ order, so messages of one key keep their relative order.
    const byTopic = new Map<string, PlannedReplay[]>();
    for (const r of selected) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    await producer.send([...byTopic].map(([topic, rs]) => ({ topic, messages: rs.map((r) => r.message) })));
  } finally {
    await producer.disconnect();
  }
  return { read: letters.length, selected, published: selected.length };
}

const USAGE = `usage: npm run dlq:replay -- <topic>.dlq [--dry-run] [--consumer <group>] [--event-id <id>]... [--from-offset <n>]
  KAFKA_BROKERS (default 127.0.0.1:9092) names the cluster. --dry-run lists what would be re-published.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      consumer: { type: 'string' },
      'event-id': { type: 'string', multiple: true },
      'from-offset': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const topic = positionals[0];
  if (values.help || !topic || !topic.endsWith('.dlq')) {
    console.error(USAGE);
    return values.help ? 0 : 64;
  }
  const result = await replayDeadLetters({
    brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    deadLetterTopic: topic,
    dryRun: values['dry-run'],
    consumer: values.consumer,
    eventIds: values['event-id'],
    fromOffset: values['from-offset'] === undefined ? undefined : BigInt(values['from-offset']),
  });
  for (const r of result.selected) {
    const s = r.source;
    console.log(`${s.partition}/${s.offset} → ${r.topic} key=${r.message.key ?? '(none)'} ${s.eventType ?? ''} ${s.eventId ?? ''} consumer=${s.consumer ?? '?'} error=${s.error ?? '?'}`);
  }
  const verb = values['dry-run'] ? 'would re-publish' : 're-published';
  console.log(`${topic}: ${result.read} dead letters read, ${result.selected.length} selected, ${verb} ${values['dry-run'] ? result.selected.length : result.published}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`dlq replay: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
