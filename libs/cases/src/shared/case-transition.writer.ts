import { Injectable } from '@nestjs/common';
import {
  computeEventHash,
  LegalCalendar,
  ValidationError,
  type CaseEffect,
} from '@tiaojie/domain';
import {
  CaseTypeormRepository,
  IdentityTypeormRepository,
  OutboxTypeormRepository,
  type ArmableDeadline,
  type CaseRecord,
  type Tx,
} from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';
import { DeadlineEffects } from './deadline-effects';
import { OUTBOX_TOPICS } from './outbox-topics';
import type { ChainedEvent, RecordedTransition } from './recorded-transition';
import { ReportingProjection } from './reporting-projection';

export type { ChainedEvent, RecordedTransition } from './recorded-transition';

export { LEGAL_CALENDAR } from './deadline-effects';

const DOCUMENT_PREFIX: Record<string, string> = {
  ACCEPTANCE_NOTICE: 'SL',
  AGREEMENT: 'XY',
  TERMINATION_NOTE: 'ZZ',
  HANDOVER_PACKET: 'YJ',
};

type Message = { topic: string; payload: Record<string, unknown> };

/** Documents by kind (a stable sort keeps each kind's own order): the order counter rows are taken in. */
const byKind = (a: { kind: string }, b: { kind: string }) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);

/**
 * Writes one decided transition inside the command's transaction: the hash-chained event, and the
 * rows the machine's effects call for — deadlines, referrals, documents, moves between organisations
 * and outbox rows (DESIGN §4 step 3) — and the reporting read models (ReportingProjection). The case row
 * itself is written by the caller first.
 */
