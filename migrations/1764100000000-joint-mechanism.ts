import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The joint mechanism (case machine v2): several deadlines of one kind per case (instalments),
 * paused deadlines, referrals between organisations, and where a case was taken vs where it is handled.
 */
export class JointMechanism1764100000000 implements MigrationInterface {
  name = 'JointMechanism1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines ADD COLUMN ref text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN paused_at timestamptz`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN suspended_days integer NOT NULL DEFAULT 0 CHECK (suspended_days >= 0)`);
    await q.query(`DROP INDEX deadlines_one_pending_per_kind`);
    await q.query(`CREATE UNIQUE INDEX deadlines_one_open_per_kind ON deadlines (case_id, kind, ref) WHERE status IN ('PENDING','PAUSED')`);
    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('JUDICIAL_CONFIRMATION','ENTRUSTED_MEDIATION','RETURN_TO_COURT','ARBITRATION',
          'PAYMENT_ORDER','ENFORCEMENT','LITIGATION','SUPPORT_PROSECUTION','LEGAL_AID','LABOR_INSPECTION')),
        from_org_id uuid NOT NULL REFERENCES orgs(id),
        to_org_id uuid NOT NULL REFERENCES orgs(id),
        status text NOT NULL CHECK (status IN ('PENDING','ACCEPTED','REJECTED','COMPLETED')),
        deadline_id uuid REFERENCES deadlines(id),
        event_seq integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX referrals_inbox_idx ON referrals (to_org_id, status, created_at DESC)`);
    await q.query(`CREATE INDEX referrals_case_idx ON referrals (case_id)`);
    await q.query(`ALTER TABLE cases ADD COLUMN venue_region_code text`);
    await q.query(`ALTER TABLE cases ADD COLUMN origin_org_id uuid REFERENCES orgs(id)`);
    await q.query(`UPDATE cases SET venue_region_code = region_code, origin_org_id = org_id`);
    await q.query(`ALTER TABLE cases ALTER COLUMN venue_region_code SET NOT NULL`);
    await q.query(`ALTER TABLE cases ALTER COLUMN origin_org_id SET NOT NULL`);
    await q.query(`ALTER TABLE cases ADD COLUMN tracks jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX cases_org_idx ON cases (org_id)`);
    await q.query(`CREATE INDEX cases_origin_org_idx ON cases (origin_org_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_origin_org_idx`);
    await q.query(`DROP INDEX IF EXISTS cases_org_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN tracks, DROP COLUMN origin_org_id, DROP COLUMN venue_region_code`);
    await q.query(`DROP TABLE referrals`);
    await q.query(`DROP INDEX deadlines_one_open_per_kind`);
    await q.query(`DELETE FROM deadlines WHERE ref <> ''`);
    await q.query(`CREATE UNIQUE INDEX deadlines_one_pending_per_kind ON deadlines (case_id, kind) WHERE status IN ('PENDING','PAUSED')`);
    await q.query(`ALTER TABLE deadlines DROP COLUMN suspended_days, DROP COLUMN paused_at, DROP COLUMN ref`);
  }
}
