import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { AssessmentService } from './assessment.service';

/**
 * A new catalogue version can change definitions and targets: when seeding at start changed anything,
 * everything is re-assessed once, so no stored assessment rests on a definition no longer in force.
 */
@Injectable()
export class CatalogueChangeRecompute implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogueChangeRecompute.name);

  constructor(
    private readonly catalogue: IndicatorStoreService,
    private readonly assessment: AssessmentService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seeded = this.catalogue.seededAtStart();
    if (!seeded || (seeded.inserted === 0 && seeded.updated === 0)) return;
    const summary = await this.assessment.recomputeAll();
    this.logger.log(`catalogue ${seeded.catalogueVersion} changed ${seeded.inserted + seeded.updated} indicators: ${summary.pairs} pairs re-assessed`);
  }
}
