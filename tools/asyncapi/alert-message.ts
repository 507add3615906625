// The alert event as monitoring-service publishes it (gov.yunyan.monitoring.alert.*.v1).
export const ALERT_MESSAGE: Record<string, unknown> = {
  name: 'monitoring.alert',
  title: 'Early warning raised or resolved',
  summary: 'An indicator’s assessment moved into or out of a warning status for an area and sex.',
  contentType: 'application/cloudevents+json',
  headers: { $ref: '#/components/schemas/CloudEventHeaders' },
  payload: {
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data'],
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: { type: 'string', format: 'uuid' },
      source: { type: 'string', const: '/yunyan/wdp/monitoring-service' },
      type: { type: 'string', enum: ['gov.yunyan.monitoring.alert.raised.v1', 'gov.yunyan.monitoring.alert.resolved.v1'] },
      subject: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { type: 'string', const: 'application/json' },
      data: { type: 'object', description: 'The alert with its calculation components.' },
    },
  },
  bindings: { kafka: { key: { type: 'string', description: 'indicator/area/sex: order holds per alert slot.' }, bindingVersion: '0.5.0' } },
};
