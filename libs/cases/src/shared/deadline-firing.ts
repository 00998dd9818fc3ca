import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail, type AuditEntry } from '@tiaojie/audit';
import { CLOCK, decide, SYSTEM_ACTOR, TransitionNotAllowedError, type CaseEvent, type Clock, type DeadlineKind } from '@tiaojie/domain';
import { CaseTypeormRepository, DeadlineTypeormRepository, readAhead, settleAll, type CaseRecord, type DeadlineRecord, type Tx } from '@tiaojie/persistence';
import { applyDecision } from './apply-decision';
import { CaseTransitionWriter } from './case-transition.writer';
import { ReportingProjection } from './reporting-projection';
import type { FireDeadlineOutcome } from '../commands/fire-deadline/fire-deadline.command';

/** One deadline's firing inside a transaction that holds its case row: the outcome, the case as it now is, and the audit entry to append. */
export interface Firing {
  outcome: FireDeadlineOutcome;
  record: CaseRecord;
  audit: AuditEntry | null;
}

/**
 * Fires deadlines (DESIGN §4) in a transaction that has locked the case row, then the deadline row:
 * a deadline no longer pending (met, cancelled, already fired) is a no-op, and one not yet due is
 * never fired early — so late, duplicated and stale timers are harmless. One deadline per
 * transaction (FireDeadline) or many (FireDueDeadlines' sweep), both through `fireBatch`.
 */
@Injectable()
export class DeadlineFiring {
  private readonly log = new Logger(DeadlineFiring.name);

  constructor(
    private readonly cases: CaseTypeormRepository,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly writer: CaseTransitionWriter,
    private readonly reporting: ReportingProjection,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Fires `deadline` of the locked case `current`. Nothing is appended to the audit log: the caller appends `audit`. */
  async fireLocked(tx: Tx, current: CaseRecord, deadline: DeadlineRecord): Promise<Firing> {
    if (deadline.status !== 'PENDING') return { outcome: { outcome: 'not-pending' }, record: current, audit: null };
    const now = this.clock.now();
    if (deadline.dueAt.getTime() > now.getTime()) return { outcome: { outcome: 'early', dueAt: deadline.dueAt }, record: current, audit: null };

    const deadlineId = deadline.id;
    await this.deadlines.markExpired(tx, deadlineId, now);
    const event: CaseEvent = { type: 'DEADLINE_EXPIRED', at: now.toISOString(), deadlineId, kind: deadline.kind as DeadlineKind, ref: deadline.ref || undefined };
    let decision;
    try {
      decision = decide(current.snapshot, event, SYSTEM_ACTOR.roles);
    } catch (e) {
      if (!(e instanceof TransitionNotAllowedError)) throw e;
      // The deadline passed but the case's state has nothing to do about it; the row records that it expired.
      this.log.warn(`deadline ${deadline.kind} ${deadlineId} expired in state ${current.state} with no transition`);
      await this.reporting.onDeadlineExpiredWithoutTransition(tx, current);
      return {
        outcome: { outcome: 'fired', caseId: current.id, transitioned: false },
        record: current,
        audit: { actorId: SYSTEM_ACTOR.id, actorName: 'SYSTEM', action: 'DEADLINE_EXPIRED', targetType: 'deadline', targetId: deadlineId, details: { caseId: current.id, deadlineId, kind: deadline.kind, transitioned: false } },
      };
    }
    const next = await applyDecision(tx, this.cases, this.writer, current, decision, {
      caseId: current.id,
      eventType: event.type,
      eventPayload: { deadlineId, kind: deadline.kind, ...(deadline.ref ? { ref: deadline.ref } : {}), dueAt: deadline.dueAt.toISOString() },
      at: now,
      actor: SYSTEM_ACTOR,
      stateFrom: current.state,
      decision,
    });
    return {
      outcome: { outcome: 'fired', caseId: current.id, transitioned: true },
      record: next,
      audit: { actorId: SYSTEM_ACTOR.id, actorName: 'SYSTEM', action: 'CASE_EVENT', targetType: 'case', targetId: current.id, details: { caseId: current.id, eventType: event.type, version: next.version, deadlineId, kind: deadline.kind } },
    };
  }

  /**
   * Fires these deadlines (in firing order: each case's in the order given) in one transaction,
   * FireDeadline's one or a sweep's batch of several cases. The cases they belong to are locked
   * first, all in id order, then the deadline rows, and the cases' reporting facts read — one round
   * trip. The cases then fire side by side, each case's deadlines in order, their statements
   * pipelined; the rows every firing would otherwise queue on — the reporting aggregates, the
   * document counters, the audit head — are written once at the end, in that order, the order a
   * single command takes them (so a firing transaction deadlocks neither with commands nor with
   * another). Returns each deadline's outcome. All or nothing: a failure rolls the whole batch back.
   */
  async fireBatch(tx: Tx, deadlineIds: readonly string[]): Promise<Map<string, FireDeadlineOutcome>> {
    const locking = this.cases.findByDeadlinesForUpdate(tx, deadlineIds);
    const deadlinesLocking = readAhead(this.deadlines.findManyForUpdate(tx, deadlineIds));
    const factsReading = readAhead(this.reporting.readFactsOfDeadlines(tx, deadlineIds));
    const records = new Map((await locking).map((r) => [r.id, r]));
    const deadlines = new Map((await deadlinesLocking).map((d) => [d.id, d]));
    const facts = await factsReading;

    const outcomes = new Map<string, FireDeadlineOutcome>();
    const byCase = new Map<string, DeadlineRecord[]>();
    for (const id of deadlineIds) {
      const deadline = deadlines.get(id);
      if (!deadline || !records.has(deadline.caseId)) outcomes.set(id, { outcome: 'missing' });
      else (byCase.get(deadline.caseId) ?? byCase.set(deadline.caseId, []).get(deadline.caseId)!).push(deadline);
    }

    this.reporting.holdAggregates(tx);
    this.writer.holdDocuments(tx);
    const audits: AuditEntry[] = [];
    // The cases side by side: each case's statements go out in its own order, and the connection
    // runs them in the order sent, so one case's reads wait on the round trip together with the
    // others' instead of one after another. A case's own deadlines still fire one after another.
    // All settled before anything is thrown: no case may go on sending statements once the batch has failed.
    await settleAll(
      [...byCase].map(async ([caseId, due]) => {
        let record = records.get(caseId)!;
        this.reporting.prefetch(tx, caseId, Promise.resolve(facts.get(caseId) ?? null));
        for (const deadline of due) {
          const firing = await this.fireLocked(tx, record, deadline);
          outcomes.set(deadline.id, firing.outcome);
          record = firing.record;
          if (firing.audit) audits.push(firing.audit);
        }
        this.reporting.forget(tx, caseId);
      }),
    );
    await this.reporting.flushAggregates(tx);
    await this.writer.flushDocuments(tx);
    for (const entry of audits) await this.audit.append(tx, entry);
    return outcomes;
  }
}
