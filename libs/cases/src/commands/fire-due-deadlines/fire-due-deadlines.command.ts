import { Command } from '@nestjs/cqrs';

/**
 * Fires every pending deadline due by the clock's now: what a deadline wake-up does when it runs,
 * and what moving the test clock does. Each case's deadlines fire one after another, oldest first;
 * several cases at once.
 */
export class FireDueDeadlinesCommand extends Command<{ fired: number }> {}
