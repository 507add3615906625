import type { ServiceInfo } from '@wdp/platform';

export const SERVICE_INFO: ServiceInfo = {
  name: 'health-service',
  title: 'Yunyan WDP — Health service',
  description: 'Maternal and child health records and health statistical returns (妇女与健康).',
  version: '1.0.0',
};
