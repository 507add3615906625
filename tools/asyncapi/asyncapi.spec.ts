import { Parser } from '@asyncapi/parser';
import { DATA_TOPICS, RECORD_KINDS, RETURN_KINDS, Topic } from '@wdp/contracts';
import fs from 'node:fs';
import type { ProgressStatus } from '@wdp/methodology';
import { ALERT_MESSAGE } from './alert-message';
import { ASYNCAPI_FILE, renderAsyncApi } from './generate';

describe('docs/asyncapi.yaml', () => {
  const committed = fs.readFileSync(ASYNCAPI_FILE, 'utf8');

  it('is what the contracts generate (run `npm run docs:asyncapi` after changing them)', () => {
    expect(committed).toBe(renderAsyncApi());
  });

  it('is a valid AsyncAPI 3 document for the official parser', async () => {
    const { document, diagnostics } = await new Parser().parse(committed);
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
  });

  it('describes every data topic, its dead-letter topic and the alerts topic', async () => {
    const { document } = await new Parser().parse(committed);
    const addresses = document!.channels().all().map((c) => c.address());
    for (const t of DATA_TOPICS) {
      expect(addresses).toContain(t);
      expect(addresses).toContain(`${t}.dlq`);
    }
    expect(addresses).toContain(Topic.MonitoringAlerts);
  });

  it('lists every progress status the assessment gives in the alert message', () => {
    // A Record over the union: a status added to @wdp/methodology without a place here fails to compile.
    const statuses: Record<ProgressStatus, true> = {
      achieved: true, on_track: true, acceleration_needed: true, limited: true, deteriorating: true, insufficient_data: true, undetermined: true, insufficient_evidence: true,
    };
    const enums: string[][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (Array.isArray(o.enum) && o.enum.includes('on_track')) enums.push(o.enum as string[]);
        Object.values(o).forEach(walk);
      }
    };
    walk(ALERT_MESSAGE);
    expect(enums.length).toBeGreaterThan(0);
    for (const e of enums) expect([...e].sort()).toEqual(Object.keys(statuses).sort());
  });

  it('has a message for every record kind and every return kind', async () => {
    const { document } = await new Parser().parse(committed);
    const names = new Set(document!.allMessages().all().map((m) => m.name()));
    for (const k of RECORD_KINDS) expect(names).toContain(`${k.department}.${k.kind}`);
    for (const k of RETURN_KINDS) expect(names).toContain(`${k.department}.${k.kind}-return`);
  });
});
