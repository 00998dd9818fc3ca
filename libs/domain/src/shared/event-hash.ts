import { createHash } from 'node:crypto';
import { stableStringify } from './stable-json';

/**
 * The hash chain of `case_events` (DESIGN §6): each row stores the hash of its content and of the
 * previous row, so any edit or deletion breaks every later link.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedEventContent {
  caseId: string;
  seq: number;
  type: string;
  at: string;
  actorId: string;
  payload: unknown;
  stateFrom: string | null;
  stateTo: string;
  prevHash: string;
}

export function computeEventHash(e: HashedEventContent): string {
  return createHash('sha256')
    .update(
      stableStringify({
        caseId: e.caseId,
        seq: e.seq,
        type: e.type,
        at: e.at,
        actorId: e.actorId,
        payload: e.payload,
        stateFrom: e.stateFrom,
        stateTo: e.stateTo,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

export interface ChainLink extends HashedEventContent {
  hash: string;
}

/** Walks a chain in seq order and returns the first broken link, or null. */
export function findBrokenLink(links: readonly ChainLink[]): { seq: number; reason: string } | null {
  let prev = GENESIS_HASH;
  for (const link of links) {
    if (link.prevHash !== prev) return { seq: link.seq, reason: 'prevHash does not match the previous row' };
    if (computeEventHash(link) !== link.hash) return { seq: link.seq, reason: 'hash does not match the row content' };
    prev = link.hash;
  }
  return null;
}
