import type { ServiceInfo } from '@wdp/platform';

export const SERVICE_INFO: ServiceInfo = {
  name: 'employment-service',
  title: 'Yunyan WDP — Employment service',
  description: 'New urban employment, senior professional titles, occupational disease and income returns (妇女与经济).',
  version: '1.0.0',
};
