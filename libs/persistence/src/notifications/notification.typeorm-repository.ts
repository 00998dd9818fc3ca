import { Injectable } from '@nestjs/common';
import type { Tx } from '../transaction';

export type NotificationChannel = 'IN_APP' | 'SMS' | 'EMAIL';
export type NotificationStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';

/** A message to plan. Recipients are ids only: a phone or an address is resolved at send time. */
export interface NewNotification {
  id: string;
  dedupeKey: string;
  caseId: string | null;
  outboxId: number | null;
  template: string;
  locale: string;
  channel: NotificationChannel;
  recipientUserId?: string | null;
  recipientOrgId?: string | null;
  recipientPartyId?: string | null;
  /** No personal data: case numbers, dates, kinds. */
  params: Record<string, unknown>;
  notBefore?: Date | null;
  createdAt: Date;
}

export interface NotificationRecord {
  id: string;
  dedupeKey: string;
  caseId: string | null;
  template: string;
  locale: string;
  channel: NotificationChannel;
  recipientUserId: string | null;
  recipientOrgId: string | null;
  recipientPartyId: string | null;
  params: Record<string, unknown>;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  notBefore: Date | null;
  sentAt: Date | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface CaseRouting {
  orgId: string;
  orgName: string;
  caseNo: string;
  mediatorIds: string[];
  collective: boolean;
  workerCount: number;
}

/** A staff recipient: ids and preferences only. */
export interface StaffRecipient {
  id: string;
  locale: string;
  hasEmail: boolean;
}

export interface NewRecordedSms {
  dedupeKey: string;
  notificationId: string;
  /** Masked (138****5678): the store is for people to read, not for re-sending. */
  toMasked: string;
  locale: string;
  body: string;
  recordedAt: Date;
}

export interface RecordedSmsRow {
  seq: string;
  notificationId: string | null;
  caseId: string | null;
  caseNo: string | null;
  template: string | null;
  to: string;
  locale: string;
  body: string;
  recordedAt: Date;
}

export interface FailedNotificationRow {
  id: string;
  channel: NotificationChannel;
  template: string;
  caseId: string | null;
  caseNo: string | null;
  recipient: 'USER' | 'ORG' | 'PARTY';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

const COLUMNS = `id, dedupe_key AS "dedupeKey", case_id AS "caseId", template, locale, channel,
  recipient_user_id AS "recipientUserId", recipient_org_id AS "recipientOrgId", recipient_party_id AS "recipientPartyId",
  params, status, attempts, last_error AS "lastError", not_before AS "notBefore", sent_at AS "sentAt",
  read_at AS "readAt", created_at AS "createdAt"`;

/** Notifications and the look-ups that plan them (DESIGN §7). Never reads or writes a plaintext phone. */
@Injectable()
export class NotificationTypeormRepository {
  /** Inserts the rows whose dedupe key is new; answers the ids actually inserted. */
  async insertNew(tx: Tx, rows: readonly NewNotification[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const cols = 12;
    const values = rows.map((_, i) => `(${Array.from({ length: cols }, (__, j) => `$${i * cols + j + 1}`).join(',')})`);
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO notifications (id, dedupe_key, case_id, outbox_id, template, locale, channel, recipient_user_id,
         recipient_org_id, recipient_party_id, params, created_at)
       VALUES ${values.join(',')}
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      rows.flatMap((r) => [
        r.id, r.dedupeKey, r.caseId, r.outboxId, r.template, r.locale, r.channel, r.recipientUserId ?? null,
        r.recipientOrgId ?? null, r.recipientPartyId ?? null, JSON.stringify(r.params), r.createdAt,
      ]),
    );
    return inserted.map((r) => r.id);
  }

  async findById(tx: Tx, id: string): Promise<NotificationRecord | null> {
    const [row] = await tx.query<NotificationRecord>(`SELECT ${COLUMNS} FROM notifications WHERE id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Claims a row for sending; null when it is already SENT or FAILED (a duplicate job), missing, or —
   * given `dueBy` — held for later than that (quiet hours). One statement: it needs no transaction
   * of its own.
   */
  async markSending(tx: Tx, id: string, dueBy: Date | null = null): Promise<NotificationRecord | null> {
    const [row] = await tx.query<NotificationRecord>(
      `UPDATE notifications SET status = 'SENDING'
       WHERE id = $1 AND status IN ('PENDING','SENDING') AND ($2::timestamptz IS NULL OR not_before IS NULL OR not_before <= $2)
       RETURNING ${COLUMNS}`,
      [id, dueBy],
    );
    return row ?? null;
  }

  async markSent(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.query(`UPDATE notifications SET status = 'SENT', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1 AND status <> 'SENT'`, [id, at]);
  }

  /** A failed attempt that will be retried: back to PENDING with the error (no personal data). */
  async markRetry(tx: Tx, id: string, error: string): Promise<void> {
    await tx.query(`UPDATE notifications SET status = 'PENDING', attempts = attempts + 1, last_error = $2 WHERE id = $1 AND status <> 'SENT'`, [id, error.slice(0, 300)]);
  }

  async markFailed(tx: Tx, id: string, error: string): Promise<void> {
    await tx.query(`UPDATE notifications SET status = 'FAILED', attempts = attempts + 1, last_error = $2 WHERE id = $1 AND status <> 'SENT'`, [id, error.slice(0, 300)]);
  }

  /** Rows not yet delivered, by id (keyset paging), for the reconciler. */
  async findOpenPage(tx: Tx, after: string | null, limit: number): Promise<{ id: string; notBefore: Date | null }[]> {
    return tx.query(
      `SELECT id, not_before AS "notBefore" FROM notifications WHERE status IN ('PENDING','SENDING') AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after, limit],
    );
  }

