import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { alertEventMessage, type AlertEventContext, type AlertRecord } from './alert-events';
import type { AlertView } from './alert-lifecycle';

// The alert message as published: the committed docs/asyncapi.yaml (tools/asyncapi/asyncapi.spec.ts keeps it
// equal to what the generator writes), so the events are checked against the document integrators read.
const ASYNCAPI = parse(fs.readFileSync(path.resolve(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8')) as {
  components: { messages: { alert: { payload: object } } };
};

const alert: AlertRecord = {
  id: '3f1c2b9e-8a47-4d0e-9b1f-2c6f3e1d7a55', indicatorCode: 'HEA-02', areaCode: '520103', sex: 'T', kind: 'limited', status: 'open', severity: 'high',
  raisedAt: '2026-11-29T05:30:00.000Z', resolvedAt: null, components: { methodologyVersion: '1.0.0', series: [{ year: 2020, value: 20 }], progress: null, fluctuation: null, gap: null },
  resolution: null, methodologyVersion: '1.0.0',
};
const context: AlertEventContext = {
  indicator: { code: 'HEA-02', nameZh: '孕产妇死亡率', nameEn: 'Maternal mortality ratio', domain: 'health', department: 'health', unit: 'per-100k-live-births' },
  area: { code: '520103', nameZh: '云岩区', level: 'district' },
  assessmentStatus: 'limited',
  catalogueVersion: '1.0.0',
};

describe('alert events match the AsyncAPI document', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(ASYNCAPI.components.messages.alert.payload);
  const check = (event: unknown) => {
    const ok = validate(JSON.parse(JSON.stringify(event)));
    return ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
  };

  it('a raise names the plan it is about and its version; an alert recorded before plans has no plan field', () => {
    const { event } = alertEventMessage({ ...alert, planId: 'yunyan-district-2021-2025', planVersion: 2 }, context, 'a6b0d0a4-3c8e-4a55-8d57-8f2f1d8e6b11', new Date('2026-11-29T05:30:00Z'));
    expect(check(event)).toEqual([]);
    expect(event.data).toMatchObject({ plan: { id: 'yunyan-district-2021-2025', version: 2 } });
    const unversioned = alertEventMessage({ ...alert, planId: 'yunyan-district-2021-2025', planVersion: null }, context, 'b6b0d0a4-3c8e-4a55-8d57-8f2f1d8e6b11', new Date('2026-11-29T05:30:00Z'));
    expect(check(unversioned.event)).toEqual([]);
    expect((unversioned.event.data as { plan?: unknown }).plan).toEqual({ id: 'yunyan-district-2021-2025', version: null });
    expect('plan' in (alertEventMessage(alert, context, 'c6b0d0a4-3c8e-4a55-8d57-8f2f1d8e6b11', new Date('2026-11-29T05:30:00Z')).event.data as object)).toBe(false);
  });

  it('a raise', () => {
    const { event } = alertEventMessage(alert, context, 'a6b0d0a4-3c8e-4a55-8d57-8f2f1d8e6b11', new Date('2026-11-29T05:30:00Z'));
    expect(check(event)).toEqual([]);
    expect(event).toMatchObject({ type: 'gov.yunyan.monitoring.alert.raised.v1', data: { transition: 'raised', department: 'health', resolvedBy: null } });
  });

  it('an acknowledgement and a resolution by hand', () => {
    const acked: AlertRecord & Partial<AlertView> = { ...alert, department: 'health', acknowledgedAt: '2026-11-29T06:00:00.000Z', acknowledgedBy: 'monitoring:wdp_monitoring_1a2b3c4d', acknowledgementComment: '已核实' };
    const ack = alertEventMessage(acked, context, 'b6b0d0a4-3c8e-4a55-8d57-8f2f1d8e6b11', new Date(), 'wdp.monitoring.alerts.v1', 'acknowledged').event;
    expect(check(ack)).toEqual([]);
    expect(ack.type).toBe('gov.yunyan.monitoring.alert.acknowledged.v1');
    const resolved = { ...acked, status: 'resolved' as const, resolvedAt: '2026-11-29T07:00:00.000Z', resolution: alert.components, resolvedBy: 'monitoring:wdp_monitoring_1a2b3c4d', resolutionReason: 'data error' };
    const res = alertEventMessage(resolved, context, 'c6b0d0a4-3c8e-4a55-8d57-8f2f1d8e6b11', new Date()).event;
    expect(check(res)).toEqual([]);
    expect(res).toMatchObject({ type: 'gov.yunyan.monitoring.alert.resolved.v1', data: { transition: 'resolved', resolutionReason: 'data error' } });
  });

  it('an undocumented field would fail the check', () => {
    const { event } = alertEventMessage(alert, context, 'd6b0d0a4-3c8e-4a55-8d57-8f2f1d8e6b11', new Date());
    expect(check({ ...event, data: { ...(event.data as object), extra: 1 } })).not.toEqual([]);
  });
});
