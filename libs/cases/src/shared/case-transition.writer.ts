import { Inject, Injectable } from '@nestjs/common';
import {
  computeEventHash,
  DEADLINE_RULES,
  describeBasis,
  LegalCalendar,
  type Actor,
  type CaseEffect,
  type Decision,
  type DeadlineKind,
} from '@tiaojie/domain';
import {
  CaseTypeormRepository,
  DeadlineTypeormRepository,
  OutboxTypeormRepository,
  type ArmableDeadline,
  type CaseRecord,
  type Tx,
} from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';
import { OUTBOX_TOPICS } from './outbox-topics';

export const LEGAL_CALENDAR = Symbol('LegalCalendar');

const DOCUMENT_PREFIX: Record<string, string> = {
  ACCEPTANCE_NOTICE: 'SL',
  AGREEMENT: 'XY',
  TERMINATION_NOTE: 'ZZ',
  HANDOVER_PACKET: 'YJ',
};

export interface RecordedTransition {
  caseId: string;
  eventType: string;
  eventPayload: Record<string, unknown>;
  at: Date;
  actor: Actor;
  stateFrom: string | null;
  decision: Decision;
}

export interface ChainedEvent {
  seq: number;
  hash: string;
  prevHash: string;
  version: number;
  transition: RecordedTransition;
}

/**
 * Writes one decided transition inside the command's transaction: the hash-chained event, the
 * deadline rows and the outbox rows the machine's effects call for (DESIGN §4 step 3).
 * The case row itself is written by the caller (insert for a new case, conditional update otherwise).
 */
@Injectable()
export class CaseTransitionWriter {
  constructor(
    private readonly cases: CaseTypeormRepository,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly outbox: OutboxTypeormRepository,
    @Inject(LEGAL_CALENDAR) private readonly calendar: LegalCalendar,
  ) {}

  /** The next link of the case's event chain: its sequence number and hash (pure; nothing written yet). */
  chain(current: Pick<CaseRecord, 'eventSeq' | 'lastEventHash' | 'version'>, t: RecordedTransition): ChainedEvent {
    const seq = current.eventSeq + 1;
    const hash = computeEventHash({
      caseId: t.caseId,
      seq,
      type: t.eventType,
      at: t.at.toISOString(),
      actorId: t.actor.id,
      payload: t.eventPayload,
      stateFrom: t.stateFrom,
      stateTo: t.decision.state,
      prevHash: current.lastEventHash,
    });
    return { seq, hash, prevHash: current.lastEventHash, version: current.version + 1, transition: t };
  }

  /** Appends the chained event and writes the rows its effects call for. Call after the case row is written. */
  async write(tx: Tx, e: ChainedEvent): Promise<void> {
    const t = e.transition;
    await this.cases.appendEvent(tx, {
      caseId: t.caseId,
      seq: e.seq,
      type: t.eventType,
      at: t.at,
      actorId: t.actor.id,
      actorName: t.actor.displayName,
      actorAgency: t.actor.agency,
      payload: t.eventPayload,
      stateFrom: t.stateFrom,
      stateTo: t.decision.state,
      version: e.version,
      prevHash: e.prevHash,
      hash: e.hash,
    });
    await this.applyEffects(tx, t.caseId, e.seq, t.at, t.decision.effects);
  }

  private async applyEffects(tx: Tx, caseId: string, seq: number, at: Date, effects: CaseEffect[]): Promise<void> {
    const messages: { topic: string; payload: Record<string, unknown> }[] = [];
    const arm = (d: ArmableDeadline) =>
      messages.push({ topic: OUTBOX_TOPICS.deadlineArm, payload: { deadlineId: d.id, generation: d.generation, dueAt: d.dueAt.toISOString() } });
    const disarm = (d: ArmableDeadline) =>
      messages.push({ topic: OUTBOX_TOPICS.deadlineDisarm, payload: { deadlineId: d.id, generation: d.generation } });

    for (const effect of effects) {
      switch (effect.type) {
        case 'startDeadline':
          arm(await this.startDeadline(tx, caseId, effect.kind, new Date(effect.triggerAt), effect.length, at));
          break;
        case 'extendDeadline': {
          const extended = await this.extendDeadline(tx, caseId, effect.kind, effect.days);
          if (extended) arm(extended);
          break;
        }
        case 'completeDeadline':
          (await this.deadlines.complete(tx, caseId, effect.status, at, effect.kind)).forEach(disarm);
          break;
        case 'cancelAllDeadlines':
          (await this.deadlines.complete(tx, caseId, 'CANCELLED', at)).forEach(disarm);
          break;
        case 'notify':
          messages.push({
            topic: OUTBOX_TOPICS.notificationRequested,
            payload: { caseId, eventSeq: seq, template: effect.template, to: effect.to },
          });
          break;
        case 'issueDocument':
          await this.issueDocument(tx, caseId, effect.kind, seq, at);
          break;
      }
    }
    await this.outbox.enqueue(tx, messages);
  }

  private async startDeadline(tx: Tx, caseId: string, kind: DeadlineKind, triggerAt: Date, length: number, at: Date): Promise<ArmableDeadline> {
    const rule = DEADLINE_RULES[kind];
    const due = this.calendar.addPeriod(triggerAt, length, rule.unit);
    const row = {
      id: randomUUID(),
      caseId,
      kind,
      status: 'PENDING' as const,
      triggerAt,
      dueAt: due.dueAt,
      unit: rule.unit,
      length,
      extensionDays: 0,
      basis: describeBasis(rule, length, 0),
      rule: due.rule,
      lastDay: due.lastDay,
      generation: 1,
      createdAt: at,
      completedAt: null,
      firedAt: null,
    };
    await this.deadlines.insert(tx, row);
    return row;
  }

  /** A consented extension pushes the period's end: recomputed from the same trigger, with a new timer generation. */
  private async extendDeadline(tx: Tx, caseId: string, kind: DeadlineKind, days: number): Promise<ArmableDeadline | null> {
    const open = await this.deadlines.findOpenOfKind(tx, caseId, kind);
    if (!open) return null;
    const rule = DEADLINE_RULES[kind];
    const length = open.length + days;
    const extensionDays = open.extensionDays + days;
    const due = this.calendar.addPeriod(open.triggerAt, length, rule.unit);
    const next = {
      id: open.id,
      dueAt: due.dueAt,
      length,
      extensionDays,
      basis: describeBasis(rule, length, extensionDays),
      rule: due.rule,
      lastDay: due.lastDay,
      generation: open.generation + 1,
    };
    await this.deadlines.reschedule(tx, next);
    return next;
  }

  private async issueDocument(tx: Tx, caseId: string, kind: string, seq: number, at: Date): Promise<void> {
    const year = LegalCalendar.shanghaiDate(at).slice(0, 4);
    const n = await this.cases.nextCounter(tx, `doc:${kind}:${year}`);
    await this.cases.insertDocument(tx, {
      id: randomUUID(),
      caseId,
      kind,
      docNo: `${DOCUMENT_PREFIX[kind] ?? 'DOC'}-${year}-${String(n).padStart(6, '0')}`,
      issuedAt: at,
      eventSeq: seq,
    });
  }
}
