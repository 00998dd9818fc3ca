import { NotificationTypeormRepository, type NewNotification, type Tx } from '@tiaojie/persistence';
import { nextAllowedSendTime } from '../quiet-hours';
import type { EnqueuedNotification } from './notification-queue';

/**
 * Quiet hours (issue 5 item 5): an SMS — texts go to workers only — planned inside the quiet window
 * gets `notBefore` at the window's end (deferred, never dropped). IN_APP and e-mail are never deferred.
 */
export function applyQuietHours(rows: readonly NewNotification[], now: Date, quietHours: string): NewNotification[] {
  const allowed = nextAllowedSendTime(now, quietHours);
  const deferred = allowed.getTime() > now.getTime() ? allowed : null;
  return rows.map((r) => (r.channel === 'SMS' && deferred && !(r.notBefore && r.notBefore > deferred) ? { ...r, notBefore: deferred } : r));
}

/**
 * Inserts the rows whose dedupe key is new (ON CONFLICT DO NOTHING) and keeps their `notBefore`;
 * answers what to enqueue once the transaction has committed.
 */
export async function insertNotifications(tx: Tx, repo: NotificationTypeormRepository, rows: readonly NewNotification[]): Promise<EnqueuedNotification[]> {
  const ids = new Set(await repo.insertNew(tx, rows));
  const inserted = rows.filter((r) => ids.has(r.id));
  for (const r of inserted.filter((x) => x.notBefore)) {
    await tx.query(`UPDATE notifications SET not_before = $2 WHERE id = $1`, [r.id, r.notBefore]);
  }
  return inserted.map((r) => ({ id: r.id, notBefore: r.notBefore ?? null }));
}
