import { createKafka, type GroupConsumer } from '@wdp/messaging';
import { sleep } from '@wdp/testing/system';

// Alert latency: a write accepted by the API that flips an assessment, to the alert event on the alerts topic.
// The probe is the statistics bureau's return for DEC-03 (women's share of People's Congress deputies) at the
// district: 30 → 28 → 25 % is deteriorating (alert raised); revising the last year to 33 % resolves it;
// back to 25 % raises it again. Each revision is one sample. Record loads never touch this series.

const INDICATOR = 'DEC-03';
const AREA = '520103';
const KIND = 'people-congress-deputies';

/** The return series the probe writes: a load that also writes it would conflict with the probe. */
export const isProbeSeries = (r: { kind: string; area: string }): boolean => r.kind === KIND && r.area === AREA;

/** Alert events on the topic other than the probe's own, by type (raised, resolved, …). */
export type AlertTally = Record<string, number>;

interface AlertEvent {
  type: string;
  at: number;
  /** When the service decided (raisedAt / resolvedAt of the alert). */
  decidedAt: number;
}

export interface AlertSample {
  /** Accepted write (2xx) → event received from the alerts topic, ms (NaN: none within the timeout). */
  totalMs: number;
  /** Accepted write → the service's decision (the alert's raisedAt/resolvedAt), ms. */
  decideMs: number;
}

export class AlertProbe {
  private consumer?: GroupConsumer;
  private events: AlertEvent[] = [];
  private returnId = '';
  private others: AlertTally = {};
  private raised = false;

  constructor(
    private readonly brokers: string,
    private readonly monitoringUrl: string,
    private readonly statisticsKey: string,
    private readonly topic = 'wdp.monitoring.alerts.v1',
  ) {}

  private figures(women: number) {
    // Seats out of 10,000, so that a 30 → 25 % fall is beyond sampling doubt: out of 100 it would be
    // insufficient_evidence and never raise.
    return { area: AREA, period: '2022', figures: [{ sex: 'F', value: women * 100 }, { sex: 'M', value: (100 - women) * 100 }, { sex: 'T', value: 10_000 }] };
  }

  private async write(method: 'POST' | 'PUT', url: string, body: unknown): Promise<{ status: number; json: { id?: string } }> {
    const res = await fetch(`${this.monitoringUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': this.statisticsKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await res.json()) as { id?: string };
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return { status: res.status, json };
  }

  async start(): Promise<void> {
    this.consumer = createKafka({ brokers: this.brokers, clientId: 'bench-alert-probe' })
      .consumer({ groupId: `bench-alert-probe-${Date.now()}`, maxWaitTimeMs: 20 });
    await this.consumer.run({
      topics: [this.topic],
      fromBeginning: false,
      throwaway: true,
      eachBatch: async ({ messages }) => {
        for (const message of messages) this.onAlert(message.value!);
      },
    });
    // The group has joined once a probe message would be seen; give the first rebalance time to settle.
    await sleep(3000);
    for (const [period, women] of [['2020', 30], ['2021', 28]] as const) {
      await this.write('POST', `/v1/returns/${KIND}`, { ...this.figures(women), period });
    }
  }

  private onAlert(value: Buffer): void {
    const at = Date.now();
    const e = JSON.parse(value.toString()) as {
      type: string;
      data: { indicator: { code: string }; area: { code: string }; sex: string; kind: string; raisedAt: string; resolvedAt: string | null };
    };
    if (e.data.indicator.code === INDICATOR && e.data.area.code === AREA && e.data.sex === 'F' && e.data.kind === 'deteriorating') {
      this.events.push({ type: e.type, at, decidedAt: Date.parse(e.data.resolvedAt ?? e.data.raisedAt) });
    } else {
      const action = /\.alert\.([a-z-]+)\.v\d+$/.exec(e.type)?.[1] ?? e.type;
      this.others[action] = (this.others[action] ?? 0) + 1;
    }
  }

  /** One write that flips the assessment; resolves with the latency to the decision and to the alert event. */
  async sample(timeoutMs = 30_000): Promise<AlertSample> {
    const want = this.raised ? 'gov.yunyan.monitoring.alert.resolved.v1' : 'gov.yunyan.monitoring.alert.raised.v1';
    const seen = this.events.length;
    let acceptedAt: number;
    if (!this.returnId) {
      const r = await this.write('POST', `/v1/returns/${KIND}`, this.figures(25));
      acceptedAt = Date.now();
      this.returnId = r.json.id!;
    } else {
      await this.write('PUT', `/v1/returns/${KIND}/${this.returnId}`, this.figures(this.raised ? 33 : 25));
      acceptedAt = Date.now();
    }
    this.raised = !this.raised;
    const deadline = acceptedAt + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.events.slice(seen).find((e) => e.type === want);
      if (hit) return { totalMs: hit.at - acceptedAt, decideMs: hit.decidedAt - acceptedAt };
      await sleep(5);
    }
    return { totalMs: NaN, decideMs: NaN };
  }

  /** The other alert events seen so far, and a fresh count from now on. */
  takeOtherAlerts(): AlertTally {
    const seen = this.others;
    this.others = {};
    return seen;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
  }
}

export function percentile(values: number[], p: number): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
}
