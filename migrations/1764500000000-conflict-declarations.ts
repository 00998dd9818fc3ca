import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Declared ties of mediators, checked when a mediator is assigned (conflict of interest). */
export class ConflictDeclarations1764500000000 implements MigrationInterface {
  name = 'ConflictDeclarations1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conflict_declarations (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN ('DECLARED_TIE','SAME_ORGANISATION','PRIOR_REPRESENTATION')),
        credit_code text,
        party_name text,
        note text,
        declared_by uuid NOT NULL REFERENCES users(id),
        declared_at timestamptz NOT NULL,
        CHECK (credit_code IS NOT NULL OR party_name IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX conflict_declarations_user_idx ON conflict_declarations (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conflict_declarations`);
  }
}
