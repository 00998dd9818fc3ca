import fc from 'fast-check';
import { CHAOS_PROFILE } from '../../../../test/chaos/support/profile';
import { PropertyTally } from '../../../../test/chaos/support/property-runs';
import { ROLES, type Role } from '../auth/roles';
import { LegalCalendar } from '../calendar/legal-calendar';
import { DEADLINE_KINDS, type DeadlineKind } from '../deadlines/deadline-rules';
import { DomainError } from '../errors/domain-error';
import { stableStringify } from '../shared/stable-json';
import { CASE_EVENT_CATALOG, CASE_EVENT_TYPES, maySend, type EventSender } from './case-event-catalog';
import { allowedEvents, decide, machineFor, mainStatePath, openCaseWorkflow, trackStates, type StoredSnapshot } from './case-workflow';
import type { CaseEffect } from './case.effects';
import { CHANNELS, TIERS, type CaseEvent, type CaseEventType, type CaseInput } from './case.types';

/**
 * Random event sequences against the case machine (issue 9, scenario 7). Each run opens a case with
 * random facts and sends it 30 events — most of them among those the machine says it accepts now,
 * with random payloads, the rest anything at all from anyone — while a model of the deadline rows
 * (what the server would write from the effects) follows along. After every step:
 * - paid ≤ agreed; paid is the sum of the payments, agreed the sum of the items;
 * - a closed case accepts nothing, offers nothing and has no open deadline;
 * - deadlines are open only in the states they belong to, and the machine never starts one that is
 *   already open (the server's unique index would turn that into a 500);
 * - a refused event is a domain error (403/422 material), never anything else, and changes nothing;
 * - the snapshot survives the round trip through jsonb and decides the same afterwards.
 */
const tally = new PropertyTally('7a-4', 'properties: case machine (random event sequences)');
afterAll(() => tally.write());

const STEPS = 30;
/** States the sequences reached (main line and side tracks), to show they go deep, not just intake. */
const reached = new Map<string, number>();
const DAY = 86_400_000;
const ZERO = '00000000-0000-4000-8000-000000000000';
const COURT = '11111111-1111-4111-8111-111111111111';
const COMMISSION = '22222222-2222-4222-8222-222222222222';
const PROCURATORATE = '33333333-3333-4333-8333-333333333333';
const JUSTICE = '44444444-4444-4444-8444-444444444444';
const HRSS = '55555555-5555-4555-8555-555555555555';
const ORGS = [COURT, COMMISSION, PROCURATORATE, JUSTICE, HRSS, ZERO];
/** Events that end a case (or hand it back to the court). */
const ENDINGS = new Set<CaseEventType>(['REJECT', 'WITHDRAW', 'CLOSE', 'RETURN_TO_COURT']);
/** Sees every event the state accepts (SYSTEM passes the receiving-organisation rule). */
const EVERYONE: EventSender = { roles: ROLES as readonly Role[] };

/** A small deterministic PRNG, so a failing sequence is replayed from its seed. */
function prng(seed: number) {
  let s = seed | 0;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
type Rand = ReturnType<typeof prng>;

const caseInput = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  receivedAt: fc.integer({ min: Date.parse('2024-01-02T00:00:00Z'), max: Date.parse('2026-06-30T00:00:00Z') }).map((t) => new Date(t).toISOString()),
  claimedFen: fc.integer({ min: 0, max: 50_000_000 }),
  tier: fc.option(fc.constantFrom(...TIERS), { nil: undefined }),
  collective: fc.boolean(),
  migrantWageClaim: fc.boolean(),
  claimTypes: fc.subarray(['WAGE_ARREARS', 'ECONOMIC_COMPENSATION', 'WORK_INJURY', 'OVERTIME', 'SOCIAL_INSURANCE'], { minLength: 1 }),
  limitation: fc.boolean(),
});

