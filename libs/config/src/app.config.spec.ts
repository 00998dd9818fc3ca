import { ConfigError, loadConfig } from './app.config';

describe(loadConfig.name, () => {
  const base = { DATABASE_URL: 'postgres://localhost/x' };

  it('reads the per-tier service levels and the support-prosecution service level', () => {
    const c = loadConfig({ ...base, TIER_SLA_DAYS: 'VILLAGE=5,COUNTY=20', SUPPORT_PROSECUTION_SLA_DAYS: '7' });
    expect(c.tierSlaDays).toEqual({ VILLAGE: 5, COUNTY: 20 });
    expect(c.supportProsecutionSlaDays).toBe(7);
    expect(loadConfig(base).tierSlaDays).toEqual({ VILLAGE: 7, TOWNSHIP: 15, COUNTY: 30 });
  });

  it('says which setting is wrong and why', () => {
    expect(() => loadConfig({ ...base, TIER_SLA_DAYS: 'HAMLET=3' })).toThrow(/TIER_SLA_DAYS must look like/);
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required in production/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), TEST_CLOCK: 'true' })).toThrow(/TEST_CLOCK must not be enabled/);
  });
});
