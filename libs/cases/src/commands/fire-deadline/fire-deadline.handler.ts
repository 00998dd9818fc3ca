import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TransactionRunner } from '@tiaojie/persistence';
import { DeadlineFiring } from '../../shared/deadline-firing';
import { FireDeadlineCommand, type FireDeadlineOutcome } from './fire-deadline.command';

/**
 * Fires a deadline whose timer went off (DESIGN §4), in a transaction of its own: a batch of one
 * (DeadlineFiring.fireBatch), which locks the case, then the deadline — the order a user's command
 * takes them — and re-reads the row under lock, so late, duplicated and stale timers are harmless.
 */
@CommandHandler(FireDeadlineCommand)
export class FireDeadlineHandler implements ICommandHandler<FireDeadlineCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly firing: DeadlineFiring,
  ) {}

  async execute({ deadlineId }: FireDeadlineCommand): Promise<FireDeadlineOutcome> {
    const outcomes = await this.tx.run((tx) => this.firing.fireBatch(tx, [deadlineId]));
    return outcomes.get(deadlineId)!;
  }
}
