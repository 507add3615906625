import { ALERT_KINDS } from '@wdp/methodology';

// The alert event exactly as monitoring-service publishes it (gov.yunyan.monitoring.alert.*.v1):
// apps/monitoring-service/src/alerts/alert-events.ts (AlertEventData) builds it.

const nullableString = (description: string, extra: Record<string, unknown> = {}) => ({ type: ['string', 'null'], description, ...extra });

const COMPONENTS = {
  type: ['object', 'null'],
  description:
    'The calculation behind the change (the assessment components of @wdp/methodology): for a raise or an acknowledgement the calculation that raised the alert (kept current while it is open); for a resolution the calculation that resolved it (the last one when resolved by hand). Stable top-level fields are listed; the full structure is in docs/methodology.md.',
  properties: {
    methodologyVersion: { type: 'string' },
    series: { type: 'array', description: 'Yearly values assessed, oldest first.', items: { type: 'object', required: ['year', 'value'], properties: { year: { type: 'integer' }, value: { type: 'number' } } } },
    progress: {
      type: ['object', 'null'],
      description: 'Progress towards the target: status, reason, components (baseYear, baseValue, currentYear, currentValue, targetYear, targetValue, observedCagr, requiredCagr, ratio, uncertainty with the 95 % intervals, …), projection to the target year and evidence. insufficient_evidence: the 95 % intervals of values computed from counts cannot tell on-track from lagging.',
      properties: {
        status: { type: 'string', enum: ['achieved', 'on_track', 'acceleration_needed', 'limited', 'deteriorating', 'insufficient_data', 'undetermined', 'insufficient_evidence'] },
        components: { type: 'object' },
        projection: { type: ['object', 'null'] },
        evidence: { type: 'object', properties: { points: { type: 'integer' }, spanYears: { type: 'integer' }, r2: { type: ['number', 'null'] }, level: { type: 'string', enum: ['weak', 'moderate', 'strong'] } } },
      },
    },
    fluctuation: { type: ['object', 'null'], description: 'The 波动较大 check: fluctuating, rules fired, control limits from the counts (where every year has them), otherwise z-scores and year-on-year swings.' },
    gap: { type: ['object', 'null'], description: 'Female–male gap: measure, base and current distance, trend (narrowing, widening, stable, insufficient_data).' },
    heldBack: { type: 'string', enum: ['small_numbers'], description: 'Below the district, warnings resting on fewer than k records are held back.' },
    referenceValue: { type: 'number' },
    unassessed: { type: 'string' },
  },
  additionalProperties: true,
};

