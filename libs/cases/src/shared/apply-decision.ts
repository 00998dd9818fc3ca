import { StaleVersionError, trackStates, type Decision } from '@tiaojie/domain';
import type { CaseRecord, CaseTypeormRepository, Tx } from '@tiaojie/persistence';
import type { CaseTransitionWriter, RecordedTransition } from './case-transition.writer';

/**
 * Persists a decided transition on an existing case: the conditional update on the version read
 * (zero rows → the transaction fails as stale), then the chained event and its effects. Returns the
 * case as it will be stored.
 */
export async function applyDecision(
  tx: Tx,
  cases: CaseTypeormRepository,
  writer: CaseTransitionWriter,
  current: CaseRecord,
  decision: Decision,
  transition: RecordedTransition,
): Promise<CaseRecord> {
  const ctx = decision.snapshot.context;
  const chained = writer.chain(current, transition);
  // The referrals and the lists' revision read with the row may change with this event: the next record does not claim to know them.
  const { referredToOrgIds: _referred, listsRev: _listsRev, ...unchanged } = current;
  const next: CaseRecord = {
    ...unchanged,
    version: current.version + 1,
    state: decision.state,
    snapshot: decision.snapshot,
    closedAt: ctx.closedAt ? new Date(ctx.closedAt) : null,
    outcome: ctx.outcome ?? null,
    agreedFen: ctx.agreement?.totalFen ?? 0,
    paidFen: ctx.paidFen,
    mediatorId: ctx.mediatorId ?? null,
    eventSeq: chained.seq,
    lastEventHash: chained.hash,
    updatedAt: transition.at,
    tracks: trackStates(decision.snapshot.value),
  };
  await cases.updateIfVersion(tx, current.id, current.version, next, () => new StaleVersionError(current.version, null));
  await writer.write(tx, chained, next);
  return next;
}
