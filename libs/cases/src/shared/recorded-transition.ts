import type { Actor, Decision } from '@tiaojie/domain';

export interface RecordedTransition {
  caseId: string;
  eventType: string;
  eventPayload: Record<string, unknown>;
  at: Date;
  actor: Actor;
  stateFrom: string | null;
  decision: Decision;
}

export interface ChainedEvent {
  seq: number;
  hash: string;
  prevHash: string;
  version: number;
  transition: RecordedTransition;
}
