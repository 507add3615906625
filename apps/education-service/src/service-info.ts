import type { ServiceInfo } from '@wdp/platform';

export const SERVICE_INFO: ServiceInfo = {
  name: 'education-service',
  title: 'Yunyan WDP — Education service',
  description: 'Enrolment, completion and education statistical returns (妇女与教育).',
  version: '1.0.0',
};
