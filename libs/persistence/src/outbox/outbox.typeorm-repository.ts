import { Injectable } from '@nestjs/common';
import type { Tx } from '../transaction';

/**
 * Contract: outbox topics and payloads are read by the worker, possibly after a deploy; add fields,
 * never change their meaning. Payloads carry ids only — never personal data.
 */
export interface OutboxRow {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

@Injectable()
export class OutboxTypeormRepository {
  async enqueue(tx: Tx, messages: { topic: string; payload: Record<string, unknown> }[]): Promise<void> {
    if (messages.length === 0) return;
    const values = messages.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`);
    await tx.write(
      `INSERT INTO outbox (topic, payload) VALUES ${values.join(',')}`,
      messages.flatMap((m) => [m.topic, JSON.stringify(m.payload)]),
    );
  }

  /** Claims the oldest unprocessed rows of the given topics; concurrent relays skip each other's rows. */
  async claimBatch(tx: Tx, topics: readonly string[], limit: number): Promise<OutboxRow[]> {
    return tx.query<OutboxRow>(
      `SELECT id::int AS id, topic, payload, attempts FROM outbox
       WHERE processed_at IS NULL AND topic = ANY($1) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [topics, limit],
    );
  }

  async markProcessed(tx: Tx, ids: number[], at: Date): Promise<void> {
    if (ids.length) await tx.query(`UPDATE outbox SET processed_at = $2, attempts = attempts + 1 WHERE id = ANY($1)`, [ids, at]);
  }

  async markFailed(tx: Tx, id: number, error: string): Promise<void> {
    await tx.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
  }

  async countPending(tx: Tx, topics: readonly string[]): Promise<number> {
    const [row] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL AND topic = ANY($1)`,
      [topics],
    );
    return row.n;
  }
}