  // ---- planning look-ups (ids only) ----

  /** Who handles a case, and the facts a message may state about it (no personal data). */
  async caseRouting(tx: Tx, caseId: string): Promise<CaseRouting | null> {
    const [row] = await tx.query<{ orgId: string; orgName: string; caseNo: string; mediatorId: string | null; co: string[] | null; collective: boolean; workerCount: number }>(
      `SELECT c.org_id AS "orgId", o.name AS "orgName", c.case_no AS "caseNo", c.mediator_id AS "mediatorId", c.collective,
         ARRAY(SELECT jsonb_array_elements_text(COALESCE(c.snapshot->'context'->'coMediatorIds', '[]'::jsonb))) AS co,
         (SELECT count(*)::int FROM case_parties p WHERE p.case_id = c.id AND p.kind = 'WORKER') AS "workerCount"
       FROM cases c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1`,
      [caseId],
    );
    if (!row) return null;
    const ids = [row.mediatorId, ...(row.co ?? [])].filter((x): x is string => !!x);
    return { orgId: row.orgId, orgName: row.orgName, caseNo: row.caseNo, mediatorIds: [...new Set(ids)], collective: row.collective, workerCount: row.workerCount };
  }

  async orgName(tx: Tx, orgId: string): Promise<string | null> {
    const [row] = await tx.query<{ name: string }>(`SELECT name FROM orgs WHERE id = $1`, [orgId]);
    return row?.name ?? null;
  }

