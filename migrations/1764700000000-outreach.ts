import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outreach (DOMAIN §3.9): legal-service actions that are not cases — talks, clinics at construction
 * sites, platform-worker days — recorded so managers can report them beside the cases they lead to.
 * A case opened at an activity names it (`cases.outreach_activity_id`).
 */
export class Outreach1764700000000 implements MigrationInterface {
  name = 'Outreach1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outreach_activities (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES orgs(id),
        region_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('LEGAL_TALK','SITE_CLINIC','PLATFORM_WORKER_DAY','CONSULTATION_DAY','OTHER')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        held_on date NOT NULL,
        place text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
        people_reached integer NOT NULL CHECK (people_reached >= 0),
        consultations integer NOT NULL CHECK (consultations >= 0),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX outreach_region_held_idx ON outreach_activities (region_code text_pattern_ops, held_on)`);
    await q.query(`CREATE INDEX outreach_held_idx ON outreach_activities (held_on)`);
    await q.query(`ALTER TABLE cases ADD COLUMN outreach_activity_id uuid REFERENCES outreach_activities(id)`);
    await q.query(`CREATE INDEX cases_outreach_idx ON cases (outreach_activity_id) WHERE outreach_activity_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN outreach_activity_id`);
    await q.query(`DROP TABLE outreach_activities`);
  }
}
