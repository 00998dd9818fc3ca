import { createActor, getNextTransitions, initialTransition, type AnyActorScope, type StateValue } from 'xstate';
import type { Role } from '../auth/roles';
import { ForbiddenEventError, TransitionNotAllowedError, ValidationError } from '../errors/domain-error';
import { CASE_EVENT_CATALOG, CASE_EVENT_TYPES, isCaseEventType, mayRoleSend, maySend, type EventSender } from './case-event-catalog';
import { checkEvent } from './case.checks';
import { EFFECT_TYPES, type CaseEffect } from './case.effects';
import { CASE_MACHINE_V1, caseMachineV1 } from './case-v1.machine';
import { CASE_MACHINE_VERSION, caseMachine } from './case.machine';
import type { CaseContext, CaseEvent, CaseEventType, CaseInput } from './case.types';
import { zodFieldErrors } from '../shared/zod-errors';

/**
 * The pure workflow API the command handlers use: open a case, decide an event, list what a
 * caller may do now. Nothing here reads a clock or touches storage.
 *
 * Contract: `StoredSnapshot` is what `cases.snapshot` holds.
 */
export interface StoredSnapshot {
  machineVersion: string;
  value: StateValue;
  status: 'active' | 'done';
  context: CaseContext;
}

export interface Decision {
  snapshot: StoredSnapshot;
  state: string;
  effects: CaseEffect[];
}

/**
 * Machine versions kept side by side: a case finishes on the version it started on (DESIGN §3).
 * New cases start on CASE_MACHINE_VERSION.
 */
const MACHINES: Record<string, Machine> = {
  [CASE_MACHINE_V1]: caseMachineV1 as unknown as Machine,
  [CASE_MACHINE_VERSION]: caseMachine,
};
type Machine = typeof caseMachine;

export const REGISTERED_MACHINE_VERSIONS = Object.keys(MACHINES);

export function machineFor(version: string): Machine {
  const m = MACHINES[version];
  if (!m) throw new Error(`unknown case machine version ${version}`);
  return m;
}

/** Side tracks (parallel regions beside `main`) in a version-2 snapshot. */
export const TRACKS = ['performance', 'confirmation', 'supportProsecution', 'legalAid', 'laborInspection'] as const;
export type Track = (typeof TRACKS)[number];

function isRegioned(value: StateValue): value is Record<string, StateValue> {
  return typeof value === 'object' && value !== null && 'main' in value;
}

/** The main line's state path (`mediation.active`): what lists, filters and labels use. */
export function mainStatePath(value: StateValue): string {
  return isRegioned(value) ? statePath(value.main) : statePath(value);
}

/** Where each side track stands (`{ confirmation: 'requested', … }`); empty for version 1. */
export function trackStates(value: StateValue): Partial<Record<Track, string>> {
  if (!isRegioned(value)) return {};
  return Object.fromEntries(TRACKS.filter((t) => value[t] !== undefined).map((t) => [t, statePath(value[t])]));
}

/** A closed case accepts nothing (version 1 ends in a final state; version 2's main line ends in `closed`). */
function isClosed(s: MachineSnapshot): boolean {
  return s.status !== 'active' || mainStatePath(s.value) === 'closed';
}

export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? [];
  if (key === undefined) return '';
  return child === undefined || (typeof child === 'object' && Object.keys(child).length === 0) ? key : `${key}.${statePath(child as StateValue)}`;
}

function toEffects(actions: ReadonlyArray<{ type: string; params?: unknown }>): CaseEffect[] {
  return actions
    .filter((a) => (EFFECT_TYPES as readonly string[]).includes(a.type))
    .map((a) => ({ type: a.type, ...((a.params as object | undefined) ?? {}) }) as CaseEffect);
}

type MachineSnapshot = ReturnType<Machine['resolveState']>;

function toStored(version: string, s: MachineSnapshot): StoredSnapshot {
  return { machineVersion: version, value: s.value, status: s.status === 'done' ? 'done' : 'active', context: s.context };
}

/**
 * The machine snapshot each decision was made from, by the stored snapshot it returned: the view a
 * command answers with asks what the caller may send next of exactly that snapshot, and probing the
 * live one spares restoring it from its stored form a second time. Only those read-only probes use
 * it (`allowedEvents`); `decide` always restores, so what it decides never depends on this cache.
 */
const decidedFrom = new WeakMap<StoredSnapshot, MachineSnapshot>();

function restore(stored: StoredSnapshot): MachineSnapshot {
  return machineFor(stored.machineVersion).resolveState({
    value: stored.value,
    context: stored.context,
    status: stored.status,
  });
}

export function openCaseWorkflow(input: CaseInput, version: string = CASE_MACHINE_VERSION): Decision {
  const [snapshot, actions] = initialTransition(machineFor(version), input);
  return {
    snapshot: toStored(version, snapshot),
    state: mainStatePath(snapshot.value),
    effects: toEffects(actions),
  };
}

