/**
 * One-off: encrypts personal data left in plaintext by installations that had parties before
 * migration 1764300000000, and re-encrypts values under a retired key after a rotation.
 *
 *   npm run build && DATABASE_URL=... PII_KEYS=... PII_ACTIVE_KEY=... PII_HASH_KEY=... npm run pii:encrypt
 *
 * In one transaction: every row with a plaintext `id_number`/`phone` gets the encrypted values, the
 * blind indexes and the key id, its plaintext is set to NULL, and the plaintext columns are dropped.
 * Then every row whose `key_id` is not the active key is re-encrypted with it. Safe to run again.
 * Prints counts only, never values.
 */
import { loadConfig } from '@tiaojie/config';
import { FieldCipher } from '@tiaojie/privacy';
import { Client } from 'pg';

export async function encryptPersonalData(db: Client, cipher: FieldCipher): Promise<{ encrypted: number; reencrypted: number; droppedPlaintext: boolean }> {
  let encrypted = 0;
  let reencrypted = 0;
  let droppedPlaintext = false;
  await db.query('BEGIN');
  try {
    await db.query('LOCK TABLE case_parties IN SHARE ROW EXCLUSIVE MODE');
    const cols = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'case_parties' AND column_name IN ('id_number','phone')`,
    );
    if (cols.rows.length === 2) {
      const rows = await db.query<{ id: string; id_number: string | null; phone: string | null }>(
        `SELECT id, id_number, phone FROM case_parties WHERE id_number IS NOT NULL OR phone IS NOT NULL`,
      );
      for (const r of rows.rows) {
        await db.query(
          `UPDATE case_parties SET id_number_enc = $2, id_number_hash = $3, phone_enc = $4, phone_hash = $5, key_id = $6,
             id_number = NULL, phone = NULL WHERE id = $1`,
          [
            r.id, cipher.encryptOrNull(r.id_number), cipher.blindIndexOrNull('ID_NUMBER', r.id_number),
            cipher.encryptOrNull(r.phone), cipher.blindIndexOrNull('PHONE', r.phone), cipher.activeKeyId,
          ],
        );
        encrypted++;
      }
      await db.query(`ALTER TABLE case_parties DROP COLUMN id_number, DROP COLUMN phone`);
      droppedPlaintext = true;
    }
    const stale = await db.query<{ id: string; id_number_enc: string | null; phone_enc: string | null }>(
      `SELECT id, id_number_enc, phone_enc FROM case_parties WHERE key_id IS NOT NULL AND key_id <> $1`,
      [cipher.activeKeyId],
    );
    for (const r of stale.rows) {
      await db.query(`UPDATE case_parties SET id_number_enc = $2, phone_enc = $3, key_id = $4 WHERE id = $1`, [
        r.id, cipher.encryptOrNull(cipher.decryptOrNull(r.id_number_enc)), cipher.encryptOrNull(cipher.decryptOrNull(r.phone_enc)), cipher.activeKeyId,
      ]);
      reencrypted++;
    }
    await db.query('COMMIT');
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
  return { encrypted, reencrypted, droppedPlaintext };
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.pii.isDefault && config.nodeEnv !== 'test') {
    process.stderr.write('pii:encrypt: PII_KEYS, PII_ACTIVE_KEY and PII_HASH_KEY are not set: using the development keys\n');
  }
  const db = new Client({ connectionString: config.databaseUrl });
  await db.connect();
  try {
    const r = await encryptPersonalData(db, new FieldCipher(config.pii));
    process.stdout.write(
      `pii:encrypt: ${r.encrypted} plaintext row(s) encrypted${r.droppedPlaintext ? ', plaintext columns dropped' : ''}; ` +
        `${r.reencrypted} row(s) re-encrypted with key "${config.pii.activeKeyId}"\n`,
    );
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`pii:encrypt failed: ${(e as Error)?.name ?? 'error'}: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
  });
}
