import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (DESIGN §7): one row per message per recipient and channel. A row names its
 * recipient by id only (a user, an organisation, or a case party for SMS to a worker): the phone is
 * looked up and decrypted at send time, never stored here. `params` and `last_error` hold no
 * personal data. `dedupe_key` makes planning idempotent and is what adapters deduplicate on.
 */
export class Notifications1764600000000 implements MigrationInterface {
  name = 'Notifications1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        dedupe_key text NOT NULL UNIQUE,
        case_id uuid REFERENCES cases(id) ON DELETE CASCADE,
        outbox_id bigint,
        template text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('zh-CN','en')),
        channel text NOT NULL CHECK (channel IN ('IN_APP','SMS','EMAIL')),
        recipient_user_id uuid REFERENCES users(id),
        recipient_org_id uuid REFERENCES orgs(id),
        recipient_party_id uuid REFERENCES case_parties(id) ON DELETE CASCADE,
        params jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','SENDING','SENT','FAILED')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        not_before timestamptz,
        sent_at timestamptz,
        read_at timestamptz,
        created_at timestamptz NOT NULL,
        CHECK (recipient_user_id IS NOT NULL OR recipient_org_id IS NOT NULL OR recipient_party_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (recipient_user_id, created_at DESC) WHERE channel = 'IN_APP'`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (recipient_user_id) WHERE channel = 'IN_APP' AND read_at IS NULL AND status = 'SENT'`);
    await q.query(`CREATE INDEX notifications_failed_idx ON notifications (created_at DESC) WHERE status = 'FAILED'`);
    await q.query(`CREATE INDEX notifications_open_idx ON notifications (id) WHERE status IN ('PENDING','SENDING')`);
    await q.query(`CREATE INDEX notifications_case_idx ON notifications (case_id) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
