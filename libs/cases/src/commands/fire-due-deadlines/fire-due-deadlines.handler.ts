import { Inject, Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { FireDeadlineCommand } from '../fire-deadline/fire-deadline.command';
import { FireDueDeadlinesCommand } from './fire-due-deadlines.command';
import { inParallel } from '../../shared/in-parallel';

const PAGE = 500;
/** Cases fired at once. Each firing holds one pool connection for its transaction. */
export const FIRE_DUE_CONCURRENCY = 8;

/**
 * Pages through the pending deadlines due by now (re-reading the clock for every page) and fires
 * them through FireDeadline, which re-reads each row under lock: one met, extended or already fired
 * meanwhile is a no-op, and none fires early. A case's deadlines fire in order (due_at, id), one
 * after another; different cases run FIRE_DUE_CONCURRENCY at a time. Keeps going until nothing is
 * due, since a firing may start deadlines that are already due.
 *
 * A firing that throws does not stop the others: the rest of that case's deadlines wait (so they
 * never fire out of order), the sweep finishes, then the first error is thrown so the caller (a
 * wake-up job) is retried.
 */
@CommandHandler(FireDueDeadlinesCommand)
export class FireDueDeadlinesHandler implements ICommandHandler<FireDueDeadlinesCommand> {
  private readonly log = new Logger(FireDueDeadlinesHandler.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly deadlines: DeadlineTypeormRepository,
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
      await inParallel([...byCase.entries()], FIRE_DUE_CONCURRENCY, async ([caseId, ids]) => {
        for (const id of ids) {
          try {
            const r = await this.commands.execute(new FireDeadlineCommand(id));
            if (r.outcome === 'fired') fired++;
          } catch (e) {
            this.log.error(`firing deadline ${id} failed: ${(e as Error).message}`);
            failedCases.push(caseId);
            firstError ??= e;
            return;
          }
        }
      });
    }
    if (firstError) throw firstError;
    return { fired };
  }
}
