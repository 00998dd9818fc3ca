import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { FieldCipher, FieldCipherConfigError, FieldDecryptionError, normalizeForIndex } from './field-cipher';

const k = () => randomBytes(32).toString('base64');
const K1 = k();
const K2 = k();
const H1 = k();
const ID = '420302199001011237';

describe(FieldCipher.name, () => {
  const cipher = new FieldCipher({ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: H1 });

  it('round-trips a value in the compact versioned form, with a fresh IV every time', () => {
    const a = cipher.encrypt(ID);
    const b = cipher.encrypt(ID);
    expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(ID);
    expect(cipher.decrypt(a)).toBe(ID);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('张三 +8613812345678'))).toBe('张三 +8613812345678');
    expect(cipher.keyIdOf(a)).toBe('k1');
  });

  it('refuses any tampered character of the value', () => {
    const value = cipher.encrypt(ID);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < value.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(value[i]) + 1) % alphabet.length];
      const tampered = value.slice(0, i) + replacement + value.slice(i + 1);
      expect(() => cipher.decrypt(tampered)).toThrow(FieldDecryptionError);
    }
  });

  it('refuses every flipped bit of IV, tag and ciphertext', () => {
    const value = cipher.encrypt(ID);
    const [v, id, iv, tag, ct] = value.split('.');
    const parts = [iv, tag, ct];
    parts.forEach((part, p) => {
      const bytes = Buffer.from(part, 'base64url');
      for (let i = 0; i < bytes.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const copy = Buffer.from(bytes);
          copy[i] ^= 1 << bit;
          const next = [...parts];
          next[p] = copy.toString('base64url');
          expect(() => cipher.decrypt([v, id, ...next].join('.'))).toThrow(FieldDecryptionError);
        }
      }
    });
    expect(() => cipher.decrypt(value.slice(0, -2))).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(`${value}AA`)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(`v2${value.slice(2)}`)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(ID)).toThrow(FieldDecryptionError);
  });

  it('refuses a value under the wrong key, and says so without echoing it', () => {
    const other = new FieldCipher({ keys: { k1: K2 }, activeKeyId: 'k1', hashKey: H1 });
    const value = cipher.encrypt(ID);
    expect(() => other.decrypt(value)).toThrow(FieldDecryptionError);
    try {
      other.decrypt(value);
    } catch (e) {
      expect(String((e as Error).message)).not.toContain(ID);
      expect(String((e as Error).message)).not.toContain(value.split('.')[4]);
    }
    // Relabelling a value to another configured key id fails too (the key id is authenticated).
    const both = new FieldCipher({ keys: { k1: K1, k2: K1 }, activeKeyId: 'k1', hashKey: H1 });
    expect(() => both.decrypt(value.replace('v1.k1.', 'v1.k2.'))).toThrow(FieldDecryptionError);
    expect(() => new FieldCipher({ keys: { k9: K1 }, activeKeyId: 'k9', hashKey: H1 }).decrypt(value)).toThrow(/unknown key id/);
  });

  it('rotates: old values still decrypt under their key id, new values use the active key', () => {
    const before = new FieldCipher({ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: H1 });
    const old = before.encrypt(ID);
    const after = new FieldCipher({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2', hashKey: H1 });
    expect(after.decrypt(old)).toBe(ID);
    const fresh = after.encrypt(ID);
    expect(after.keyIdOf(fresh)).toBe('k2');
    expect(after.decrypt(fresh)).toBe(ID);
    expect(() => before.decrypt(fresh)).toThrow(/unknown key id/);
    // The blind index does not depend on the encryption key: lookups survive a rotation.
    expect(after.blindIndex('ID_NUMBER', ID)).toBe(before.blindIndex('ID_NUMBER', ID));
  });

  it('gives a deterministic blind index per hash key, kind and normalised value', () => {
    const idx = cipher.blindIndex('ID_NUMBER', ID);
    expect(idx).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex('ID_NUMBER', ID)).toBe(idx);
    expect(cipher.blindIndex('ID_NUMBER', ' 420302 19900101 123x ')).toBe(cipher.blindIndex('ID_NUMBER', '42030219900101123X'));
    expect(cipher.blindIndex('PHONE', ID)).not.toBe(idx);
    expect(cipher.blindIndex('PHONE', '+86 138-1234-5678')).toBe(cipher.blindIndex('PHONE', '13812345678'));
    expect(cipher.blindIndex('PHONE', '+8613812345678')).toBe(cipher.blindIndex('PHONE', '13812345678'));
    const otherHashKey = new FieldCipher({ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: k() });
    expect(otherHashKey.blindIndex('ID_NUMBER', ID)).not.toBe(idx);
    expect(normalizeForIndex('PHONE', '008613812345678')).toBe('13812345678');
  });

  it('checks its keys with messages that say what is wrong', () => {
    expect(() => new FieldCipher({ keys: { k1: randomBytes(16).toString('base64') }, activeKeyId: 'k1', hashKey: H1 })).toThrow(
      new FieldCipherConfigError('key "k1" must be 32 bytes (got 16)'),
    );
    expect(() => new FieldCipher({ keys: { k1: K1 }, activeKeyId: 'k2', hashKey: H1 })).toThrow(/active key "k2" is not configured/);
    expect(() => new FieldCipher({ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: 'c2hvcnQ=' })).toThrow(/blind-index key must be 32 bytes/);
    expect(() => new FieldCipher({ keys: { 'k.1': K1 }, activeKeyId: 'k.1', hashKey: H1 })).toThrow(/key id/);
  });

  it('round-trips any string (property, 1,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (s) => {
        const value = cipher.encrypt(s);
        expect(cipher.decrypt(value)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});