const ALERT_DATA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'alertId', 'transition', 'department', 'acknowledgedAt', 'acknowledgedBy', 'acknowledgementComment', 'resolvedBy', 'resolutionReason',
    'indicator', 'area', 'sex', 'kind', 'status', 'severity', 'raisedAt', 'resolvedAt', 'assessmentStatus', 'components', 'methodologyVersion', 'catalogueVersion',
  ],
  properties: {
    alertId: { type: 'string', format: 'uuid', description: 'Stable across the alert’s raise, acknowledgement and resolution; GET /v1/alerts/{alertId}.' },
    transition: { type: 'string', enum: ['raised', 'acknowledged', 'resolved'], description: 'What happened; matches the CloudEvent type.' },
    department: nullableString('The department that owns the indicator; the alert is assigned to it.', { examples: ['health'] }),
    acknowledgedAt: nullableString('When it was acknowledged.', { format: 'date-time' }),
    acknowledgedBy: nullableString('The acting API key (department:key prefix), never a person’s identity.', { examples: ['monitoring:wdp_monitoring_1a2b3c4d'] }),
    acknowledgementComment: nullableString('The acknowledging comment.'),
    resolvedBy: nullableString('`monitoring` when the status recovered, otherwise the acting API key.'),
    resolutionReason: nullableString('The reason given when resolved by hand.'),
    silencedBy: nullableString('The silence (GET /v1/silences/{id}) muting this alert’s webhook notifications when the change happened, or null. A silenced alert is still published here; only webhooks skip it. Absent in events from before silences.', { format: 'uuid' }),
    indicator: {
      type: 'object',
      required: ['code', 'nameZh', 'nameEn', 'domain', 'department', 'unit'],
      properties: {
        code: { type: 'string', examples: ['HEA-02'] },
        nameZh: { type: 'string' },
        nameEn: { type: 'string' },
        domain: { type: 'string', enum: ['health', 'education', 'economy', 'rural-revitalization', 'decision-making', 'social-security', 'family', 'environment', 'law'] },
        department: { type: 'string' },
        unit: { type: 'string' },
      },
    },
    area: {
      type: 'object',
      required: ['code'],
      description: 'The area; name and level when it is in the reference data.',
      properties: { code: { type: 'string', examples: ['520103'] }, nameZh: { type: 'string' }, level: { type: 'string', enum: ['district', 'street', 'town', 'community', 'village'] } },
    },
    sex: { type: 'string', enum: ['F', 'M', 'T', 'gap'], description: 'F, M, T (total) or gap (the female–male gap).' },
    kind: { type: 'string', enum: [...ALERT_KINDS] },
    status: { type: 'string', enum: ['open', 'resolved'], description: 'open for raised and acknowledged alerts.' },
    severity: { type: 'string', enum: ['high', 'medium', 'low'], description: 'Follows the kind: high for deteriorating and limited; medium for acceleration_needed, gap_widening and missing_data; low for fluctuating.' },
    raisedAt: { type: 'string', format: 'date-time' },
    resolvedAt: nullableString('When it was resolved.', { format: 'date-time' }),
    assessmentStatus: { type: 'string', description: 'The assessment status behind the change (e.g. limited, on_track, widening, overdue; empty when no longer assessed).' },
    components: COMPONENTS,
    methodologyVersion: { type: 'string', examples: ['1.0.0'] },
    catalogueVersion: { type: 'string', examples: ['1.0.0'] },
    plan: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'version'],
      description: 'The plan the alert is about (GET /v1/plans/{id}) and its version when the alert was raised (null if the registry held none then). Alerts are raised for the monitored, adopted district plan only. Absent in events from before alerts named their plan.',
      properties: { id: { type: 'string', examples: ['yunyan-district-2021-2025'] }, version: { type: ['integer', 'null'], minimum: 1 } },
    },
  },
};

export const ALERT_MESSAGE: Record<string, unknown> = {
  name: 'monitoring.alert',
  title: 'Early warning raised, acknowledged or resolved',
  summary: 'An indicator’s alert for an area and sex was raised, acknowledged by the monitoring team, or resolved (its status recovered, or by hand with a reason).',
  description:
    'One event per transition. Consumers should be idempotent on the CloudEvent `id`. The same alert, as JSON, is on the SSE stream GET /v1/alerts/stream and in signed webhooks (docs/alerts-and-reports.md).',
  contentType: 'application/cloudevents+json',
  headers: { $ref: '#/components/schemas/CloudEventHeaders' },
  payload: {
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data'],
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: { type: 'string', format: 'uuid' },
      source: { type: 'string', const: '/yunyan/wdp/monitoring-service' },
      type: { type: 'string', enum: ['gov.yunyan.monitoring.alert.raised.v1', 'gov.yunyan.monitoring.alert.acknowledged.v1', 'gov.yunyan.monitoring.alert.resolved.v1'] },
      subject: { type: 'string', description: 'indicator/area/sex/kind, e.g. HEA-02/520103/T/limited.' },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { type: 'string', const: 'application/json' },
      data: ALERT_DATA,
    },
  },
  bindings: { kafka: { key: { type: 'string', description: 'indicator/area/sex: order holds per alert slot.' }, bindingVersion: '0.5.0' } },
};
