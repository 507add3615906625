import type { ServiceInfo } from '@wdp/platform';

export const SERVICE_INFO: ServiceInfo = {
  name: 'social-security-service',
  title: 'Yunyan WDP — Social security service',
  description: 'Insurance enrolment, assistance and elderly-care coverage (妇女与社会保障).',
  version: '1.0.0',
};
