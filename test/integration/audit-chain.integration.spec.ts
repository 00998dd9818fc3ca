import { AUDIT_GENESIS_HASH, computeAuditHash, usernameDigest, verifyChains, type ChainReport } from '@tiaojie/audit';
import { computeEventHash } from '@tiaojie/domain';
import { demoUserId } from '@tiaojie/identity';
import { createDataSource, runMigrations } from '@tiaojie/persistence';
import { anOpenCaseRequest, assertTestDatabase, TEST_DATABASE_URL } from '@tiaojie/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

/**
 * The append-only, hash-chained `case_events` and audit log (DESIGN §6) on the real PostgreSQL.
 * This suite tampers with rows, so it runs on a database of its own (tiaojie_test_audit, created and
 * dropped here): the shared test database is never touched.
 */
const AUDIT_DB_URL = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${new URL(TEST_DATABASE_URL).pathname.slice(1)}_audit` }).toString();

describe('Audit log and hash chains', () => {
  let api: RunningApi;
  let mediator: ApiClient;
  let admin: ApiClient;
  let db: Client; // the superuser test connection: the only one that may switch the triggers off
  let verifierDs: DataSource;

  async function adminClient(sql: string): Promise<void> {
    const c = new Client({ connectionString: Object.assign(new URL(TEST_DATABASE_URL), { pathname: '/postgres' }).toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    assertTestDatabase(AUDIT_DB_URL);
    const name = new URL(AUDIT_DB_URL).pathname.slice(1);
    await adminClient(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient(`CREATE DATABASE "${name}"`);
    verifierDs = createDataSource(AUDIT_DB_URL, 3);
    await verifierDs.initialize();
    await runMigrations(verifierDs);
    api = await startApi({ DATABASE_URL: AUDIT_DB_URL });
    mediator = await ApiClient.login(api.url, 'mediator');
    admin = await ApiClient.login(api.url, 'admin');
    db = new Client({ connectionString: AUDIT_DB_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await api?.close();
    await verifierDs?.destroy();
    await adminClient(`DROP DATABASE IF EXISTS "${new URL(AUDIT_DB_URL).pathname.slice(1)}" WITH (FORCE)`);
  });

  const verify = (pageSize?: number) => verifyChains(verifierDs, { pageSize });

  /** A case with three chained events: OPENED (1), ACCEPT (2), ASSIGN_MEDIATOR (3). */
  async function caseWithThreeEvents(): Promise<string> {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    expect(opened.status).toBe(201);
    const accepted = await mediator.event(opened.body.id, 1, { type: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    const assigned = await mediator.event(opened.body.id, 2, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') });
    expect(assigned.status).toBe(200);
    return opened.body.id;
  }

  /** Runs `tamper` with the append-only triggers off (as the superuser), checks, then restores the case exactly. */
  async function tamperWithCase(caseId: string, tamper: () => Promise<void>): Promise<ChainReport> {
    await db.query(`CREATE TEMP TABLE saved_events AS SELECT * FROM case_events WHERE case_id = $1`, [caseId]);
    const [head] = (await db.query(`SELECT event_seq, last_event_hash FROM cases WHERE id = $1`, [caseId])).rows;
    await db.query(`ALTER TABLE case_events DISABLE TRIGGER USER`);
    try {
      await tamper();
      return await verify(2); // tiny pages: the keyset paging crosses case and page boundaries
    } finally {
      await db.query(`DELETE FROM case_events WHERE case_id = $1`, [caseId]);
      await db.query(`INSERT INTO case_events SELECT * FROM saved_events`);
      await db.query(`UPDATE cases SET event_seq = $2, last_event_hash = $3 WHERE id = $1`, [caseId, head.event_seq, head.last_event_hash]);
      await db.query(`ALTER TABLE case_events ENABLE TRIGGER USER`);
      await db.query(`DROP TABLE saved_events`);
    }
  }

  it('a fresh flow of logins and commands leaves every chain intact, and the admin route reports it', async () => {
    const failed = await new ApiClient(api.url).post('/api/auth/login', { username: 'nobody-here', password: 'wrong' });
    expect(failed.status).toBe(401);
    const caseId = await caseWithThreeEvents();

    const report = await verify(3);
    expect(report.ok).toBe(true);
    expect(report.caseEvents.firstBroken).toBeUndefined();
    expect(report.audit.firstBroken).toBeUndefined();
    expect(report.caseEvents.cases).toBeGreaterThanOrEqual(1);
    expect(report.caseEvents.events).toBeGreaterThanOrEqual(3);

    const viaHttp = await admin.get('/api/admin/audit/verify');
    expect(viaHttp.status).toBe(200);
    expect(viaHttp.body.ok).toBe(true);
    expect(viaHttp.body.caseEvents.events).toBe(report.caseEvents.events);
    expect(viaHttp.body.audit.entries).toBe(report.audit.entries);
    expect((await mediator.get('/api/admin/audit/verify')).status).toBe(403);

    const rows = (await db.query(`SELECT chain, seq, actor_id, action, target_type, target_id, details FROM audit_log ORDER BY chain, seq`)).rows;
    // Every chain runs 1, 2, 3 … without a gap.
    for (const chain of new Set(rows.map((r) => r.chain))) {
      const seqs = rows.filter((r) => r.chain === chain).map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    // A case's entries share one chain, in order.
    expect(new Set(rows.filter((r) => r.target_id === caseId).map((r) => r.chain)).size).toBe(1);
    expect(rows.filter((r) => r.target_id === caseId).map((r) => [r.action, r.details.eventType, r.details.version])).toEqual([
      ['CASE_OPENED', 'OPENED', 1],
      ['CASE_EVENT', 'ACCEPT', 2],
      ['CASE_EVENT', 'ASSIGN_MEDIATOR', 3],
    ]);
    expect(rows.filter((r) => r.action === 'LOGIN_SUCCEEDED').map((r) => r.actor_id)).toEqual(
      expect.arrayContaining([demoUserId('mediator'), demoUserId('admin')]),
    );
    // A failed login keeps the SHA-256 of the name tried, never the name.
    const bad = rows.find((r) => r.action === 'LOGIN_FAILED');
    expect(bad).toMatchObject({ actor_id: null, details: { usernameSha256: usernameDigest('nobody-here') } });
    const all = JSON.stringify((await db.query(`SELECT * FROM audit_log`)).rows);
    expect(all).not.toContain('nobody-here');

    // The stored hash is the one computeAuditHash gives for the row's content.
    const [first] = (await db.query(`SELECT * FROM audit_log WHERE seq = 1 ORDER BY chain LIMIT 1`)).rows;
    expect(first.prev_hash).toBe(AUDIT_GENESIS_HASH);
    expect(
      computeAuditHash({
        seq: 1,
        at: first.at.toISOString(),
        actorId: first.actor_id,
        actorName: first.actor_name,
        action: first.action,
        targetType: first.target_type,
        targetId: first.target_id,
        details: first.details,
        prevHash: first.prev_hash,
      }),
    ).toBe(first.hash);
  });

  it('a command that fails writes no audit entry and leaves no gap', async () => {
    const before = (await verify()).audit.entries;
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    const stale = await mediator.event(opened.body.id, 5, { type: 'ACCEPT' });
    expect(stale.status).toBe(409);
    const after = await verify();
    expect(after.ok).toBe(true);
    expect(after.audit.entries).toBe(before + 1);
  });

  it('the application\u2019s own connection cannot update, delete or truncate case_events or audit_log', async () => {
    const app = api.app.get(DataSource);
    for (const sql of [
      `UPDATE case_events SET payload = '{}'::jsonb`,
      `DELETE FROM case_events`,
      `TRUNCATE case_events`,
      `UPDATE audit_log SET details = '{}'::jsonb`,
      `DELETE FROM audit_log`,
      `TRUNCATE audit_log`,
    ]) {
      await expect(app.query(sql)).rejects.toThrow(/is append-only/);
    }
    expect((await verify()).ok).toBe(true);
  });

  describe('tampering with one case\u2019s events is reported at the first broken link', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await caseWithThreeEvents();
    });
    afterEach(async () => {
      expect((await verify()).ok).toBe(true); // restored exactly
    });

    it('payload changed', async () => {
      const r = await tamperWithCase(caseId, async () => {
        await db.query(`UPDATE case_events SET payload = payload || '{"mediatorId":"00000000-0000-4000-8000-000000000001"}' WHERE case_id = $1 AND seq = 3`, [caseId]);
      });
      expect(r.ok).toBe(false);
      expect(r.caseEvents.firstBroken).toEqual({ caseId, seq: 3, reason: 'hash does not match the row content' });
      expect(r.audit.firstBroken).toBeUndefined();
    });

    it('order changed (seqs of two rows swapped)', async () => {
      const r = await tamperWithCase(caseId, async () => {
        await db.query(`UPDATE case_events SET seq = 1000 WHERE case_id = $1 AND seq = 2`, [caseId]);
        await db.query(`UPDATE case_events SET seq = 2 WHERE case_id = $1 AND seq = 3`, [caseId]);
        await db.query(`UPDATE case_events SET seq = 3 WHERE case_id = $1 AND seq = 1000`, [caseId]);
      });
      expect(r.caseEvents.firstBroken).toMatchObject({ caseId, seq: 2 });
    });

    it('a row deleted (in the middle, and at the end)', async () => {
      const middle = await tamperWithCase(caseId, async () => {
        await db.query(`DELETE FROM case_events WHERE case_id = $1 AND seq = 2`, [caseId]);
      });
      expect(middle.caseEvents.firstBroken).toMatchObject({ caseId, seq: 2, reason: expect.stringMatching(/missing/) });
      const last = await tamperWithCase(caseId, async () => {
        await db.query(`DELETE FROM case_events WHERE case_id = $1 AND seq = 3`, [caseId]);
      });
      expect(last.caseEvents.firstBroken).toMatchObject({ caseId, seq: 3, reason: expect.stringMatching(/missing/) });
    });

    it('a row inserted (correctly chained and hashed, but not accounted for by the case row)', async () => {
      const r = await tamperWithCase(caseId, async () => {
        const [prev] = (await db.query(`SELECT hash, state_to, version FROM case_events WHERE case_id = $1 AND seq = 3`, [caseId])).rows;
        const at = new Date().toISOString();
        const payload = { reason: 'forged' };
        const hash = computeEventHash({ caseId, seq: 4, type: 'CLOSE', at, actorId: demoUserId('mediator'), payload, stateFrom: prev.state_to, stateTo: 'closed', prevHash: prev.hash });
        await db.query(
          `INSERT INTO case_events (case_id, seq, type, at, actor_id, actor_name, payload, state_from, state_to, version, prev_hash, hash)
           VALUES ($1, 4, 'CLOSE', $2, $3, 'forger', $4, $5, 'closed', $6, $7, $8)`,
          [caseId, at, demoUserId('mediator'), JSON.stringify(payload), prev.state_to, prev.version + 1, prev.hash, hash],
        );
      });
      expect(r.caseEvents.firstBroken).toMatchObject({ caseId, seq: 4, reason: expect.stringMatching(/not accounted for/) });
    });

    it('a hash rewritten after a change (the next link, or the case row\u2019s head, no longer matches)', async () => {
      const rehash = async (seq: number) => {
        const [row] = (await db.query(`SELECT * FROM case_events WHERE case_id = $1 AND seq = $2`, [caseId, seq])).rows;
        const payload = { ...row.payload, note: 'rewritten' };
        const hash = computeEventHash({ caseId, seq, type: row.type, at: row.at.toISOString(), actorId: row.actor_id, payload, stateFrom: row.state_from, stateTo: row.state_to, prevHash: row.prev_hash });
        await db.query(`UPDATE case_events SET payload = $3, hash = $4 WHERE case_id = $1 AND seq = $2`, [caseId, seq, JSON.stringify(payload), hash]);
      };
      const middle = await tamperWithCase(caseId, () => rehash(2));
      expect(middle.caseEvents.firstBroken).toEqual({ caseId, seq: 3, reason: 'prevHash does not match the previous row' });
      const last = await tamperWithCase(caseId, () => rehash(3));
      expect(last.caseEvents.firstBroken).toMatchObject({ caseId, seq: 3, reason: expect.stringMatching(/last_event_hash/) });
    });
  });

  it('tampering with the audit log is reported at the first broken link', async () => {
    // The longest chain, so there is a row in the middle and one at the end.
    const [{ chain, max }] = (await db.query(`SELECT chain, max(seq)::int AS max FROM audit_log GROUP BY chain ORDER BY max(seq) DESC, chain LIMIT 1`)).rows;
    expect(max).toBeGreaterThanOrEqual(3);
    const target = max - 2;
    await db.query(`CREATE TEMP TABLE saved_audit AS SELECT * FROM audit_log WHERE chain = $1 AND seq = $2`, [chain, target]);
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    try {
      await db.query(`UPDATE audit_log SET details = details || '{"outcome":"forged"}' WHERE chain = $1 AND seq = $2`, [chain, target]);
      expect((await verify(2)).audit.firstBroken).toEqual({ chain, seq: target, reason: 'hash does not match the row content' });
      await db.query(`DELETE FROM audit_log WHERE chain = $1 AND seq = $2`, [chain, target]);
      expect((await verify(2)).audit.firstBroken).toMatchObject({ chain, seq: target, reason: expect.stringMatching(/missing/) });
      await db.query(`DELETE FROM audit_log WHERE chain = $1 AND seq = $2`, [chain, max]); // the chain head still remembers the last entry
      await db.query(`INSERT INTO audit_log SELECT * FROM saved_audit`);
      expect((await verify(2)).audit.firstBroken).toMatchObject({ chain, seq: max, reason: expect.stringMatching(/missing/) });
      // A row moved to another chain breaks the link where it lands.
      const other = (chain % 32) + 1;
      await db.query(`DELETE FROM audit_log WHERE chain = $1 AND seq >= $2`, [chain, target]);
      await db.query(`UPDATE audit_chain_head SET seq = $2 - 1, hash = COALESCE((SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2 - 1), $3) WHERE id = $1`,
        [chain, target, AUDIT_GENESIS_HASH],);
      expect((await verify(2)).ok).toBe(true);
      const [head] = (await db.query(`SELECT seq FROM audit_chain_head WHERE id = $1`, [other])).rows;
      await db.query(`INSERT INTO audit_log (chain, seq, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash, recorded_at)
         SELECT $1::smallint, $2::bigint + 1, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash, recorded_at FROM saved_audit`, [other, head.seq]);
      expect((await verify(2)).audit.firstBroken).toMatchObject({ chain: other, seq: Number(head.seq) + 1 });
      await db.query(`DELETE FROM audit_log WHERE chain = $1 AND seq = $2`, [other, Number(head.seq) + 1]);
    } finally {
      await db.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    }
    await db.query(`DROP TABLE saved_audit`);
    // The chain was cut back to a consistent state above: the next tests start from a verified log.
    expect((await verify()).ok).toBe(true);
  });

  it('concurrent commands append to unforked, gapless audit chains', async () => {
    const before = await verify();
    const opened = await Promise.all(Array.from({ length: 20 }, () => mediator.post('/api/cases', anOpenCaseRequest())));
    expect(opened.map((r) => r.status)).toEqual(Array(20).fill(201));
    const accepted = await Promise.all(opened.map((o) => mediator.event(o.body.id, 1, { type: 'ACCEPT' })));
    expect(accepted.map((r) => r.status)).toEqual(Array(20).fill(200));
    const after = await verify(7);
    expect(after.ok).toBe(true);
    expect(after.audit.entries).toBe(before.audit.entries + 40);
    expect(after.caseEvents.cases).toBe(before.caseEvents.cases + 20);
    const forks = await db.query(`SELECT chain, prev_hash FROM audit_log GROUP BY chain, prev_hash HAVING count(*) > 1`);
    expect(forks.rowCount).toBe(0);
    // The 20 cases spread over several chains (so they did not queue for one head), each case in one.
    const chains = (await db.query(`SELECT target_id, array_agg(DISTINCT chain) AS chains FROM audit_log WHERE target_id = ANY($1) GROUP BY target_id`, [opened.map((o) => o.body.id)])).rows;
    expect(chains).toHaveLength(20);
    expect(chains.every((r) => r.chains.length === 1)).toBe(true);
    expect(new Set(chains.map((r) => r.chains[0])).size).toBeGreaterThan(5);
  });
});
