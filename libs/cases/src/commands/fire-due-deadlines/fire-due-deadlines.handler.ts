import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { FireDeadlineCommand } from '../fire-deadline/fire-deadline.command';
import { FireDueDeadlinesCommand } from './fire-due-deadlines.command';

const BATCH = 200;

@CommandHandler(FireDueDeadlinesCommand)
export class FireDueDeadlinesHandler implements ICommandHandler<FireDueDeadlinesCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ fired: number }> {
    let fired = 0;
    // A firing may start new deadlines that are already due; keep going until none is left.
    for (;;) {
      const due = await this.deadlines.findPendingDueBefore(this.tx.reader, this.clock.now(), BATCH);
      if (due.length === 0) return { fired };
      for (const d of due) {
        const r = await this.commands.execute(new FireDeadlineCommand(d.id));
        if (r.outcome === 'fired') fired++;
      }
    }
  }
}
