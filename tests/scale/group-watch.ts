import { type Admin, AssignerProtocol } from 'kafkajs';
import { sleep } from '@wdp/testing/system';

// The monitoring consumer group as the coordinator sees it: how long a rebalance takes after a member dies
// (the coordinator waits out its session) and after one joins.

export interface GroupView {
  state: string;
  members: number;
  /** Partitions assigned to some member, and of the topics they cover, how many exist. */
  assigned: number;
  total: number;
}

export async function viewGroup(admin: Admin, groupId: string): Promise<GroupView> {
  const {
    groups: [g],
  } = await admin.describeGroups([groupId]);
  let assigned = 0;
  const topics = new Set<string>();
  for (const m of g.members) {
    const decoded = m.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
    for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) {
      topics.add(topic);
      assigned += partitions.length;
    }
  }
  let total = 0;
  if (topics.size > 0) for (const t of (await admin.fetchTopicMetadata({ topics: [...topics] })).topics) total += t.partitions.length;
  return { state: g.state, members: g.members.length, assigned, total };
}

/**
 * Seconds from `since` until the group is stable with `members` members and every partition of its topics
 * assigned; null if that does not happen within `timeoutMs`.
 */
export async function awaitBalanced(admin: Admin, groupId: string, members: number, since: number, timeoutMs = 180_000): Promise<number | null> {
  while (Date.now() - since < timeoutMs) {
    try {
      const v = await viewGroup(admin, groupId);
      if (v.state === 'Stable' && v.members === members && v.total > 0 && v.assigned === v.total) return (Date.now() - since) / 1000;
    } catch {
      /* coordinator moving (a broker is down): look again */
    }
    await sleep(100);
  }
  return null;
}
