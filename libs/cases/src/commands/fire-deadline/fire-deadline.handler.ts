import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '@tiaojie/audit';
import { CaseTypeormRepository, DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { DeadlineFiring } from '../../shared/deadline-firing';
import { ReportingProjection } from '../../shared/reporting-projection';
import { FireDeadlineCommand, type FireDeadlineOutcome } from './fire-deadline.command';

/**
 * Fires a deadline whose timer went off (DESIGN §4), in a transaction of its own. The deadline row
 * is re-read under lock (DeadlineFiring): late, duplicated and stale timers are harmless.
 */
@CommandHandler(FireDeadlineCommand)
export class FireDeadlineHandler implements ICommandHandler<FireDeadlineCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly firing: DeadlineFiring,
    private readonly reporting: ReportingProjection,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ deadlineId }: FireDeadlineCommand): Promise<FireDeadlineOutcome> {
    return this.tx.run(async (tx) => {
      // Lock order: the case, then the deadline — the order a user's command takes (the conditional
      // UPDATE of the case row, then its deadline rows). Taken the other way round, a timer and a user
      // racing on one case deadlock, and PostgreSQL aborts one of them (a 500 for the user).
      // Sent together (one round trip on a pipelined transaction), run in this order: the case row
      // locked, then the deadline, then the case's reporting facts, read under the case's lock.
      const locking = this.cases.findByDeadlineForUpdate(tx, deadlineId);
      const deadlineLocking = this.deadlines.findByIdForUpdate(tx, deadlineId);
      deadlineLocking.catch(() => undefined); // awaited below unless the case read fails first
      const facts = this.reporting.readFactsOfDeadlineCase(tx, deadlineId);
      const current = await locking;
      const deadline = await deadlineLocking;
      if (!current || !deadline || deadline.caseId !== current.id) return { outcome: 'missing' };
      this.reporting.prefetch(tx, current.id, facts);
      const { outcome, audit } = await this.firing.fireLocked(tx, current, deadline);
      if (audit) await this.audit.append(tx, audit);
      return outcome;
    });
  }
}
