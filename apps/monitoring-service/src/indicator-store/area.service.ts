import { Inject, Injectable } from '@nestjs/common';
import { AREA_TIERS, type Area, type AreaIndex, loadAreas } from '@wdp/contracts';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';

/** The area reference data (deploy/reference/areas.json), loaded once and validated at start. */
@Injectable()
export class AreaService {
  private readonly areas: AreaIndex;

  constructor(@Inject(SERVICE_CONFIG) config: MonitoringServiceConfig) {
    this.areas = loadAreas(config.AREAS_FILE);
  }

  index(): AreaIndex {
    return this.areas;
  }

  /** The district, then its streets and town: the areas every indicator is assessed for. */
  assessedAreas(): Area[] {
    return this.areas.areas.filter((a) => AREA_TIERS[a.level] <= 2);
  }

  district(): Area {
    return this.areas.areas.find((a) => a.parent === null)!;
  }
}
