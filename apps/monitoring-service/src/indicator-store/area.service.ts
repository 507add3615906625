import { Inject, Injectable } from '@nestjs/common';
import { AREA_TIERS, type Area, type AreaIndex, loadAreas, loadReferenceAreas, type ReferenceArea, type ReferenceAreaIndex } from '@wdp/contracts';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';

/**
 * The area reference data, loaded once and validated at start: the district's hierarchy
 * (deploy/reference/areas.json) and, apart from it, the areas above the district
 * (deploy/reference/reference-areas.json), whose values come from the statistics bureau's returns only.
 */
@Injectable()
export class AreaService {
  private readonly areas: AreaIndex;
  private readonly above: ReferenceAreaIndex;

  constructor(@Inject(SERVICE_CONFIG) config: MonitoringServiceConfig) {
    this.areas = loadAreas(config.AREAS_FILE);
    this.above = loadReferenceAreas(config.REFERENCE_AREAS_FILE, this.areas);
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

  /** The city, the province and the country: values from returns filed for them, never assessed. */
  areasAbove(): readonly ReferenceArea[] {
    return this.above.areas;
  }

  isAboveDistrict(code: string): boolean {
    return this.above.has(code);
  }
}
