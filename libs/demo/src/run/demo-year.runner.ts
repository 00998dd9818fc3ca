import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  FireDeadlineCommand,
  FireDueDeadlinesCommand,
  inParallel,
  OpenCaseCommand,
  openCaseRequestSchema,
  SendCaseEventCommand,
  type Caller,
  type CaseView,
  type CommandResult,
} from '@tiaojie/cases';
import { CLOCK, StaleVersionError, TransitionNotAllowedError, type Clock } from '@tiaojie/domain';
import { demoOrgId } from '@tiaojie/identity';
import { RecordOutreachCommand, recordOutreachSchema, type OutreachView } from '@tiaojie/reports';
import { TestClock } from '@tiaojie/persistence';
import { DayCalendar } from '../plan/day-calendar';
import { SLOT_TIMES, type PlannedCase, type PlannedStep, type YearPlan } from '../plan/plan.types';
import { countOutreach, countStep, emptyTotals, type YearTotals } from '../plan/year-totals';
import { DemoCastSeeder } from './demo-cast.seeder';
import { DemoYearStore } from './demo-year.store';

export interface DemoYearProgress {
  /** 0–100: share of the year's days done. */
  percent: number;
  date: string;
  casesOpened: number;
  commands: number;
  elapsedMs: number;
}

export interface RunOptions {
  /** Cases worked at once within a slot of a day. */
  concurrency: number;
  /** Where the test clock is left afterwards (never before the year's last slot). */
  endAt: Date;
  onProgress?: (p: DemoYearProgress) => void;
}

export interface RunReport {
  totals: YearTotals;
  /** Commands sent (intake, case events, outreach), and deadlines the engine fired (each a DEADLINE_EXPIRED case event). */
  commands: number;
  deadlinesFired: number;
  /** Steps that waited a day for a deadline to fire first, and steps left over at the year's end. */
  deferrals: number;
  leftOver: number;
  elapsedMs: number;
  /** Where the time went, in ms of wall clock (commands run concurrently). */
  timing: { cases: number; firing: number; other: number };
}

interface CaseRun {
  plan: PlannedCase;
  next: number;
  caseId?: string;
  version: number;
  deferredSince?: number;
}

const SLOTS = SLOT_TIMES.length;
/** A step waiting for a deadline longer than this is a planning error, not a holiday. */
const MAX_DEFERRAL_DAYS = 20;

/**
 * Runs a planned demo year through the real command path (DESIGN §4): every intake is an
 * OpenCaseCommand and every step a SendCaseEventCommand of the demo user who would take it, while
 * the test clock moves through the year slot by slot and FireDueDeadlines fires what falls due —
 * so every figure the year shows is the sum of real cases, events and payments.
 */
