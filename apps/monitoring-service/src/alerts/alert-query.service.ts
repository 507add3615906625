import { Injectable } from '@nestjs/common';
import { countedPage, problem, ProblemException } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { pagingOf } from '../paging';
import type { AlertPageDto, AlertQueryDto } from './alert.dto';
import { AlertRepository } from './alert.repository';

/** Reading alerts: the list, newest first, and one alert. */
@Injectable()
export class AlertQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertRepository,
  ) {}

  async list(q: AlertQueryDto): Promise<AlertPageDto> {
    const paging = pagingOf(q);
    const { items, total } = await this.alerts.list(
      this.dataSource.manager,
      { status: q.status, indicatorCode: q.indicator, areaCode: q.area, sex: q.sex, kind: q.kind, severity: q.severity, department: q.department, planId: q.plan },
      paging.limit,
      paging.offset,
    );
    return countedPage(paging, total, items);
  }

  async one(id: string) {
    const found = await this.alerts.byId(this.dataSource.manager, id);
    if (!found) throw new ProblemException(problem(404, `No alert with id ${id}.`));
    return found;
  }
}
