import type { ServiceInfo } from '@wdp/platform';

export const SERVICE_INFO: ServiceInfo = {
  name: 'rights-protection-service',
  title: 'Yunyan WDP — Rights protection service',
  description: 'Domestic violence, protection orders, trafficking, harassment, legal aid and 12338 hotline cases (妇女与法律).',
  version: '1.0.0',
};
