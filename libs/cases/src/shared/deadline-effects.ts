import { Inject, Injectable } from '@nestjs/common';
import { DEADLINE_RULES, describeBasis, LegalCalendar, type DeadlineKind } from '@tiaojie/domain';
import { DeadlineTypeormRepository, type ArmableDeadline, type DeadlineRecord, type Tx } from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';

export const LEGAL_CALENDAR = Symbol('LegalCalendar');

const DAY_MS = 86_400_000;
const daysBetween = (from: Date, to: Date) =>
  Math.max(0, Math.round((Date.parse(LegalCalendar.shanghaiDate(to)) - Date.parse(LegalCalendar.shanghaiDate(from))) / DAY_MS));

/**
 * Turns the machine's deadline effects into `deadlines` rows, each keeping its basis (DOMAIN §2):
 * trigger, unit, length, extensions, suspended days, the article and the rule that produced the date.
 * Returns the timers to arm or disarm; the caller writes them to the outbox.
 */
@Injectable()
export class DeadlineEffects {
  constructor(
    private readonly deadlines: DeadlineTypeormRepository,
    @Inject(LEGAL_CALENDAR) private readonly calendar: LegalCalendar,
  ) {}

  async start(tx: Tx, caseId: string, kind: DeadlineKind, triggerAt: Date, length: number, at: Date): Promise<ArmableDeadline> {
    const rule = DEADLINE_RULES[kind];
    const due = this.calendar.addPeriod(triggerAt, length, rule.unit);
    const row: DeadlineRecord = {
      ...this.blank(caseId, kind, triggerAt, at),
      dueAt: due.dueAt,
      unit: rule.unit,
      length,
      basis: describeBasis(rule, length, 0),
      rule: due.rule,
      lastDay: due.lastDay,
    };
    await this.deadlines.insert(tx, row);
    return row;
  }

  /** An instalment of the agreement's schedule: due by 24:00 (Asia/Shanghai) of its date. */
  async startInstalment(tx: Tx, caseId: string, ref: string, dueDate: string, signedAt: Date, at: Date): Promise<ArmableDeadline> {
    const rule = DEADLINE_RULES.INSTALMENT_DUE;
    const length = Math.max(1, Math.round((Date.parse(dueDate) - Date.parse(LegalCalendar.shanghaiDate(signedAt))) / DAY_MS));
    const row: DeadlineRecord = {
      ...this.blank(caseId, 'INSTALMENT_DUE', signedAt, at),
      ref,
      dueAt: LegalCalendar.endOfShanghaiDay(dueDate),
      unit: 'CALENDAR_DAYS',
      length,
      basis: `${rule.article}: instalment ${Number(ref) + 1} of the agreement's schedule`,
      rule: `Due by 24:00 Asia/Shanghai on ${dueDate}, the date the parties agreed in the schedule.`,
      lastDay: dueDate,
    };
    await this.deadlines.insert(tx, row);
    return row;
  }

  /** A consented extension pushes the end: recomputed from the same trigger, with a new timer generation. */
  async extend(tx: Tx, caseId: string, kind: DeadlineKind, days: number): Promise<ArmableDeadline | null> {
    const open = await this.deadlines.findOpenOfKind(tx, caseId, kind);
    if (!open) return null;
    const extensionDays = open.extensionDays + days;
    const length = open.length + days;
    const next = { ...open, length, extensionDays, generation: open.generation + 1, ...this.recompute(open, length, extensionDays, open.suspendedDays) };
    await this.deadlines.reschedule(tx, next);
    return open.status === 'PENDING' ? next : null;
  }

  /** The clock stops (中止): returns the timer to disarm. */
  async pause(tx: Tx, caseId: string, kind: DeadlineKind, at: Date): Promise<ArmableDeadline | null> {
    const open = await this.deadlines.findOpenOfKind(tx, caseId, kind);
    if (!open || open.status !== 'PENDING') return null;
    await this.deadlines.pause(tx, open.id, at);
    return open;
  }

  /** The clock runs on: the days it stood still are added to the period. */
  async resume(tx: Tx, caseId: string, kind: DeadlineKind, at: Date): Promise<ArmableDeadline | null> {
    const open = await this.deadlines.findOpenOfKind(tx, caseId, kind);
    if (!open || open.status !== 'PAUSED' || !open.pausedAt) return null;
    const suspendedDays = open.suspendedDays + daysBetween(open.pausedAt, at);
    const next = { ...open, suspendedDays, generation: open.generation + 1, ...this.recompute(open, open.length, open.extensionDays, suspendedDays) };
    await this.deadlines.resume(tx, next);
    return next;
  }

  /** The period starts again in full (重新计算): the old row is cancelled, a new one starts from `triggerAt`. */
  async restart(tx: Tx, caseId: string, kind: DeadlineKind, triggerAt: Date, length: number | undefined, at: Date) {
    const open = await this.deadlines.findOpenOfKind(tx, caseId, kind);
    const cancelled = open ? await this.deadlines.complete(tx, caseId, 'CANCELLED', at, kind, [open.ref]) : [];
    const started = await this.start(tx, caseId, kind, triggerAt, length ?? open?.length ?? DEADLINE_RULES[kind].length, at);
    return { cancelled, started };
  }

  complete(tx: Tx, caseId: string, status: 'MET' | 'CANCELLED', at: Date, kind?: DeadlineKind, refs?: string[]) {
    return this.deadlines.complete(tx, caseId, status, at, kind, refs);
  }

  findOpen(tx: Tx, caseId: string, kind: DeadlineKind) {
    return this.deadlines.findOpenOfKind(tx, caseId, kind);
  }

  private recompute(open: DeadlineRecord, length: number, extensionDays: number, suspendedDays: number) {
    const rule = DEADLINE_RULES[open.kind as DeadlineKind];
    const due = this.calendar.addPeriod(open.triggerAt, length + suspendedDays, rule.unit);
    const suspended = suspendedDays > 0 ? `; +${suspendedDays} day(s) while suspended (中止)` : '';
    return { dueAt: due.dueAt, lastDay: due.lastDay, rule: due.rule, basis: describeBasis(rule, length, extensionDays) + suspended };
  }

  private blank(caseId: string, kind: DeadlineKind, triggerAt: Date, at: Date) {
    return {
      id: randomUUID(),
      caseId,
      kind,
      status: 'PENDING' as const,
      triggerAt,
      extensionDays: 0,
      generation: 1,
      ref: '',
      pausedAt: null,
      suspendedDays: 0,
      createdAt: at,
      completedAt: null,
      firedAt: null,
    };
  }
}
