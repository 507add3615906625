import type { ServiceInfo } from '@wdp/platform';

export const SERVICE_INFO: ServiceInfo = {
  name: 'monitoring-service',
  title: 'Yunyan WDP — Monitoring service',
  description:
    "The gender-statistics database of the Yunyan District Women's Development Plan 2021–2025: indicator catalogue, progress assessment and early warnings.",
  version: '1.0.0',
};
