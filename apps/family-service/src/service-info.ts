import type { ServiceInfo } from '@wdp/platform';

export const SERVICE_INFO: ServiceInfo = {
  name: 'family-service',
  title: 'Yunyan WDP — Family service',
  description: 'Childcare places, family-dispute mediation, family education and time-use returns (妇女与家庭建设).',
  version: '1.0.0',
};
