import { Injectable } from '@nestjs/common';
import {
  caseContributions,
  deadlineContribution,
  deriveCaseFacts,
  dimsOf,
  LegalCalendar,
  netDeltas,
  paymentContribution,
  responsibleOrgs,
  type CaseContext,
  type CaseFacts,
  type CaseFactsBase,
  type Contribution,
} from '@tiaojie/domain';
import { readAhead, ReportingTypeormRepository, type CaseRecord, type Tx } from '@tiaojie/persistence';
import type { ChainedEvent } from './recorded-transition';

/**
 * Keeps the reporting read models in the command's own transaction (DESIGN §8): after each
 * transition it derives the case's facts again, writes the payment and agreement ledgers, records
 * duty deadlines that were met or expired, and adds to the daily and monthly aggregates exactly what
 * changed — the case's contributions after the transition minus those before. Reports then read
 * only these tables; nothing scans `case_events` at query time.
 */
@Injectable()
export class ReportingProjection {
  constructor(private readonly reports: ReportingTypeormRepository) {}

  /** Facts read ahead of the transition, by transaction and case (see `prefetch`). */
  private readonly ahead = new WeakMap<Tx, Map<string, Promise<CaseFacts | null>>>();

  /**
   * Reads the case's facts now, alongside the case row (on a pipelined transaction the two cost one
   * round trip), for the transition this transaction is about to make. Only after the case row is
   * locked or read at the version the command will update: facts change only with a transition of
   * the case, so a transition that then commits saw the facts of the version it replaced.
   */
  prefetch(tx: Tx, caseId: string, reading: Promise<CaseFacts | null> = this.reports.findCaseFacts(tx, caseId)): Promise<unknown> {
    readAhead(reading); // a command that fails before using it
    const byCase = this.ahead.get(tx) ?? new Map<string, Promise<CaseFacts | null>>();
    byCase.set(caseId, reading);
    this.ahead.set(tx, byCase);
    return reading;
  }

  /** The facts of the cases these deadlines belong to, by case id (a firing transaction, after it has locked them). */
  readFactsOfDeadlines(tx: Tx, deadlineIds: readonly string[]): Promise<Map<string, CaseFacts>> {
    return this.reports.findCaseFactsOfDeadlines(tx, deadlineIds);
  }

  /** Drops a prefetch that no transition used (the case's deadlines did not fire). */
  forget(tx: Tx, caseId: string): void {
    this.ahead.get(tx)?.delete(caseId);
  }

  private previousFacts(tx: Tx, caseId: string): Promise<CaseFacts | null> {
    const byCase = this.ahead.get(tx);
    const reading = byCase?.get(caseId);
    if (!reading) return this.reports.findCaseFacts(tx, caseId);
    byCase!.delete(caseId); // good for one transition: the next one reads what this one writes
    return reading;
  }

  async onTransition(tx: Tx, e: ChainedEvent, record: CaseRecord): Promise<void> {
    const t = e.transition;
    const context = t.decision.snapshot.context;
    const previous = await this.previousFacts(tx, record.id);
    const base = previous ? baseOf(previous) : await this.intakeBase(tx, record);
    const agency = previous && previous.orgId === record.orgId ? previous.agency : (await this.reports.orgProfile(tx, record.orgId))?.agency ?? 'UNION';
    const next = deriveCaseFacts({
      caseId: record.id,
      regionCode: record.regionCode,
      org: { id: record.orgId, agency, tier: record.tier },
      base,
      context,
      state: t.decision.state,
      stateFrom: t.stateFrom,
      eventType: t.eventType,
      at: t.at.toISOString(),
      previous,
    });

    const removed: Contribution[] = previous ? caseContributions(previous) : [];
    const added: Contribution[] = caseContributions(next);
    if (previous && moved(previous, next)) {
      // Payments follow the case to where it is counted now.
      for (const p of await this.reports.paymentsOf(tx, record.id)) {
        removed.push(paymentContribution(dimsOf(previous), p.paidOn, p.amountFen));
        added.push(paymentContribution(dimsOf(next), p.paidOn, p.amountFen));
      }
    }
    if (t.eventType === 'RECORD_PAYMENT') added.push(await this.recordPayment(tx, e, record.id, next));
    if (t.eventType === 'REACH_AGREEMENT') await this.recordAgreement(tx, e, record.id);
    const deadlinesEnded =
      t.eventType === 'DEADLINE_EXPIRED' || t.decision.effects.some((x) => x.type === 'completeDeadline' && x.status === 'MET');
    if (deadlinesEnded) added.push(...(await this.recordDeadlines(tx, record, context, next)));

    if (!previous || changed(previous, next)) await this.reports.upsertCaseFacts(tx, next, t.at);
    await this.applyContributions(tx, removed, added);
  }

