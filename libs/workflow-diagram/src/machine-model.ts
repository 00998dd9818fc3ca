import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * A plain description of a machine's states and transitions, read from `machine.root`: the
 * diagram's only source of truth. Nested compound states, parallel regions, history and final
 * states are all handled the same way, recursively.
 */
export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface DiagramState {
  /** XState's id, e.g. `case.mediation.active` (the root's is the machine id). */
  id: string;
  /** Dot path from the root, e.g. `mediation.active`; `''` for the root. */
  path: string;
  key: string;
  kind: StateKind;
  history?: 'shallow' | 'deep';
  /** A direct child of a parallel state. */
  isRegion: boolean;
  /** The id of the initial child, for compound states. */
  initialId?: string;
  /** Targetless transitions and transitions into the state's own descendants, listed inside its box. */
  internal: InternalTransition[];
  children: DiagramState[];
}

export interface TransitionLabel {
  /** The raw event type, e.g. `ACCEPT` or `xstate.after.1000.case.a`. */
  eventType: string;
  /** What is drawn: the event, then `[guard]` on a second line when guarded. */
  lines: string[];
}

export interface InternalTransition extends TransitionLabel {
  /** For a transition into a descendant: its path relative to this state, e.g. `legal.pending`. */
  to?: string;
}

export interface DiagramTransition extends TransitionLabel {
  id: string;
  sourceId: string;
  targetId: string;
}

export interface DiagramModel {
  root: DiagramState;
  transitions: DiagramTransition[];
  byPath: Map<string, DiagramState>;
}

type Transition = AnyStateNode['transitions'] extends Map<string, (infer T)[]> ? T : never;

export function machineModel(machine: AnyStateMachine): DiagramModel {
  const transitions: DiagramTransition[] = [];
  const byPath = new Map<string, DiagramState>();

  const visit = (node: AnyStateNode): DiagramState => {
    const state: DiagramState = {
      id: node.id,
      path: node.path.join('.'),
      key: node.key,
      kind: node.type,
      history: node.history || undefined,
      isRegion: node.parent?.type === 'parallel',
      initialId: node.type === 'compound' ? node.initial.target[0]?.id : undefined,
      internal: [],
      children: [],
    };
    byPath.set(state.path, state);
    const own: Transition[] = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of own) {
      const label = transitionLabel(t, node.id);
      const targets = t.target ?? [];
      if (targets.length === 0) state.internal.push(label);
      for (const target of targets) {
        // An arrow from a box to something inside it reads badly and disturbs ELK's layering.
        if (isDescendant(target, node)) state.internal.push({ ...label, to: target.path.slice(node.path.length).join('.') });
        else transitions.push({ id: `t${transitions.length}`, sourceId: node.id, targetId: target.id, ...label });
      }
    }
    state.children = Object.values(node.states as Record<string, AnyStateNode>).map(visit);
    return state;
  };

  return { root: visit(machine.root), transitions, byPath };
}

const isDescendant = (n: AnyStateNode, of: AnyStateNode) =>
  n.path.length > of.path.length && of.path.every((key, i) => n.path[i] === key);

function transitionLabel(t: Transition, sourceId: string): TransitionLabel {
  const eventType = String(t.eventType ?? '');
  const guard = guardLabel(t.guard);
  return { eventType, lines: guard ? [eventLabel(eventType, sourceId), `[${guard}]`] : [eventLabel(eventType, sourceId)] };
}

function eventLabel(type: string, sourceId: string): string {
  if (type === '') return 'always';
  const after = 'xstate.after.';
  if (type.startsWith(after) && type.endsWith(`.${sourceId}`)) {
    return `after ${type.slice(after.length, type.length - sourceId.length - 1)}`;
  }
  return type;
}

/** `name`, `name: param, …` for parameterized guards, `not(a)` / `and(a, b)` for combinators. */
function guardLabel(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const { guards, stateValue } = guard as { guards?: unknown[]; stateValue?: unknown };
    if (Array.isArray(guards)) return `${guard.name}(${guards.map(guardLabel).join(', ')})`;
    if (stateValue !== undefined) return `${guard.name}(${typeof stateValue === 'string' ? stateValue : JSON.stringify(stateValue)})`;
    return guard.name || 'guard';
  }
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    const values =
      params && typeof params === 'object'
        ? Object.values(params).filter((v) => ['string', 'number', 'boolean'].includes(typeof v))
        : [];
    return values.length ? `${String(type)}: ${values.join(', ')}` : String(type);
  }
  return 'guard';
}
