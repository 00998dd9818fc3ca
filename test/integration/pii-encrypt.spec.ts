import { FieldCipher } from '@tiaojie/privacy';
import { TEST_DATABASE_URL } from '@tiaojie/testing';
import { Client } from 'pg';
import { encryptPersonalData } from '../../scripts/pii-encrypt';

/** `npm run pii:encrypt` on a table left with plaintext by the migration (rows existed), then after a key rotation. */
describe('pii:encrypt', () => {
  const schema = `pii_encrypt_${process.pid}`;
  let db: Client;
  const k = (n: number) => Buffer.alloc(32, n).toString('base64');

  beforeAll(async () => {
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`SET search_path TO ${schema}`);
    await db.query(`CREATE TABLE case_parties (id text PRIMARY KEY, id_number text, phone text, id_number_enc text,
      id_number_hash text, phone_enc text, phone_hash text, key_id text)`);
    await db.query(`INSERT INTO case_parties (id, id_number, phone) VALUES ('a', '420302199001011237', '+8613812345678'), ('b', NULL, NULL)`);
  });
  afterAll(async () => {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.end();
  });

  it('encrypts plaintext rows and drops the plaintext columns, then re-encrypts under the new active key', async () => {
    const v1 = new FieldCipher({ keys: { a: k(1) }, activeKeyId: 'a', hashKey: k(9) });
    expect(await encryptPersonalData(db, v1)).toEqual({ encrypted: 1, reencrypted: 0, droppedPlaintext: true });
    const [row] = (await db.query(`SELECT * FROM case_parties WHERE id = 'a'`)).rows;
    expect(row).not.toHaveProperty('id_number');
    expect(v1.decrypt(row.id_number_enc)).toBe('420302199001011237');
    expect(row.phone_hash).toBe(v1.blindIndex('PHONE', '13812345678'));
    expect(row.key_id).toBe('a');

    const v2 = new FieldCipher({ keys: { a: k(1), b: k(2) }, activeKeyId: 'b', hashKey: k(9) });
    expect(await encryptPersonalData(db, v2)).toEqual({ encrypted: 0, reencrypted: 1, droppedPlaintext: false });
    const [after] = (await db.query(`SELECT * FROM case_parties WHERE id = 'a'`)).rows;
    expect(after.key_id).toBe('b');
    expect(after.id_number_enc).toMatch(/^v1\.b\./);
    expect(v2.decrypt(after.phone_enc)).toBe('+8613812345678');
    expect(after.id_number_hash).toBe(row.id_number_hash);
  });
});
