import { getNextTransitions, initialTransition, transition, type StateValue } from 'xstate';
import type { Role } from '../auth/roles';
import { ForbiddenEventError, TransitionNotAllowedError, ValidationError } from '../errors/domain-error';
import { CASE_EVENT_CATALOG, CASE_EVENT_TYPES, isCaseEventType, mayRoleSend } from './case-event-catalog';
import { checkEvent } from './case.checks';
import { EFFECT_TYPES, type CaseEffect } from './case.effects';
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

/** Machine versions kept side by side: a case finishes on the version it started on. */
const MACHINES = { [CASE_MACHINE_VERSION]: caseMachine } as const;
type Machine = typeof caseMachine;

function machineFor(version: string): Machine {
  const m = (MACHINES as Record<string, Machine>)[version];
  if (!m) throw new Error(`unknown case machine version ${version}`);
  return m;
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

function restore(stored: StoredSnapshot): MachineSnapshot {
  return machineFor(stored.machineVersion).resolveState({
    value: stored.value,
    context: stored.context,
    status: stored.status,
  });
}

export function openCaseWorkflow(input: CaseInput): Decision {
  const [snapshot, actions] = initialTransition(caseMachine, input);
  return {
    snapshot: toStored(CASE_MACHINE_VERSION, snapshot),
    state: statePath(snapshot.value),
    effects: toEffects(actions),
  };
}

/** The events this caller may send now: allowed by role, and accepted by the machine in this state. */
export function allowedEvents(stored: StoredSnapshot, roles: readonly Role[], at: string): CaseEventType[] {
  const s = restore(stored);
  if (s.status !== 'active') return [];
  return CASE_EVENT_TYPES.filter((t) => mayRoleSend(roles, t) && s.can(CASE_EVENT_CATALOG[t].probe(s.context, at)));
}

/** Events the machine would accept now from anyone (for error messages). */
function acceptedNow(s: MachineSnapshot, at: string): CaseEventType[] {
  if (s.status !== 'active') return [];
  return CASE_EVENT_TYPES.filter((t) => t !== 'DEADLINE_EXPIRED' && s.can(CASE_EVENT_CATALOG[t].probe(s.context, at)));
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
export function decide(stored: StoredSnapshot, event: CaseEvent, roles: readonly Role[]): Decision {
  if (!mayRoleSend(roles, event.type)) throw new ForbiddenEventError(event.type);
  const machine = machineFor(stored.machineVersion);
  const s = restore(stored);
  const state = statePath(s.value);
  if (s.status !== 'active' || !s.can(event)) {
    const accepted = acceptedNow(s, event.at).filter((t) => mayRoleSend(roles, t));
    // When this state does handle the event type, say which rule refused it.
    const handled = s.status === 'active' && getNextTransitions(s).some((t) => t.eventType === event.type);
    const reason = handled ? checkEvent(s.context, event) ?? undefined : undefined;
    throw new TransitionNotAllowedError(event.type, state, accepted, reason);
  }
  const [next, actions] = transition(machine, s, event);
  return { snapshot: toStored(stored.machineVersion, next), state: statePath(next.value), effects: toEffects(actions) };
}

export function caseStateOf(stored: StoredSnapshot): string {
  return statePath(stored.value);
}
