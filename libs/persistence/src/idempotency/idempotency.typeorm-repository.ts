import { Injectable } from '@nestjs/common';
import type { Tx } from '../transaction';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

/**
 * Idempotency keys live and die with the command's transaction: the key, the caller, a hash of the
 * request and the response are inserted with the change itself, so a key is either stored with its
 * effect or not at all (DESIGN §4).
 */
@Injectable()
export class IdempotencyTypeormRepository {
  async find(tx: Tx, userId: string, key: string): Promise<StoredResponse | null> {
    const [row] = await tx.query<StoredResponse>(
      `SELECT request_hash AS "requestHash", response_status AS status, response_body AS body
       FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return row ?? null;
  }

  /**
   * Inserts the key with the response, beside the change (Tx.write). The caller holds the key's
   * lock and found no row; should one exist after all, the insert's unique violation fails the
   * transaction rather than commit a change whose key was not stored.
   */
  async claim(tx: Tx, userId: string, key: string, requestHash: string, status: number, body: unknown, caseId: string | null): Promise<void> {
    await tx.write(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, response_status, response_body, case_id)
       VALUES ($1,$2,$3,$4,$5,$6)`,
      [userId, key, requestHash, status, JSON.stringify(body), caseId],
    );
  }
}

/** Try-lock on the key for this transaction: a second request with the same key while the first runs gets false. */
export async function tryLockIdempotencyKey(tx: Tx, userId: string, key: string): Promise<boolean> {
  const [row] = await tx.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
    [`idem:${userId}:${key}`],
  );
  return row.locked;
}
