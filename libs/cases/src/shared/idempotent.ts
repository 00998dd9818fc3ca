import { IdempotencyConflictError, IdempotencyInProgressError } from '@tiaojie/domain';
import { IdempotencyTypeormRepository, readAhead, tryLockIdempotencyKey, type Tx } from '@tiaojie/persistence';
import { createHash } from 'node:crypto';
import { stableStringify } from '@tiaojie/domain';

export interface IdempotencyRequest {
  key: string;
  /** Hash of what identifies the request: method, path and body. */
  requestHash: string;
}

export interface CommandResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export function hashRequest(parts: unknown): string {
  return createHash('sha256').update(stableStringify(parts)).digest('hex');
}

/**
 * Runs `work` inside `tx` under an Idempotency-Key (DESIGN §4): same key and request → the stored
 * response; same key, other request → 422; same key still running → 409. The key is stored in the
 * same transaction as the change, so it exists exactly when the change does.
 */
export async function runIdempotent<T>(
  tx: Tx,
  repo: IdempotencyTypeormRepository,
  userId: string,
  idem: IdempotencyRequest | undefined,
  work: () => Promise<{ status: number; body: T; caseId: string | null }>,
): Promise<CommandResult<T>> {
  if (!idem) {
    const r = await work();
    return { status: r.status, body: r.body, replayed: false };
  }
  // Sent together (one round trip on a pipelined transaction); the read runs after the try-lock.
  const locking = tryLockIdempotencyKey(tx, userId, idem.key);
  const finding = readAhead(repo.find(tx, userId, idem.key)); // not awaited when the lock is refused
  if (!(await locking)) throw new IdempotencyInProgressError();
  const stored = await finding;
  if (stored) {
    if (stored.requestHash !== idem.requestHash) throw new IdempotencyConflictError();
    return { status: stored.status, body: stored.body as T, replayed: true };
  }
  const r = await work();
  await repo.claim(tx, userId, idem.key, idem.requestHash, r.status, r.body, r.caseId);
  return { status: r.status, body: r.body, replayed: false };
}
