import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data at rest (DESIGN §6): a party's ID number and phone are stored only encrypted per
 * field (AES-256-GCM, `v1.<keyId>.<iv>.<tag>.<ct>`) beside a keyed hash (HMAC-SHA256) for exact
 * lookup, and the key id new values were written with (for rotation).
 *
 * A migration cannot know the keys, so it cannot encrypt rows already there. When `case_parties`
 * is empty (a new installation) the plaintext columns are dropped here. Otherwise they are left in
 * place and `npm run pii:encrypt` (scripts/pii-encrypt.ts) encrypts those rows with the configured
 * keys, then drops the plaintext columns. The application never writes the plaintext columns.
 */
export class PersonalDataEncryption1764300000000 implements MigrationInterface {
  name = 'PersonalDataEncryption1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_parties
        ADD COLUMN id_number_enc text,
        ADD COLUMN id_number_hash text,
        ADD COLUMN phone_enc text,
        ADD COLUMN phone_hash text,
        ADD COLUMN key_id text`);
    await q.query(`CREATE INDEX case_parties_id_number_hash_idx ON case_parties (id_number_hash) WHERE id_number_hash IS NOT NULL`);
    await q.query(`CREATE INDEX case_parties_phone_hash_idx ON case_parties (phone_hash) WHERE phone_hash IS NOT NULL`);
    const [{ plaintext }] = await q.query(
      `SELECT count(*)::int AS plaintext FROM case_parties WHERE id_number IS NOT NULL OR phone IS NOT NULL`,
    );
    if (plaintext === 0) {
      await q.query(`ALTER TABLE case_parties DROP COLUMN id_number, DROP COLUMN phone`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The encrypted values cannot be restored as plaintext here (no keys): going down loses them.
    await q.query(`ALTER TABLE case_parties ADD COLUMN IF NOT EXISTS id_number text, ADD COLUMN IF NOT EXISTS phone text`);
    await q.query(`DROP INDEX IF EXISTS case_parties_phone_hash_idx`);
    await q.query(`DROP INDEX IF EXISTS case_parties_id_number_hash_idx`);
    await q.query(`
      ALTER TABLE case_parties
        DROP COLUMN id_number_enc, DROP COLUMN id_number_hash, DROP COLUMN phone_enc, DROP COLUMN phone_hash, DROP COLUMN key_id`);
  }
}
