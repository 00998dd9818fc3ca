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
export const FIRE_DUE_CONCURRENCY = 4;
/** Most cases fired in one transaction (DeadlineFiring.fireBatch). */
export const FIRE_BATCH_CASES = 32;
/** Fewest cases per transaction worth splitting the due ones for: a few due run as one fuller batch. */
const MIN_BATCH_CASES = 8;

/**
 * A running sweep wakes for the next deadline no sooner than this after its last read: the ones due
 * within it start together (a batch per wake-up, not a transaction per deadline under a burst).
 */
const SWEEP_GATHER_MS = 10;
/**
 * How far ahead a running sweep sets a timer for the next deadline (a batch under way ends long
 * before; and a timer is kept well inside what setTimeout can count).
 */
const SWEEP_MAX_WAIT_MS = 60_000;

type Batch = [caseId: string, deadlineIds: string[]][];

/**
 * Fires every pending deadline due by now, and keeps going while more fall due. Each row is
 * re-read under lock: one met, extended or already fired meanwhile is a no-op, and none fires early.
 * A case's deadlines fire in order (due_at, then statutory before service levels, …), one after
 * another. Cases are fired in batches — several cases to a transaction (DeadlineFiring.fireBatch:
 * one round trip for their locks, each reporting row and counter written once) — up to
 * FIRE_DUE_CONCURRENCY transactions at once, without a barrier: whenever one ends — or, with a slot
 * free, the next pending deadline falls due — the clock is read again and what is due by then, on
 * cases not being fired, starts in the free slots. So a deadline falling due while others fire
 * starts at its instant when a slot is free, and otherwise waits for the first free slot, not for
 * the slowest batch; it does not wait for a wake-up job queued behind the sweep.
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
    const firing = new Set<string>(); // cases in a batch under way: their later deadlines wait for it
    const running = new Set<Promise<void>>();

    const fire = async (batch: Batch): Promise<void> => {
      try {
        const outcomes = await this.tx.run((tx) => this.firing.fireBatch(tx, batch.flatMap(([, ids]) => ids)));
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
    };

    for (;;) {
      const free = FIRE_DUE_CONCURRENCY - running.size;
      let started = 0;
      let nextDueAt: Date | null = null;
      let allStarted = false;
      if (free > 0) {
        const now = this.clock.now();
        const skip = [...failedCases, ...firing];
        // What is due now and when the next one falls due: one round trip.
        const [due, next] = await this.tx.read((r) =>
          Promise.all([this.deadlines.findPendingDueBefore(r, now, PAGE, skip), this.deadlines.findNextPendingDueAfter(r, now, skip)]),
        );
        nextDueAt = next;
        const byCase = new Map<string, string[]>();
        for (const d of due) (byCase.get(d.caseId) ?? byCase.set(d.caseId, []).get(d.caseId)!).push(d.id);
        const batches = batchesOf([...byCase.entries()], free);
        allStarted = due.length < PAGE && batches.reduce((n, b) => n + b.length, 0) === byCase.size;
        for (const batch of batches) {
          for (const [caseId] of batch) firing.add(caseId);
          const run: Promise<void> = fire(batch).finally(() => {
            running.delete(run);
            for (const [caseId] of batch) firing.delete(caseId);
          });
          running.add(run);
          started++;
        }
      }
      if (running.size === 0) break; // nothing due, nothing under way: the next wake-up starts the next sweep
      // Every due deadline is under way and a slot is free: wait for a batch to end or for the next
      // deadline to fall due, whichever comes first — one falling due while batches run starts on
      // time, not when the next batch happens to end. Otherwise (slots full, or more due than were
      // read) wait for a batch to end, or read again at once.
      if (allStarted && running.size < FIRE_DUE_CONCURRENCY) await this.untilBatchEndsOrDue(running, nextDueAt);
      else if (started === 0 || running.size === FIRE_DUE_CONCURRENCY) await Promise.race(running);
    }
    if (firstError) throw firstError;
    return { fired };
  }

  /**
   * Until one of `running` ends or `nextDueAt` passes by the clock, but at least SWEEP_GATHER_MS:
   * the deadlines falling due within that gap start together, as one batch.
   */
  private async untilBatchEndsOrDue(running: Set<Promise<void>>, nextDueAt: Date | null): Promise<void> {
    const untilDue = nextDueAt === null ? Infinity : nextDueAt.getTime() + 1 - this.clock.now().getTime(); // due_at keeps microseconds
    if (untilDue > SWEEP_MAX_WAIT_MS) return void (await Promise.race(running));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([...running, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(SWEEP_GATHER_MS, untilDue))))]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Splits due cases (in firing order) into at most `slots` contiguous batches of MIN_BATCH_CASES …
 * FIRE_BATCH_CASES cases; cases beyond what the slots hold wait for the next read.
 */
export function batchesOf<T>(cases: T[], slots = FIRE_DUE_CONCURRENCY): T[][] {
  if (cases.length === 0 || slots <= 0) return [];
  const count = Math.min(slots, Math.max(1, Math.ceil(cases.length / MIN_BATCH_CASES)));
  const size = Math.min(FIRE_BATCH_CASES, Math.ceil(cases.length / count));
  const out: T[][] = [];
  for (let i = 0; i < cases.length && out.length < count; i += size) out.push(cases.slice(i, i + size));
  return out;
}
