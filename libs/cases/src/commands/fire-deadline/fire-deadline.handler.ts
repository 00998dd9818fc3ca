import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '@tiaojie/audit';
import {
  CLOCK,
  decide,
  SYSTEM_ACTOR,
  TransitionNotAllowedError,
  type CaseEvent,
  type Clock,
  type DeadlineKind,
} from '@tiaojie/domain';
import { CaseTypeormRepository, DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { applyDecision } from '../../shared/apply-decision';
import { CaseTransitionWriter } from '../../shared/case-transition.writer';
import { ReportingProjection } from '../../shared/reporting-projection';
import { FireDeadlineCommand, type FireDeadlineOutcome } from './fire-deadline.command';

/**
 * Fires a deadline whose timer went off (DESIGN §4). The deadline row is re-read under lock: a
 * deadline no longer pending (met, cancelled, already fired) is a no-op, and one not yet due is
 * never fired early — so late, duplicated and stale timers are harmless.
 */
@CommandHandler(FireDeadlineCommand)
export class FireDeadlineHandler implements ICommandHandler<FireDeadlineCommand> {
  private readonly log = new Logger(FireDeadlineHandler.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly writer: CaseTransitionWriter,
    private readonly reporting: ReportingProjection,
    @Inject(CLOCK) private readonly clock: Clock,
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
      if (deadline.status !== 'PENDING') return { outcome: 'not-pending' };
      const now = this.clock.now();
      if (deadline.dueAt.getTime() > now.getTime()) return { outcome: 'early', dueAt: deadline.dueAt };

      await this.deadlines.markExpired(tx, deadline.id, now);
      const event: CaseEvent = { type: 'DEADLINE_EXPIRED', at: now.toISOString(), deadlineId, kind: deadline.kind as DeadlineKind, ref: deadline.ref || undefined };
      try {
        const decision = decide(current.snapshot, event, SYSTEM_ACTOR.roles);
        const next = await applyDecision(tx, this.cases, this.writer, current, decision, {
          caseId: current.id,
          eventType: event.type,
          eventPayload: { deadlineId, kind: deadline.kind, ...(deadline.ref ? { ref: deadline.ref } : {}), dueAt: deadline.dueAt.toISOString() },
          at: now,
          actor: SYSTEM_ACTOR,
          stateFrom: current.state,
          decision,
        });
        await this.audit.append(tx, { actorId: SYSTEM_ACTOR.id, actorName: 'SYSTEM', action: 'CASE_EVENT', targetType: 'case', targetId: current.id, details: { caseId: current.id, eventType: event.type, version: next.version, deadlineId, kind: deadline.kind } });
        return { outcome: 'fired', caseId: current.id, transitioned: true };
      } catch (e) {
        if (!(e instanceof TransitionNotAllowedError)) throw e;
        // The deadline passed but the case's state has nothing to do about it; the row records that it expired.
        this.log.warn(`deadline ${deadline.kind} ${deadline.id} expired in state ${current.state} with no transition`);
        await this.reporting.onDeadlineExpiredWithoutTransition(tx, current);
        await this.audit.append(tx, { actorId: SYSTEM_ACTOR.id, actorName: 'SYSTEM', action: 'DEADLINE_EXPIRED', targetType: 'deadline', targetId: deadline.id, details: { caseId: current.id, deadlineId, kind: deadline.kind, transitioned: false } });
        return { outcome: 'fired', caseId: current.id, transitioned: false };
      }
    });
  }
}
