import fs from 'node:fs';
import path from 'node:path';
import type { KafkaAdmin } from '@wdp/messaging';

// What the pipeline moved through Kafka, whatever its event format: bytes as the broker stored them (its
// log segments, record batch framing and headers included) and messages by the partitions' end offsets.
// Both read the broker, not the consumers, so a change of event generation cannot fool them.

/** The topics carrying records: every departmental and statistics topic of either generation, no alerts, no dead letters. */
export const isRecordTopic = (topic: string) => topic.startsWith('wdp.') && !topic.startsWith('wdp.monitoring.') && !topic.endsWith('.dlq');

/** Bytes in the log segments (`*.log`) of the matching topics under a broker's log.dirs; 0 for a missing dir. */
export function topicLogBytes(dataDir: string, matches: (topic: string) => boolean): number {
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync(dataDir);
  } catch {
    return 0;
  }
  let bytes = 0;
  for (const d of dirs) {
    // A partition's directory is "<topic>-<partition>"; deleted ones carry a suffix and are skipped.
    const m = /^(.+)-(\d+)$/.exec(d);
    if (!m || !matches(m[1])) continue;
    for (const f of fs.readdirSync(path.join(dataDir, d))) {
      if (f.endsWith('.log')) bytes += fs.statSync(path.join(dataDir, d, f)).size;
    }
  }
  return bytes;
}

/** Messages ever written to the matching topics: the sum of their partitions' end offsets. */
export async function topicMessages(admin: KafkaAdmin, matches: (topic: string) => boolean): Promise<number> {
  let n = 0;
  for (const topic of (await admin.listTopics()).filter(matches)) {
    for (const p of await admin.topicOffsets(topic)) n += Number(p.high);
  }
  return n;
}
