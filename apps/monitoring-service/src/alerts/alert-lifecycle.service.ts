import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { enqueueEvents } from '@wdp/messaging';
import { problem, ProblemException } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertEventLog, type LoggedAlertEvent } from './alert-event-log';
import { type AlertView, manualTransitionConflict } from './alert-lifecycle';
import { AlertRepository } from './alert.repository';
import { AlertService } from './alert.service';

/** The lock every alert writer holds from its decision to its commit (see AssessmentService), so alert events stay in commit order. */
const ASSESSMENT_LOCK = 'wdp.monitoring.assessment';

/**
 * People acting on alerts: acknowledging one (who, with a comment) and resolving one by hand (who, why).
 * Each is one transaction: the alert row, the alert-event log (and so the webhook deliveries and the
 * live stream) and the event on the alerts topic. A hand-resolved alert whose status still calls for a
 * warning is raised afresh at the indicator's next assessment: resolving closes this alert, it does not
 * silence the indicator.
 */
@Injectable()
export class AlertLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertRepository,
    private readonly service: AlertService,
    private readonly log: AlertEventLog,
  ) {}

  acknowledge(id: string, actor: string, comment: string, now = new Date()): Promise<AlertView> {
    return this.act(id, 'acknowledge', async (manager, alert) => {
      await this.alerts.acknowledge(manager, id, actor, comment, now);
      await this.record(manager, alert, 'acknowledged', actor, comment, now);
    });
  }

  resolve(id: string, actor: string, reason: string, now = new Date()): Promise<AlertView> {
    return this.act(id, 'resolve', async (manager, alert) => {
      const eventId = randomUUID();
      await this.alerts.resolve(manager, { ...alert, resolvedAt: now.toISOString(), resolution: alert.components }, eventId, actor, reason);
      await this.record(manager, alert, 'resolved', actor, reason, now, eventId);
    });
  }

  async history(id: string): Promise<LoggedAlertEvent[]> {
    const alert = await this.alerts.byId(this.dataSource.manager, id);
    if (!alert) throw new ProblemException(problem(404, `No alert with id ${id}.`));
    return this.log.history(this.dataSource.manager, id);
  }

  private async act(id: string, action: 'acknowledge' | 'resolve', change: (manager: EntityManager, alert: AlertView) => Promise<void>): Promise<AlertView> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [ASSESSMENT_LOCK]);
      const alert = await this.alerts.byId(manager, id, true);
      if (!alert) throw new ProblemException(problem(404, `No alert with id ${id}.`));
      const conflict = manualTransitionConflict(alert, action);
      if (conflict) throw new ProblemException(problem(409, conflict));
      await change(manager, alert);
      return (await this.alerts.byId(manager, id))!;
    });
  }

  private async record(manager: EntityManager, before: AlertView, transition: 'acknowledged' | 'resolved', actor: string, comment: string, now: Date, eventId = randomUUID()): Promise<void> {
    const after = (await this.alerts.byId(manager, before.id))!;
    const status = await this.alerts.assessmentStatusOf(manager, after);
    await enqueueEvents(manager, [this.service.message(after, status, eventId, now, transition)]);
    await this.log.append(manager, [{ alertId: after.id, transition, actor, comment, at: now }]);
  }
}
