import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions (DESIGN §6): refresh tokens kept server-side so they can be rotated and revoked, and a
 * per-user token version that the API checks on every request, so disabling a user (or resetting
 * their password, or changing their roles) stops their access tokens at once.
 */
export class RefreshTokens1764400000000 implements MigrationInterface {
  name = 'RefreshTokens1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0)`);
    await q.query(`ALTER TABLE users ADD COLUMN updated_at timestamptz`);
    await q.query(`ALTER TABLE users ADD COLUMN password_changed_at timestamptz`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid REFERENCES refresh_tokens(id),
        revoke_reason text CHECK (revoke_reason IN
          ('ROTATED','REUSE_DETECTED','LOGOUT','PASSWORD_CHANGED','PASSWORD_RESET','USER_DISABLED')),
        CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL)),
        CHECK (expires_at > issued_at)
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_live_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN password_changed_at`);
    await q.query(`ALTER TABLE users DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
