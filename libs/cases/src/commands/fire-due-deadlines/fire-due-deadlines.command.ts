import { Command } from '@nestjs/cqrs';

/** Fires every pending deadline due by now, oldest first (used when the test clock jumps). */
export class FireDueDeadlinesCommand extends Command<{ fired: number }> {}
