import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where staff are told things by e-mail, and what the recording SMS provider "sent".
 * `users.email` is a work address (staff, not parties). `recorded_sms` is the default provider's
 * store (DESIGN §7: the console and the tests read it): one row per delivered message, keyed by the
 * message's dedupe key so a retried send is recorded once; the phone is kept masked only.
 */
export class NotificationContacts1764650000000 implements MigrationInterface {
  name = 'NotificationContacts1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^@\\s]+@[^@\\s]+$')`);
    await q.query(`
      CREATE TABLE recorded_sms (
        seq bigserial PRIMARY KEY,
        dedupe_key text NOT NULL UNIQUE,
        notification_id uuid REFERENCES notifications(id) ON DELETE SET NULL,
        case_id uuid REFERENCES cases(id) ON DELETE CASCADE,
        template text,
        to_masked text NOT NULL,
        locale text NOT NULL,
        body text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX recorded_sms_case_idx ON recorded_sms (case_id, seq) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recorded_sms`);
    await q.query(`ALTER TABLE users DROP COLUMN email`);
  }
}