  /** Contributions held back by transactions that fire many deadlines (see `holdAggregates`). */
  private readonly held = new WeakMap<Tx, { removed: Contribution[]; added: Contribution[] }>();

  /**
   * From now on this transaction's aggregate changes are collected instead of written, until
   * `flushAggregates`: a transaction firing a batch of deadlines then updates each aggregate row
   * once, after all its firings — in the place a single command takes those row locks (after its
   * case rows, before the document counters and the audit head), so it cannot deadlock with one.
   */
  holdAggregates(tx: Tx): void {
    if (!this.held.has(tx)) this.held.set(tx, { removed: [], added: [] });
  }

  /** Writes what `holdAggregates` collected, netted: one row per key. */
  async flushAggregates(tx: Tx): Promise<void> {
    const held = this.held.get(tx);
    if (!held) return;
    this.held.delete(tx);
    await this.applyContributions(tx, held.removed, held.added);
  }

  private async applyContributions(tx: Tx, removed: Contribution[], added: Contribution[]): Promise<void> {
    const held = this.held.get(tx);
    if (held) {
      held.removed.push(...removed);
      held.added.push(...added);
      return;
    }
    const { aggregates, durations } = netDeltas(removed, added);
    await this.reports.applyDeltas(tx, aggregates, durations);
  }

  /** A deadline expired but the case's state had nothing to do about it: it still counts against its organisation. */
  async onDeadlineExpiredWithoutTransition(tx: Tx, record: CaseRecord): Promise<void> {
    const facts = await this.previousFacts(tx, record.id);
    if (!facts) return;
    const added = await this.recordDeadlines(tx, record, record.snapshot.context, facts);
    await this.applyContributions(tx, [], added);
  }

  private async intakeBase(tx: Tx, record: CaseRecord): Promise<CaseFactsBase> {
    const w = await this.reports.workerSummary(tx, record.id);
    return {
      disputeTypes: record.disputeTypes,
      channel: record.channel,
      workers: w.workers,
      migrant: w.migrant,
      platform: w.platformWorker || record.disputeTypes.includes('PLATFORM_WORK'),
      collective: record.collective,
      fromOutreach: !!record.outreachActivityId,
      claimedFen: record.claimedFen,
    };
  }

  private async recordPayment(tx: Tx, e: ChainedEvent, caseId: string, facts: CaseFacts): Promise<Contribution> {
    const p = e.transition.eventPayload as { amountFen: number; paidAt: string; method: string; evidenceRef?: string };
    const paidOn = LegalCalendar.shanghaiDate(new Date(p.paidAt));
    await this.reports.insertPayment(tx, {
      caseId,
      eventSeq: e.seq,
      paidAt: new Date(p.paidAt),
      paidOn,
      amountFen: p.amountFen,
      method: p.method,
      evidenceRef: p.evidenceRef ?? null,
      verifiedBy: e.transition.actor.id,
      recordedAt: e.transition.at,
    });
    return paymentContribution(dimsOf(facts), paidOn, p.amountFen);
  }

  private async recordAgreement(tx: Tx, e: ChainedEvent, caseId: string): Promise<void> {
    const p = e.transition.eventPayload as { items: { agreedFen: number }[]; schedule: unknown; signedAt: string };
    await this.reports.insertAgreement(tx, {
      caseId,
      eventSeq: e.seq,
      signedAt: new Date(p.signedAt),
      signedOn: LegalCalendar.shanghaiDate(new Date(p.signedAt)),
      agreedFen: p.items.reduce((s, i) => s + i.agreedFen, 0),
      items: p.items,
      schedule: p.schedule,
      recordedBy: e.transition.actor.id,
      recordedAt: e.transition.at,
    });
  }

  private async recordDeadlines(tx: Tx, record: CaseRecord, context: CaseContext, facts: CaseFacts): Promise<Contribution[]> {
    const rows = await this.reports.recordResolvedDeadlines(
      tx,
      record.id,
      { regionCode: facts.regionCode, disputeType: facts.disputeType },
      responsibleOrgs(context, record.orgId),
    );
    return rows.map((r) => deadlineContribution(dimsOf(r), r.resolvedOn, r.status));
  }
}

function baseOf(f: CaseFacts): CaseFactsBase {
  return {
    disputeTypes: [f.disputeType],
    channel: f.channel,
    workers: f.workers,
    migrant: f.migrant,
    platform: f.platform,
    collective: f.collective,
    fromOutreach: f.fromOutreach,
    claimedFen: f.claimedFen,
  };
}

const moved = (a: CaseFacts, b: CaseFacts) => a.regionCode !== b.regionCode || a.orgId !== b.orgId || a.tier !== b.tier || a.disputeType !== b.disputeType;

function changed(a: CaseFacts, b: CaseFacts): boolean {
  return (Object.keys(b) as (keyof CaseFacts)[]).some((k) => a[k] !== b[k]);
}
