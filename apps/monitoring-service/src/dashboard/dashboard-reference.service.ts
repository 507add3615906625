import { Injectable } from '@nestjs/common';
import { DEPARTMENTS } from '@wdp/contracts';
import { DOMAIN_LABELS, DOMAINS } from '@wdp/indicators';
import { AreaService } from '../indicator-store/area.service';

export interface DashboardReference {
  domains: { code: string; section: string; nameZh: string; nameEn: string }[];
  departments: { code: string; nameZh: string; nameEn: string }[];
  /** The district first, then its streets and town: the areas every indicator is assessed for. */
  areas: { code: string; nameZh: string; nameEn: string | null; level: string; parent: string | null }[];
}

/** Names the page needs to label what the API returns by code: the plan's domains, the departments and the assessed areas. */
@Injectable()
export class DashboardReferenceService {
  constructor(private readonly areas: AreaService) {}

  reference(): DashboardReference {
    const district = this.areas.district();
    const assessed = this.areas.assessedAreas();
    const ordered = [district, ...assessed.filter((a) => a.code !== district.code).sort((a, b) => a.code.localeCompare(b.code))];
    return {
      domains: DOMAINS.map((code) => ({ code, section: DOMAIN_LABELS[code].section, nameZh: DOMAIN_LABELS[code].nameZh, nameEn: DOMAIN_LABELS[code].nameEn })),
      departments: DEPARTMENTS.map((d) => ({ code: d.code, nameZh: d.nameZh, nameEn: d.nameEn })),
      areas: ordered.map((a) => ({ code: a.code, nameZh: a.nameZh, nameEn: a.nameEn ?? null, level: a.level, parent: a.parent })),
    };
  }
}