interface RawInput {
  channel: (typeof CHANNELS)[number];
  receivedAt: string;
  claimedFen: number;
  tier?: (typeof TIERS)[number];
  collective: boolean;
  migrantWageClaim: boolean;
  claimTypes: string[];
  limitation: boolean;
}

interface OpenDeadline {
  kind: DeadlineKind;
  ref: string;
  status: 'PENDING' | 'PAUSED';
}

/** What the server's rows would say, from the effects (libs/cases DeadlineEffects). */
class DeadlineModel {
  readonly open = new Map<string, OpenDeadline>();
  readonly problems: string[] = [];
  private key = (kind: string, ref = '') => `${kind}#${ref}`;

  apply(effects: readonly CaseEffect[]): void {
    for (const e of effects) {
      switch (e.type) {
        case 'startDeadline':
          this.start(e.kind, '');
          break;
        case 'startInstalmentDeadlines':
          for (const i of e.instalments) this.start('INSTALMENT_DUE', i.ref);
          break;
        case 'completeDeadline':
          for (const [k, d] of this.open) if (d.kind === e.kind && (!e.refs || e.refs.includes(d.ref))) this.open.delete(k);
          break;
        case 'cancelAllDeadlines':
          this.open.clear();
          break;
        case 'pauseDeadline': {
          const d = this.open.get(this.key(e.kind));
          if (d?.status === 'PENDING') d.status = 'PAUSED';
          break;
        }
        case 'resumeDeadline': {
          const d = this.open.get(this.key(e.kind));
          if (d?.status === 'PAUSED') d.status = 'PENDING';
          break;
        }
        case 'restartDeadline':
          this.open.delete(this.key(e.kind));
          this.start(e.kind, '');
          break;
        default:
          break;
      }
    }
  }