const asSender = (who: EventSender | readonly Role[]): EventSender => (Array.isArray(who) ? { roles: who as readonly Role[] } : (who as EventSender));

/**
 * The event types some transition of the active states (or their ancestors) listens for: the only
 * ones worth probing with `can` (a dozen of the 42 in a typical state). A wildcard listens for all.
 */
function listenedFor(s: MachineSnapshot): (t: CaseEventType) => boolean {
  const types = new Set(getNextTransitions(s).map((t) => t.eventType));
  for (const t of types) if (t.includes('*')) return () => true;
  return (t) => types.has(t);
}

/** The events this caller may send now: allowed by role (and receiving organisation), and accepted in this state. */
export function allowedEvents(stored: StoredSnapshot, who: EventSender | readonly Role[], at: string): CaseEventType[] {
  const s = decidedFrom.get(stored) ?? restore(stored);
  if (isClosed(s)) return [];
  const sender = asSender(who);
  const live = listenedFor(s);
  return CASE_EVENT_TYPES.filter((t) => live(t) && maySend(sender, t, s.context) && s.can(CASE_EVENT_CATALOG[t].probe(s.context, at)));
}

/** Events the machine would accept now from anyone (for error messages). */
function acceptedNow(s: MachineSnapshot, at: string): CaseEventType[] {
  if (isClosed(s)) return [];
  const live = listenedFor(s);
  return CASE_EVENT_TYPES.filter((t) => t !== 'DEADLINE_EXPIRED' && live(t) && s.can(CASE_EVENT_CATALOG[t].probe(s.context, at)));
}

/** Validates a client payload for `type` and turns it into a machine event at time `at`. */
export function parseCaseEvent(type: unknown, payload: Record<string, unknown>, at: string): CaseEvent {
  if (!isCaseEventType(type)) {
    throw new ValidationError([{ field: 'type', message: `unknown event type; one of ${CASE_EVENT_TYPES.join(', ')}` }]);
  }
  const entry = CASE_EVENT_CATALOG[type];
  const parsed = entry.payload.safeParse(payload);
  if (!parsed.success) throw new ValidationError(zodFieldErrors(parsed.error));
  return (entry.toEvent as (p: unknown, at: string) => CaseEvent)(parsed.data, at);
}

/**
 * Decides an event: role first (403), then the machine (422 with what it accepts instead).
 * Returns the next snapshot and the effects to persist with it.
 */
export function decide(stored: StoredSnapshot, event: CaseEvent, who: EventSender | readonly Role[]): Decision {
  const sender = asSender(who);
  if (!mayRoleSend(sender.roles, event.type)) throw new ForbiddenEventError(event.type);
  const machine = machineFor(stored.machineVersion);
  const s = restore(stored);
  if (!maySend(sender, event.type, s.context)) throw new ForbiddenEventError(event.type, 'only the organisation the case was referred to may send it');
  const state = mainStatePath(s.value);
  if (isClosed(s) || !s.can(event)) {
    const accepted = acceptedNow(s, event.at).filter((t) => maySend(sender, t, s.context));
    // When this state does handle the event type, say which rule refused it.
    const handled = !isClosed(s) && getNextTransitions(s).some((t) => t.eventType === event.type);
    const reason = handled ? checkEvent(s.context, event) ?? undefined : undefined;
    throw new TransitionNotAllowedError(event.type, state, accepted, reason);
  }
  const [next, actions] = pureTransition(machine, s, event);
  const snapshot = toStored(stored.machineVersion, next);
  decidedFrom.set(snapshot, next);
  return { snapshot, state: mainStatePath(next.value), effects: toEffects(actions) };
}

/**
 * One inert actor scope per machine for the pure transitions `decide` makes. xstate's `transition()`
 * builds a fresh actor on every call, and that actor's constructor computes the initial snapshot
 * with no input: the context factory throws, and the TypeError (with its stack) is caught and
 * thrown away — about a tenth of a command's CPU. The case machines spawn no children and keep
 * nothing in the scope, so one scope serves every call; the executor that collects the actions is
 * swapped in for each transition, which runs synchronously.
 */
const scopes = new WeakMap<Machine, AnyActorScope>();
function pureTransition(machine: Machine, s: MachineSnapshot, event: CaseEvent): [MachineSnapshot, { type: string; params?: unknown }[]] {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: {} as CaseInput });
    scope = {
      self,
      system: self.system,
      id: '',
      sessionId: '',
      defer: () => undefined,
      logger: () => undefined,
      stopChild: () => undefined,
      emit: () => undefined,
      actionExecutor: () => undefined,
    } as unknown as AnyActorScope;
    scopes.set(machine, scope);
  }
  const actions: { type: string; params?: unknown }[] = [];
  scope.actionExecutor = (action) => void actions.push(action);
  try {
    return [machine.transition(s, event, scope), actions];
  } finally {
    scope.actionExecutor = () => undefined;
  }
}

export function caseStateOf(stored: StoredSnapshot): string {
  return mainStatePath(stored.value);
}
