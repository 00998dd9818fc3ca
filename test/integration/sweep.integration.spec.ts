import { CommandBus } from '@nestjs/cqrs';
import { FireDueDeadlinesCommand } from '@tiaojie/cases';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { anOpenCaseRequest } from '@tiaojie/testing';
import { Client } from 'pg';
import { freshDatabase } from '../chaos/support/databases';
import { ApiClient, startApi, waitFor, type RunningApi } from '../support/harness';

/**
 * A sweep (FireDueDeadlines) that is still firing starts a deadline that falls due meanwhile at its
 * instant, in a free slot — not when one of its batches happens to end, and not through a wake-up
 * job queued behind it. On a database of its own with no worker running, so no other sweep can
 * fire the deadlines or hold their cases.
 */
describe('A running sweep', () => {
  let api: RunningApi;
  let mediator: ApiClient;
  let db: Client;
  let url: string;

  beforeAll(async () => {
    url = await freshDatabase('sweep');
    api = await startApi({ DATABASE_URL: url, QUEUE_PREFIX: '{tiaojie-sweep-test}' });
    mediator = await ApiClient.login(api.url, 'mediator');
    db = new Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await api?.close();
  });

  async function openAccepted(): Promise<string> {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    expect((await mediator.event(opened.body.id, 1, { type: 'ACCEPT' })).status).toBe(200);
    return opened.body.id;
  }
  const period = async (caseId: string) =>
    (await db.query(`SELECT status, due_at, fired_at FROM deadlines WHERE case_id = $1 AND kind = 'MEDIATION_PERIOD'`, [caseId])).rows[0];

  it('fires a deadline falling due while another batch waits, at its instant and never before', async () => {
    const clock = api.app.get<symbol, Clock>(CLOCK);
    const held = await openAccepted();
    const later = await openAccepted();
    const now = clock.now().getTime();
    await db.query(`UPDATE deadlines SET due_at = $2 WHERE case_id = $1 AND kind = 'MEDIATION_PERIOD'`, [held, new Date(now - 3_600_000)]);
    await db.query(`UPDATE deadlines SET due_at = $2 WHERE case_id = $1 AND kind = 'MEDIATION_PERIOD'`, [later, new Date(now + 1_500)]);

    // Another session holds the first case's row: the sweep's batch for it waits for the lock.
    const locker = new Client({ connectionString: url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [held]);
    let sweep: Promise<{ fired: number }> | undefined;
    try {
      sweep = api.app.get(CommandBus).execute(new FireDueDeadlinesCommand());
      // The second deadline fires once due although the sweep's only batch has not ended.
      await waitFor(async () => (await period(later)).status === 'EXPIRED', 10_000);
      const fired = await period(later);
      expect(fired.fired_at.getTime()).toBeGreaterThanOrEqual(fired.due_at.getTime());
      expect((await period(held)).status).toBe('PENDING');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    // Released, the first case fires too, in the same sweep.
    expect(await sweep).toEqual({ fired: 2 });
    expect((await period(held)).status).toBe('EXPIRED');
  });
});

