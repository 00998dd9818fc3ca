import { Query } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';

export interface HistoryEntry {
  seq: number;
  type: string;
  at: string;
  actor: { id: string; displayName: string; agency: string | null };
  payload: Record<string, unknown>;
  stateFrom: string | null;
  stateTo: string;
  hash: string;
  prevHash: string;
}

export class GetCaseHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly caller: Caller, readonly caseId: string) {
    super();
  }
}