@Injectable()
export class CaseTransitionWriter {
  constructor(
    private readonly cases: CaseTypeormRepository,
    private readonly identity: IdentityTypeormRepository,
    private readonly outbox: OutboxTypeormRepository,
    private readonly deadlines: DeadlineEffects,
    private readonly reporting: ReportingProjection,
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
  async write(tx: Tx, e: ChainedEvent, record: CaseRecord): Promise<void> {
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
    const messages: Message[] = [];
    // Referrals last: the deadline a referral is due by may be started by the same transition in an
    // entry action, which the machine runs after the transition's own actions (e.g. REFER_ARBITRATION
    // opens the referral, then entering `awaitingAcceptance` starts ARBITRATION_ACCEPTANCE).
    const effects = [...t.decision.effects.filter((x) => x.type !== 'openReferral'), ...t.decision.effects.filter((x) => x.type === 'openReferral')];
    for (const effect of effects) if (effect.type !== 'issueDocument') await this.apply(tx, effect, record, e.seq, t.at, messages);
    await this.outbox.enqueue(tx, messages);
    // Managers' figures (DESIGN §8): after the effects, so a transfer's new region and the deadlines just met count.
    await this.reporting.onTransition(tx, e, record);
    // Documents last. Their numbers run without gaps per kind and year, from one counter row that
    // stays locked until COMMIT: taken here, the lock is held for the rest of the command only (the
    // audit append, the view, COMMIT), not through the effects and the reporting projection as well.
    // Under firing bursts every termination note queued on that row (bench part 3: a third of the
    // backends' time waited for it).
    // By kind: a transaction takes the counter rows in one order, whichever transition it writes.
    const documents = effects.filter((x) => x.type === 'issueDocument').sort(byKind);
    for (const effect of documents) {
      const held = this.heldDocuments.get(tx);
      if (held) held.push({ caseId: record.id, kind: effect.kind, seq: e.seq, at: t.at });
      else await this.issueDocument(tx, record.id, effect.kind, e.seq, t.at);
    }
  }

  /** Documents held back by transactions that fire many deadlines (see `holdDocuments`). */
  private readonly heldDocuments = new WeakMap<Tx, { caseId: string; kind: string; seq: number; at: Date }[]>();

  /**
   * From now on this transaction's documents are numbered at `flushDocuments`, not per transition:
   * a batch of firings takes each counter row once, last (after the aggregates), as one command does.
   */
  holdDocuments(tx: Tx): void {
    if (!this.heldDocuments.has(tx)) this.heldDocuments.set(tx, []);
  }

  /** Numbers and inserts the held documents, in the order their transitions were written. */
  async flushDocuments(tx: Tx): Promise<void> {
    const held = this.heldDocuments.get(tx);
    if (!held) return;
    this.heldDocuments.delete(tx);
    // Each counter row once, in kind order (as a single transition takes them); within a kind, in the order written.
    for (const d of [...held].sort(byKind)) await this.issueDocument(tx, d.caseId, d.kind, d.seq, d.at);
  }

  private async apply(tx: Tx, effect: CaseEffect, record: CaseRecord, seq: number, at: Date, out: Message[]): Promise<void> {
    const caseId = record.id;
    const arm = (d: ArmableDeadline | null) =>
      d && out.push({ topic: OUTBOX_TOPICS.deadlineArm, payload: { deadlineId: d.id, generation: d.generation, dueAt: d.dueAt.toISOString() } });
    const disarm = (d: ArmableDeadline | null) =>
      d && out.push({ topic: OUTBOX_TOPICS.deadlineDisarm, payload: { deadlineId: d.id, generation: d.generation } });

    switch (effect.type) {
      case 'startDeadline':
        arm(await this.deadlines.start(tx, caseId, effect.kind, new Date(effect.triggerAt), effect.length, at));
        return;
      case 'startInstalmentDeadlines':
        for (const i of effect.instalments) arm(await this.deadlines.startInstalment(tx, caseId, i.ref, i.dueDate, new Date(effect.triggerAt), at));
        return;
      case 'extendDeadline':
        arm(await this.deadlines.extend(tx, caseId, effect.kind, effect.days));
        return;
      case 'completeDeadline':
        (await this.deadlines.complete(tx, caseId, effect.status, at, effect.kind, effect.refs)).forEach(disarm);
        return;
      case 'cancelAllDeadlines':
        (await this.deadlines.complete(tx, caseId, 'CANCELLED', at)).forEach(disarm);
        return;
      case 'pauseDeadline':
        disarm(await this.deadlines.pause(tx, caseId, effect.kind, at));
        return;
      case 'resumeDeadline':
        arm(await this.deadlines.resume(tx, caseId, effect.kind, at));
        return;
      case 'restartDeadline': {
        const { cancelled, started } = await this.deadlines.restart(tx, caseId, effect.kind, new Date(effect.triggerAt), effect.length, at);
        cancelled.forEach(disarm);
        arm(started);
        return;
      }
      case 'notify':
        out.push({ topic: OUTBOX_TOPICS.notificationRequested, payload: { caseId, eventSeq: seq, template: effect.template, to: effect.to } });
        return;
      case 'alert':
        for (const orgId of await this.alertOrgs(record, effect.agencies)) {
          out.push({ topic: OUTBOX_TOPICS.notificationRequested, payload: { caseId, eventSeq: seq, template: effect.template, to: 'MANAGER', orgId } });
        }
        return;
      case 'issueDocument':
        return; // issued last, in write()
      case 'openReferral': {
        const due = effect.dueKind ? await this.deadlines.findOpen(tx, caseId, effect.dueKind) : null;
        await this.cases.insertReferral(tx, {
          id: randomUUID(),
          caseId,
          kind: effect.kind,
          fromOrgId: record.orgId,
          toOrgId: effect.toOrgId,
          status: 'PENDING',
          deadlineId: due?.id ?? null,
          eventSeq: seq,
          createdAt: at,
          updatedAt: at,
        });
        out.push({ topic: OUTBOX_TOPICS.notificationRequested, payload: { caseId, eventSeq: seq, template: `REFERRAL_${effect.kind}`, to: 'ORG', orgId: effect.toOrgId } });
        return;
      }
      case 'completeReferral':
        await this.cases.settleReferral(tx, caseId, effect.kind, effect.status, at);
        return;
      case 'transferCase': {
        const to = await this.identity.findOrgById(effect.toOrgId);
        if (!to) throw new ValidationError([{ field: 'toOrgId', message: 'no such organisation' }]);
        await this.cases.moveToOrg(tx, caseId, { orgId: to.id, tier: to.tier, regionCode: to.regionCode });
        Object.assign(record, { orgId: to.id, tier: to.tier, regionCode: to.regionCode });
        return;
      }
      case 'escalateTier': {
        const to = await this.ancestorAtTier(record.orgId, effect.toTier);
        if (!to) throw new ValidationError([{ field: 'tier', message: `no ${effect.toTier} centre above this one to escalate to` }]);
        await this.cases.moveToOrg(tx, caseId, { orgId: to.id, tier: to.tier });
        Object.assign(record, { orgId: to.id, tier: to.tier });
        return;
      }
    }
  }

  /** The organisations of those bodies that cover the case's region (its city and county), to alert. */
  private async alertOrgs(record: CaseRecord, agencies: readonly string[]): Promise<string[]> {
    const city = record.regionCode.slice(0, 4) + '00';
    const ids: string[] = [];
    for (const agency of agencies) {
      const orgs = await this.identity.findOrgs({ agency, regionCode: record.regionCode.slice(0, 4) });
      for (const o of orgs) if (o.regionCode === city || record.regionCode.startsWith(o.regionCode)) ids.push(o.id);
    }
    return ids;
  }

  private async ancestorAtTier(orgId: string, tier: string) {
    let org = await this.identity.findOrgById(orgId);
    for (let hops = 0; org && hops < 6; hops++) {
      if (!org.parentId) return null;
      org = await this.identity.findOrgById(org.parentId);
      if (org?.tier === tier) return org;
    }
    return null;
  }

  /** The next number of its kind and year and the document row, in one statement. */
  private async issueDocument(tx: Tx, caseId: string, kind: string, seq: number, at: Date): Promise<void> {
    const year = LegalCalendar.shanghaiDate(at).slice(0, 4);
    await this.cases.insertNumberedDocument(tx, {
      id: randomUUID(),
      caseId,
      kind,
      counter: `doc:${kind}:${year}`,
      docNoPrefix: `${DOCUMENT_PREFIX[kind] ?? 'DOC'}-${year}-`,
      issuedAt: at,
      eventSeq: seq,
    });
  }
}