  /** Worker parties of a case that have a phone on file (the phone itself stays encrypted and unread). */
  async workerPartiesWithPhone(tx: Tx, caseId: string): Promise<string[]> {
    const rows = await tx.query<{ id: string }>(
      `SELECT id FROM case_parties WHERE case_id = $1 AND kind = 'WORKER' AND phone_enc IS NOT NULL ORDER BY idx`,
      [caseId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Active users (with their locale, and whether a work e-mail is on file) among `userIds`, or of
   * `orgId` holding one of `roles` (any role when empty). The address itself is read at send time.
   */
  async activeUsers(tx: Tx, q: { userIds?: readonly string[]; orgId?: string; roles?: readonly string[] }): Promise<StaffRecipient[]> {
    if (q.userIds) {
      if (q.userIds.length === 0) return [];
      return tx.query(`SELECT id, locale, email IS NOT NULL AS "hasEmail" FROM users WHERE id = ANY($1::uuid[]) AND active ORDER BY id`, [q.userIds]);
    }
    return tx.query(
      `SELECT id, locale, email IS NOT NULL AS "hasEmail" FROM users
       WHERE org_id = $1 AND active AND (cardinality($2::text[]) = 0 OR roles && $2::text[]) ORDER BY id`,
      [q.orgId, q.roles ?? []],
    );
  }

  /**
   * The managers (UNION_MANAGER, CITY_MANAGER) answerable for an organisation's work: its own and
   * those of its parent (a county centre's managers sit at the city union).
   */
  async managersOf(tx: Tx, orgId: string): Promise<StaffRecipient[]> {
    return tx.query(
      `SELECT DISTINCT ON (u.id) u.id, u.locale, u.email IS NOT NULL AS "hasEmail"
       FROM orgs o JOIN users u ON u.org_id IN (o.id, o.parent_id)
       WHERE o.id = $1 AND u.active AND u.roles && ARRAY['UNION_MANAGER','CITY_MANAGER']::text[] ORDER BY u.id`,
      [orgId],
    );
  }

  /** A staff member's work e-mail, for the dispatcher at send time; null when none or inactive. */
  async userEmail(tx: Tx, userId: string): Promise<string | null> {
    const [row] = await tx.query<{ email: string | null }>(`SELECT email FROM users WHERE id = $1 AND active`, [userId]);
    return row?.email ?? null;
  }

  // ---- the recording SMS provider's store ----

  /** Records a delivered text once per dedupe key; answers the record's sequence number (the provider id). */
  async recordSms(tx: Tx, m: NewRecordedSms): Promise<string> {
    const [row] = await tx.query<{ seq: string }>(
      `WITH ins AS (
         INSERT INTO recorded_sms (dedupe_key, notification_id, case_id, template, to_masked, locale, body, recorded_at)
         SELECT $1, n.id, n.case_id, n.template, $3, $4, $5, $6 FROM (SELECT 1) one LEFT JOIN notifications n ON n.id = $2
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING seq)
       SELECT seq FROM ins UNION ALL SELECT seq FROM recorded_sms WHERE dedupe_key = $1 LIMIT 1`,
      [m.dedupeKey, m.notificationId, m.toMasked, m.locale, m.body, m.recordedAt],
    );
    return String(row.seq);
  }

  /**
   * Texts the recording provider delivered, oldest first (the order a phone would show them), for
   * the console: of one case, or of the caller's region subtree / organisation (`all` for admin).
   */
  async recordedSms(tx: Tx, scope: { all: boolean; regionPrefix: string | null; orgId: string | null }, caseId: string | null, page: number, pageSize: number) {
    const where = `($4::uuid IS NULL OR r.case_id = $4) AND ($1::boolean OR ($2::text IS NOT NULL AND c.region_code LIKE $2 || '%')
      OR ($3::uuid IS NOT NULL AND (c.org_id = $3 OR c.origin_org_id = $3)))`;
    const from = `FROM recorded_sms r LEFT JOIN cases c ON c.id = r.case_id`;
    const params = [scope.all, scope.regionPrefix, scope.orgId, caseId];
    const items = await tx.query<RecordedSmsRow>(
      `SELECT r.seq::text AS seq, r.notification_id AS "notificationId", r.case_id AS "caseId", c.case_no AS "caseNo", r.template,
         r.to_masked AS "to", r.locale, r.body, r.recorded_at AS "recordedAt"
       ${from} WHERE ${where} ORDER BY r.seq LIMIT $5 OFFSET $6`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    const [{ total }] = await tx.query<{ total: number }>(`SELECT count(*)::int AS total ${from} WHERE ${where}`, params);
    return { items, total };
  }

  /** The encrypted phone of a party, for the dispatcher to decrypt at send time. */
  async partyPhoneEnc(tx: Tx, partyId: string): Promise<string | null> {
    const [row] = await tx.query<{ phoneEnc: string | null }>(`SELECT phone_enc AS "phoneEnc" FROM case_parties WHERE id = $1`, [partyId]);
    return row?.phoneEnc ?? null;
  }

  // ---- read side ----

  async inbox(tx: Tx, userId: string, unreadOnly: boolean, page: number, pageSize: number) {
    const where = `recipient_user_id = $1 AND channel = 'IN_APP' AND status = 'SENT'${unreadOnly ? ' AND read_at IS NULL' : ''}`;
    const items = await tx.query<NotificationRecord>(
      `SELECT ${COLUMNS} FROM notifications WHERE ${where} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [userId, pageSize, (page - 1) * pageSize],
    );
    const [{ total }] = await tx.query<{ total: number }>(`SELECT count(*)::int AS total FROM notifications WHERE ${where}`, [userId]);
    return { items, total };
  }

  async unreadCount(tx: Tx, userId: string): Promise<number> {
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_user_id = $1 AND channel = 'IN_APP' AND status = 'SENT' AND read_at IS NULL`,
      [userId],
    );
    return n;
  }

  /** Marks one of the user's own messages read; false when there is no such message of theirs. */
  async markRead(tx: Tx, id: string, userId: string, at: Date): Promise<boolean> {
    const rows = await tx.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND recipient_user_id = $2 AND channel = 'IN_APP' RETURNING id`,
      [id, userId, at],
    );
    return rows.length === 1;
  }

  /**
   * Failed messages a manager sees: of cases in their region subtree (`regionPrefix`), or addressed
   * to their organisation or its users. `regionPrefix` null with `all` = every failed message (admin).
   */
  async failed(tx: Tx, scope: { all: boolean; regionPrefix: string | null; orgId: string | null }, page: number, pageSize: number) {
    const where = `n.status = 'FAILED' AND ($1::boolean OR ($2::text IS NOT NULL AND c.region_code LIKE $2 || '%')
      OR ($3::uuid IS NOT NULL AND (n.recipient_org_id = $3 OR u.org_id = $3)))`;
    const from = `FROM notifications n LEFT JOIN cases c ON c.id = n.case_id LEFT JOIN users u ON u.id = n.recipient_user_id`;
    const params = [scope.all, scope.regionPrefix, scope.orgId];
    const items = await tx.query<FailedNotificationRow>(
      `SELECT n.id, n.channel, n.template, n.case_id AS "caseId", c.case_no AS "caseNo",
         CASE WHEN n.recipient_party_id IS NOT NULL THEN 'PARTY' WHEN n.recipient_user_id IS NOT NULL THEN 'USER' ELSE 'ORG' END AS recipient,
         n.attempts, n.last_error AS "lastError", n.created_at AS "createdAt"
       ${from} WHERE ${where} ORDER BY n.created_at DESC, n.id LIMIT $4 OFFSET $5`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    const [{ total }] = await tx.query<{ total: number }>(`SELECT count(*)::int AS total ${from} WHERE ${where}`, params);
    return { items, total };
  }
}