@Injectable()
export class DemoYearRunner {
  constructor(
    private readonly commands: CommandBus,
    private readonly store: DemoYearStore,
    private readonly cast: DemoCastSeeder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(plan: YearPlan, options: RunOptions): Promise<RunReport> {
    const clock = this.clock;
    if (!(clock instanceof TestClock)) throw new Error('the demo year runs on the test clock (TEST_CLOCK=true)');
    const cal = new DayCalendar(plan.options.startDate);
    const days = plan.options.days;
    const firstSlot = new Date(cal.instant(0, SLOT_TIMES[0]));
    if (clock.now().getTime() > firstSlot.getTime()) {
      throw new Error(`the test clock already stands at ${clock.now().toISOString()}, after the demo year's first day (${plan.options.startDate}); the demo year needs a database whose clock has not passed it`);
    }

    const started = Date.now();
    const timing = { cases: 0, firing: 0, other: 0 };
    await this.cast.seed();
    const usernames = new Set<string>([...plan.cases.flatMap((c) => c.steps.map((s) => s.actor)), ...plan.outreach.map((o) => o.actor)]);
    const callers = await this.cast.callers(usernames);
    const totals = emptyTotals();
    const runs: CaseRun[] = plan.cases.map((c) => ({ plan: c, next: 0, version: 0 }));
    const buckets = new Map<number, number[]>();
    const enqueue = (slotIndex: number, i: number) => {
      const list = buckets.get(slotIndex);
      if (list) list.push(i);
      else buckets.set(slotIndex, [i]);
    };
    const slotIndexOf = (s: PlannedStep) => s.day * SLOTS + s.slot;
    runs.forEach((r, i) => r.plan.steps.length > 0 && enqueue(slotIndexOf(r.plan.steps[0]), i));
    const outreachByDay = new Map<number, YearPlan['outreach']>();
    for (const o of plan.outreach) outreachByDay.set(o.day, [...(outreachByDay.get(o.day) ?? []), o]);

    const outreachIds = new Map<number, string>();
    let commands = 0;
    let fired = 0;
    let deferrals = 0;
    let lastProgress = 0;

    for (let day = 0; day < days; day++) {
      for (let slot = 0; slot < SLOTS; slot++) {
        const slotIndex = day * SLOTS + slot;
        const t0 = Date.now();
        const due = buckets.get(slotIndex) ?? [];
        buckets.delete(slotIndex);
        const heldToday = slot === SLOTS - 1 ? (outreachByDay.get(day) ?? []) : [];
        // Every deadline falls due at 24:00 (DOMAIN §2): the clock stops at 00:05 each day to fire
        // them, and at a working slot only when someone has something to do then.
        if (slot === 0 || due.length > 0 || heldToday.length > 0) {
          const at = new Date(cal.instant(day, SLOT_TIMES[slot]));
          if (at.getTime() > clock.now().getTime()) await clock.moveTo(at);
        }
        if (slot === 0) fired += await this.fireDue(options.concurrency);
        const t1 = Date.now();
        timing.firing += t1 - t0;

        if (due.length > 0) {
          const versions = await this.store.versions(due.map((i) => runs[i].caseId).filter((id): id is string => id !== undefined));
          for (const i of due) {
            const id = runs[i].caseId;
            if (id) runs[i].version = versions.get(id) ?? runs[i].version;
          }
          await inParallel(due, options.concurrency, async (i) => {
            const r = runs[i];
            while (r.next < r.plan.steps.length && slotIndexOf(r.plan.steps[r.next]) <= slotIndex) {
              const step = r.plan.steps[r.next];
              const done = await this.send(r, step, callers.get(step.actor)!, cal, day, outreachIds);
              if (!done) {
                // Waiting for a deadline that rolled past a rest day: try again tomorrow.
                r.deferredSince ??= day;
                if (day - r.deferredSince > MAX_DEFERRAL_DAYS) throw new Error(`case ${r.plan.ref}: ${step.type} still not possible after ${MAX_DEFERRAL_DAYS} days`);
                deferrals++;
                enqueue(slotIndex + SLOTS, i);
                return;
              }
              r.deferredSince = undefined;
              commands++;
              countStep(totals, r.plan, step);
              r.next++;
            }
            if (r.next < r.plan.steps.length) enqueue(slotIndexOf(r.plan.steps[r.next]), i);
          });
        }
        const t2 = Date.now();
        timing.cases += t2 - t1;
        // Outreach held today, recorded by its organiser at the end of the day (POST /api/outreach's command).
        for (const o of heldToday) {
          const request = recordOutreachSchema.parse({ kind: o.kind, title: o.title, heldOn: cal.dateOf(day), place: o.place, peopleReached: o.peopleReached, consultations: o.consultations, orgId: demoOrgId(o.orgKey) });
          const result = (await this.commands.execute(new RecordOutreachCommand(callers.get(o.actor)!, request))) as CommandResult<OutreachView>;
          outreachIds.set(o.ref, result.body.id);
          commands++;
          countOutreach(totals, o);
        }
        timing.other += Date.now() - t2;
      }
      if (options.onProgress && (Date.now() - lastProgress > 1000 || day === days - 1)) {
        lastProgress = Date.now();
        options.onProgress({ percent: Math.round(((day + 1) / days) * 100), date: cal.dateOf(day), casesOpened: totals.intakes, commands, elapsedMs: Date.now() - started });
      }
    }

    // Leave the clock where the product runs on ("now"), firing what fell due since the last slot.
    if (options.endAt.getTime() > clock.now().getTime()) await clock.moveTo(options.endAt);
    fired += (await this.commands.execute(new FireDueDeadlinesCommand())).fired;
    const leftOver = [...buckets.values()].reduce((s, l) => s + l.length, 0);
    return { totals, commands, deadlinesFired: fired, deferrals, leftOver, elapsedMs: Date.now() - started, timing };
  }

  /**
   * Fires what fell due, as the worker does: one FireDeadline command per deadline, several cases at
   * once, each case's deadlines one after another in FireDueDeadlines' order. FireDueDeadlines then
   * sweeps up anything left (nothing, normally).
   */
  private async fireDue(concurrency: number): Promise<number> {
    const due = await this.store.dueDeadlines(this.clock.now());
    const byCase = new Map<string, string[]>();
    for (const d of due) byCase.set(d.caseId, [...(byCase.get(d.caseId) ?? []), d.id]);
    let fired = 0;
    await inParallel([...byCase.values()], concurrency, async (ids) => {
      for (const id of ids) {
        const r = await this.commands.execute(new FireDeadlineCommand(id));
        if (r.outcome === 'fired' && r.transitioned) fired++;
      }
    });
    return fired + (await this.commands.execute(new FireDueDeadlinesCommand())).fired;
  }

  /** Sends one step as its demo user; false when it must wait for a deadline (an `awaits` step the case is not ready for). */
  private async send(r: CaseRun, step: PlannedStep, caller: Caller, cal: DayCalendar, day: number, outreachIds: ReadonlyMap<number, string>): Promise<boolean> {
    const body = materialize(step.body, cal, day, this.clock.now(), outreachIds);
    try {
      if (step.type === 'OPEN') {
        const request = openCaseRequestSchema.parse(body);
        const result = (await this.commands.execute(new OpenCaseCommand(caller, request))) as CommandResult<CaseView>;
        r.caseId = result.body.id;
        r.version = result.body.version;
        return true;
      }
      const result = await this.event(r, step, caller, body);
      r.version = result.body.version;
      return true;
    } catch (e) {
      if (step.awaits && e instanceof TransitionNotAllowedError) return false;
      throw new Error(`demo year, case ${r.plan.ref}, day ${day} (${cal.dateOf(day)}): ${step.type} by ${step.actor} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  private async event(r: CaseRun, step: PlannedStep, caller: Caller, body: Record<string, unknown>): Promise<CommandResult<CaseView>> {
    try {
      return (await this.commands.execute(new SendCaseEventCommand(caller, r.caseId!, r.version, step.type, body))) as CommandResult<CaseView>;
    } catch (e) {
      if (!(e instanceof StaleVersionError)) throw e;
      // Something else moved the case (a deadline fired): read its version again, as a client would.
      r.version = (await this.store.versions([r.caseId!])).get(r.caseId!) ?? r.version;
      return (await this.commands.execute(new SendCaseEventCommand(caller, r.caseId!, r.version, step.type, body))) as CommandResult<CaseView>;
    }
  }
}

/** Fills in the placeholders of a step body (plan.types.ts) for the day and moment it runs. */
export function materialize(value: unknown, cal: DayCalendar, day: number, now: Date, outreachIds: ReadonlyMap<number, string> = new Map()): any {
  const fill = (v: unknown): unknown => {
    if (v === '$slot') return now.toISOString();
    if (typeof v === 'string') return v.includes('{{year}}') ? v.replaceAll('{{year}}', cal.dateOf(day).slice(0, 4)) : v;
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.$dayAt === 'number') return cal.instant(day + o.$dayAt, String(o.time));
      if (typeof o.$date === 'number') return cal.dateOf(day + o.$date);
      if (typeof o.$outreach === 'number') {
        const id = outreachIds.get(o.$outreach);
        if (!id) throw new Error(`outreach activity ${o.$outreach} has not been recorded yet`);
        return id;
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fill(x)]));
    }
    return v;
  };
  return fill(value);
}
