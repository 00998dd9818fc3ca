import { loadConfig } from '@tiaojie/config';
import { ACCESS_POLICY, MAY_REVEAL_PERSONAL_DATA, ROLES } from '@tiaojie/domain';
import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher';

const base = { DATABASE_URL: 'postgres://localhost/x' };
const key = () => randomBytes(32).toString('base64');

describe('personal-data keys in the configuration', () => {
  it('reads the keys, the active key id and the blind-index key', () => {
    const [a, b, h] = [key(), key(), key()];
    const c = loadConfig({ ...base, PII_KEYS: `old:${a},new:${b}`, PII_ACTIVE_KEY: 'new', PII_HASH_KEY: h });
    expect(c.pii).toEqual({ keys: { old: a, new: b }, activeKeyId: 'new', hashKey: h, isDefault: false });
    expect(new FieldCipher(c.pii).activeKeyId).toBe('new');
  });

  it('falls back to fixed development keys outside production, and refuses that in production', () => {
    const dev = loadConfig(base).pii;
    expect(dev.isDefault).toBe(true);
    expect(loadConfig(base).pii).toEqual(dev);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/PII_KEYS is required in production/);
  });

  it('says which key is wrong and why', () => {
    const h = key();
    expect(() => loadConfig({ ...base, PII_KEYS: `k1:${randomBytes(16).toString('base64')}`, PII_ACTIVE_KEY: 'k1', PII_HASH_KEY: h })).toThrow(
      /PII_KEYS key "k1" must be 32 bytes/,
    );
    expect(() => loadConfig({ ...base, PII_KEYS: `k1:${key()}`, PII_ACTIVE_KEY: 'k2', PII_HASH_KEY: h })).toThrow(
      /PII_ACTIVE_KEY "k2" is not one of the key ids in PII_KEYS/,
    );
    expect(() => loadConfig({ ...base, PII_KEYS: `k1:${key()}`, PII_ACTIVE_KEY: 'k1', PII_HASH_KEY: 'c2hvcnQ=' })).toThrow(/PII_HASH_KEY must be 32 bytes/);
    expect(() => loadConfig({ ...base, PII_KEYS: `k1:${key()}` })).toThrow(/PII_ACTIVE_KEY is required/);
    expect(() => loadConfig({ ...base, PII_KEYS: 'no-colon' })).toThrow(/PII_KEYS must look like keyId:base64key/);
  });

  it('lets exactly the roles of MAY_REVEAL_PERSONAL_DATA reveal in the access policy', () => {
    const withReveal = ROLES.filter((r) => (ACCESS_POLICY[r] as Record<string, unknown>)['case.reveal']);
    expect([...withReveal].sort()).toEqual([...MAY_REVEAL_PERSONAL_DATA].sort());
  });
});
