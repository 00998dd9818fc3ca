import { Inject, Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { FireDeadlineCommand } from '../fire-deadline/fire-deadline.command';
import { DeadlineFiring } from '../../shared/deadline-firing';
import { FireDueDeadlinesCommand } from './fire-due-deadlines.command';
import { inParallel } from '../../shared/in-parallel';

const PAGE = 500;
/** Transactions fired at once. Each holds one pool connection. */
export const FIRE_DUE_CONCURRENCY = 8;
/** Most cases fired in one transaction (DeadlineFiring.fireBatch). */
export const FIRE_BATCH_CASES = 32;
/** Fewest cases per transaction worth splitting a page for: a small page runs as fewer, fuller batches. */
const MIN_BATCH_CASES = 4;

/**
 * Pages through the pending deadlines due by now (re-reading the clock for every page) and fires
 * them, each row re-read under lock: one met, extended or already fired meanwhile is a no-op, and
 * none fires early. A case's deadlines fire in order (due_at, then statutory before service levels,
 * …), one after another. Cases are fired in batches — several cases to a transaction
 * (DeadlineFiring.fireBatch: one round trip for their locks, each reporting row and counter written
 * once), up to FIRE_DUE_CONCURRENCY transactions at once. Keeps going until nothing is due, since a
 * firing may start deadlines that are already due.
 *
 * A batch that fails is rolled back and its cases fired again one by one (FireDeadline), so a case
 * whose firing throws holds up only itself: the rest of that case's deadlines wait (so they never
 * fire out of order), the sweep finishes, then the first error is thrown so the caller (a wake-up
 * job) is retried.
 */
@CommandHandler(FireDueDeadlinesCommand)
export class FireDueDeadlinesHandler implements ICommandHandler<FireDueDeadlinesCommand> {
  private readonly log = new Logger(FireDueDeadlinesHandler.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly firing: DeadlineFiring,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ fired: number }> {
    let fired = 0;
    const failedCases: string[] = [];
    let firstError: unknown;
    for (;;) {
      const due = await this.deadlines.findPendingDueBefore(this.tx.reader, this.clock.now(), PAGE, failedCases);
      if (due.length === 0) break;
      const byCase = new Map<string, string[]>();
      for (const d of due) (byCase.get(d.caseId) ?? byCase.set(d.caseId, []).get(d.caseId)!).push(d.id);
      await inParallel(batchesOf([...byCase.entries()]), FIRE_DUE_CONCURRENCY, async (batch) => {
        try {
          const outcomes = await this.tx.run((tx) => this.firing.fireBatch(tx, new Map(batch)));
          for (const o of outcomes.values()) if (o.outcome === 'fired') fired++;
          return;
        } catch (e) {
          this.log.warn(`a batch of ${batch.length} case(s) failed (${(e as Error).message}); firing them one by one`);
        }
        for (const [caseId, ids] of batch) {
          for (const id of ids) {
            try {
              const r = await this.commands.execute(new FireDeadlineCommand(id));
              if (r.outcome === 'fired') fired++;
            } catch (e) {
              this.log.error(`firing deadline ${id} failed: ${(e as Error).message}`);
              failedCases.push(caseId);
              firstError ??= e;
              break;
            }
          }
        }
      });
    }
    if (firstError) throw firstError;
    return { fired };
  }
}

/** Splits a page's cases (in firing order) into contiguous batches: as many as may run at once, each of MIN_BATCH_CASES … FIRE_BATCH_CASES cases. */
export function batchesOf<T>(cases: T[]): T[][] {
  if (cases.length === 0) return [];
  const count = Math.max(Math.min(FIRE_DUE_CONCURRENCY, Math.ceil(cases.length / MIN_BATCH_CASES)), Math.ceil(cases.length / FIRE_BATCH_CASES));
  const size = Math.ceil(cases.length / count);
  const out: T[][] = [];
  for (let i = 0; i < cases.length; i += size) out.push(cases.slice(i, i + size));
  return out;
}