  private start(kind: DeadlineKind, ref: string): void {
    const k = this.key(kind, ref);
    if (this.open.has(k)) this.problems.push(`started ${kind}${ref ? ` #${ref}` : ''} while one is open`);
    this.open.set(k, { kind, ref, status: 'PENDING' });
  }

  expire(kind: DeadlineKind, ref: string): void {
    this.open.delete(this.key(kind, ref));
  }
}

/** Where each deadline may be open (the rest run while the case is open at all). */
function belongs(d: OpenDeadline, main: string, tracks: Record<string, string | undefined>): boolean {
  switch (d.kind) {
    case 'ACCEPTANCE_SLA':
      return main === 'intake';
    case 'MEDIATION_PERIOD':
      return main.startsWith('mediation');
    case 'ENTRUSTED_PERIOD':
      return main === 'intake' || main.startsWith('mediation');
    case 'ARBITRATION_ACCEPTANCE':
      return main === 'arbitration.awaitingAcceptance';
    case 'ARBITRATION_AWARD':
      return main.startsWith('arbitration.hearing');
    case 'SUE_AFTER_AWARD':
      return main === 'arbitration.awarded';
    case 'CONFIRMATION_WINDOW':
      return tracks.confirmation === 'window';
    case 'COURT_ACCEPT_CONFIRMATION':
      return tracks.confirmation === 'requested';
    case 'COURT_RULE_CONFIRMATION':
      return tracks.confirmation === 'reviewing';
    case 'SUPPORT_PROSECUTION_SLA':
      return tracks.supportProsecution === 'requested';
    case 'LEGAL_AID_REVIEW':
      return tracks.legalAid === 'reviewing';
    case 'INSTALMENT_DUE':
      return tracks.performance === 'paying' || tracks.performance === 'defaulted';
    default:
      return true;
  }
}

const day = (iso: string, plus = 0) => LegalCalendar.shanghaiDate(new Date(Date.parse(iso) + plus * DAY));

/** A concrete event of `type` at `at`, with random payload values (sometimes ones the guards refuse). */
function eventOf(type: CaseEventType, s: StoredSnapshot, at: string, model: DeadlineModel, r: Rand): CaseEvent | null {
  const c = s.context;
  const outstanding = (c.agreement?.totalFen ?? 0) - c.paidFen;
  switch (type) {
    case 'REACH_AGREEMENT': {
      const items = Array.from({ length: r.int(1, 3) }, (_, i) => ({ type: i === 0 ? 'WAGE_ARREARS' : 'ECONOMIC_COMPENSATION', agreedFen: r.int(1, 2_000_000) }));
      const total = items.reduce((x, i) => x + i.agreedFen, 0) + (r.chance(0.1) ? r.int(-5, 5) : 0);
      const n = r.int(1, Math.min(3, Math.max(1, total)));
      const parts = Array.from({ length: n }, (_, i) => (i < n - 1 ? Math.floor(total / n) : total - Math.floor(total / n) * (n - 1)));
      const signedAt = r.chance(0.9) ? at : new Date(Date.parse(at) + r.int(-3, 3) * DAY).toISOString();
      return { type, at, items, schedule: parts.map((amountFen, i) => ({ dueDate: day(signedAt, 5 + 20 * i + r.int(-6, 6)), amountFen })), signedAt };
    }
    case 'RECORD_PAYMENT': {
      const amountFen = r.chance(0.2) ? outstanding : r.chance(0.75) ? r.int(1, Math.max(1, outstanding)) : outstanding + r.int(1, 1000);
      return { type, at, amountFen, paidAt: r.chance(0.9) ? at : new Date(Date.parse(at) + DAY).toISOString(), method: 'BANK_TRANSFER' };
    }
    case 'EXTEND_MEDIATION':
      return { type, at, days: r.int(1, 20), consentOfBoth: true };
    case 'EXTEND_ARBITRATION':
      return { type, at, days: r.int(1, 15), reason: 'x' };
    case 'SCHEDULE_SESSION':
      return { type, at, sessionAt: new Date(Date.parse(at) + r.int(-2, 10) * DAY).toISOString(), online: r.chance(0.7), place: r.chance(0.5) ? '调解室' : undefined };
    case 'AWARD_SERVED': {
      const items = Array.from({ length: r.int(1, 2) }, () => ({ type: 'WAGE_ARREARS', awardedFen: r.int(0, 5_000_000), final: r.chance(0.5) }));
      return { type, at, servedAt: at, items, final: items.every((i) => i.final), awardedFen: items.reduce((x, i) => x + i.awardedFen, 0), thresholdFen: 2_340_000 };
    }
    case 'TRANSFER':
      return { type, at, toOrgId: ZERO, reason: 'x', toTier: r.chance(0.8) ? r.pick(TIERS) : undefined };
    case 'DEADLINE_EXPIRED': {
      const pending = [...model.open.values()].filter((d) => d.status === 'PENDING');
      if (pending.length === 0) return null;
      const d = r.pick(pending);
      return { type, at, deadlineId: ZERO, kind: d.kind, ref: d.ref || undefined };
    }
    default: {
      const probe = CASE_EVENT_CATALOG[type].probe(c, at) as CaseEvent & Record<string, unknown>;
      // Organisation fields: one of a few organisations (the receiving side must then match).
      for (const f of ['courtOrgId', 'commissionOrgId', 'procuratorateOrgId', 'justiceOrgId', 'hrssOrgId']) if (f in probe) probe[f] = r.pick(ORGS);
      return probe;
    }
  }
}

/** The sender the server would accept for this event: its role, and the receiving organisation where one is required. */
function senderOf(type: CaseEventType, s: StoredSnapshot, r: Rand, anyone: boolean): EventSender {
  if (anyone) return { roles: [r.pick(ROLES)], orgId: r.pick(ORGS) };
  if (type === 'DEADLINE_EXPIRED') return { roles: ['SYSTEM'] };
  const entry = CASE_EVENT_CATALOG[type] as { roles: readonly Role[]; receiver?: (c: StoredSnapshot['context']) => string | undefined };
  return { roles: [entry.roles[0]], orgId: entry.receiver?.(s.context) ?? null };
}

function runSequence(seed: number, raw: RawInput): string | null {
  const r = prng(seed);
  const input: CaseInput = {
    caseId: 'c',
    channel: raw.channel,
    receivedAt: raw.receivedAt,
    claimedFen: raw.claimedFen,
    tier: raw.channel === 'STATION' ? undefined : raw.tier,
    collective: raw.collective,
    migrantWageClaim: raw.migrantWageClaim,
    claimTypes: raw.claimTypes,
    entrustingCourtOrgId: raw.channel === 'COURT_ENTRUSTED' ? COURT : undefined,
    limitationFrom: raw.limitation ? new Date(Date.parse(raw.receivedAt) - 200 * DAY).toISOString() : undefined,
  };
  const opened = openCaseWorkflow(input);
  const model = new DeadlineModel();
  model.apply(opened.effects);
  let s = opened.snapshot;
  let t = Date.parse(raw.receivedAt);
  const trace: string[] = [`open ${JSON.stringify(input)}`];
  const fail = (why: string) => `${why}\nseed ${seed}\n${trace.join('\n')}`;

  for (let step = 0; step < STEPS; step++) {
    t += r.chance(0.3) ? r.int(1, 20) * DAY : r.int(1, 600) * 60_000;
    const at = new Date(t).toISOString();
    const main = mainStatePath(s.value);
    const closed = main === 'closed' || s.status === 'done';
    const offered = allowedEvents(s, EVERYONE, at);
    if (closed && offered.length > 0) return fail(`closed case offers ${offered.join(', ')}`);
    // A command answers with what the snapshot it just decided offers (probed on the live machine
    // snapshot); a later read of the stored row must offer the same.
    const reread = allowedEvents(JSON.parse(JSON.stringify(s)) as StoredSnapshot, EVERYONE, at);
    if (reread.join() !== offered.join()) return fail(`the decided snapshot offers ${offered.join(', ')}; read back, ${reread.join(', ')}`);
    // allowedEvents probes only the event types the active states listen for: the same list as probing all 42.
    if (!closed) {
      const probed = everyProbe(s, at);
      if (probed.join() !== offered.join()) return fail(`allowedEvents gave ${offered.join(', ')}; probing every type gives ${probed.join(', ')}`);
    }

    const anyone = r.chance(0.1);
    // Ending events are offered in most states: taken as often as the rest, they would close nearly
    // every case within a few steps and leave the deep states unvisited.
    const going = offered.filter((x) => !ENDINGS.has(x));
    const type: CaseEventType =
      offered.length && r.chance(0.75) ? (going.length && !r.chance(0.04) ? r.pick(going) : r.pick(offered)) : r.pick(CASE_EVENT_TYPES);
    const event = eventOf(type, s, at, model, r);
    if (!event) continue;
    const sender = senderOf(type, s, r, anyone);
    trace.push(`${at} ${type}${event.type === 'DEADLINE_EXPIRED' ? ` ${event.kind}${event.ref ? `#${event.ref}` : ''}` : ''} by ${sender.roles.join('+')}`);

    const before = JSON.stringify(s);
    // The server marks an expired deadline before it asks the machine (FireDeadline).
    if (event.type === 'DEADLINE_EXPIRED' && sender.roles.includes('SYSTEM')) model.expire(event.kind, event.ref ?? '');
    let next: ReturnType<typeof decide>;
    try {
      next = decide(s, event, sender);
    } catch (e) {
      if (!(e instanceof DomainError)) return fail(`${type} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      if (JSON.stringify(s) !== before) return fail(`refused ${type} changed the snapshot`);
      continue;
    }
    if (closed) return fail(`closed case accepted ${type}`);
    if (JSON.stringify(s) !== before) return fail(`${type} changed the snapshot it was decided on`);

    // Stored as jsonb and read back: the same decision.
    const stored = JSON.parse(JSON.stringify(next.snapshot)) as StoredSnapshot;
    if (r.chance(0.1)) {
      const again = decide(JSON.parse(before) as StoredSnapshot, event, sender);
      if (stableStringify(again) !== stableStringify(JSON.parse(JSON.stringify(next)))) return fail(`${type} decided differently on the stored snapshot`);
    }
    model.apply(next.effects);
    s = stored;
    trace.push(`  → ${next.state} ${JSON.stringify(trackStates(s.value))} effects ${next.effects.map((e) => e.type + ('kind' in e ? `:${e.kind}` : '')).join(',')}`);

    const c = s.context;
    const agreed = c.agreement?.totalFen ?? 0;
    if (c.paidFen > agreed) return fail(`paid ${c.paidFen} > agreed ${agreed}`);
    if (c.paidFen !== c.payments.reduce((x, p) => x + p.amountFen, 0)) return fail('paid is not the sum of the payments');
    if (c.agreement && c.agreement.totalFen !== c.agreement.items.reduce((x, i) => x + i.agreedFen, 0)) return fail('agreed is not the sum of the items');
    if (model.problems.length) return fail(model.problems.join('; '));
    const nowMain = mainStatePath(s.value);
    const tracks = trackStates(s.value) as Record<string, string | undefined>;
    for (const k of [nowMain, ...Object.entries(tracks).map(([track, state]) => `${track}.${state}`)]) reached.set(k, (reached.get(k) ?? 0) + 1);
    if (nowMain === 'closed' || s.status === 'done') {
      if (model.open.size) return fail(`closed with open deadlines ${[...model.open.keys()].join(', ')}`);
      if (allowedEvents(s, EVERYONE, at).length) return fail('a closed case still offers events');
    }
    for (const d of model.open.values()) if (!belongs(d, nowMain, tracks)) return fail(`${d.kind} open in ${nowMain} ${JSON.stringify(tracks)}`);
  }
  return null;
}

/** The events anyone may send now, every one of the 42 types probed with the machine's `can`. */
function everyProbe(s: StoredSnapshot, at: string): CaseEventType[] {
  const m = machineFor(s.machineVersion).resolveState({ value: s.value, context: s.context, status: s.status });
  return CASE_EVENT_TYPES.filter((t) => maySend(EVERYONE, t, m.context) && m.can(CASE_EVENT_CATALOG[t].probe(m.context, at)));
}

describe('case machine under random event sequences', () => {
  it(`keeps its invariants over ${CHAOS_PROFILE.machineRuns.toLocaleString('en-US')} random sequences of ${STEPS} events`, () => {
    tally.assert(
      fc.property(fc.integer(), caseInput, (seed, raw) => {
        const problem = runSequence(seed, raw);
        if (problem) throw new Error(problem);
        return true;
      }),
      { numRuns: CHAOS_PROFILE.machineRuns },
    );
  });

  it('the sequences reach the whole machine: every main state and the side tracks\' outcomes', () => {
    tally.note('states reached', reached.size);
    const common = ['intake', 'mediation.active', 'agreed', 'failed', 'arbitration.hearing.running', 'arbitration.awarded', 'closed', 'confirmation.confirmed', 'supportProsecution.supported', 'legalAid.granted'];
    // Paying an agreement in full takes random payments that add up exactly: only the full profile's
    // thousands of sequences are sure to get there.
    const rare = CHAOS_PROFILE.name === 'full' ? ['resolved', 'performance.paid'] : [];
    for (const state of [...common, ...rare]) {
      // The state's name travels with the count, so a failure says which state was never reached.
      expect({ state, reached: (reached.get(state) ?? 0) > 0 }).toEqual({ state, reached: true });
    }
    expect(DEADLINE_KINDS.length).toBeGreaterThan(0);
  });
});
