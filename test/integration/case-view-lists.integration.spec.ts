import { CaseViewLoader } from '@tiaojie/cases';
import { demoUserId } from '@tiaojie/identity';
import { anOpenCaseRequest, TEST_DATABASE_URL } from '@tiaojie/testing';
import { Client } from 'pg';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

/**
 * A case view's lists are kept between answers by the revision PostgreSQL counts for them
 * (migration 1765400000000, CaseViewLoader): they must be read again whenever anything changed
 * them — a transition, or a writer that does not move the case's version — and only then.
 */
describe('Case view lists kept by revision', () => {
  let api: RunningApi;
  let other: RunningApi;
  let mediator: ApiClient;
  let admin: ApiClient;
  let db: Client;

  beforeAll(async () => {
    api = await startApi();
    other = await startApi();
    mediator = await ApiClient.login(api.url, 'mediator');
    admin = await ApiClient.login(api.url, 'admin');
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await other.close();
    await api.close();
  });

  const rev = async (caseId: string): Promise<number> =>
    Number((await db.query(`SELECT coalesce((SELECT rev FROM case_lists_rev WHERE case_id = $1), 0) AS rev`, [caseId])).rows[0].rev);
  const reads = (on: RunningApi = api) => on.app.get(CaseViewLoader).stats().misses;

  async function activeCase() {
    const opened = (await mediator.post('/api/cases', anOpenCaseRequest())).body;
    const accepted = (await mediator.event(opened.id, opened.version, { type: 'ACCEPT' })).body;
    return (await mediator.event(opened.id, accepted.version, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') })).body;
  }

  it('PostgreSQL counts every statement that changes a list of the case, and nothing else', async () => {
    const opened = (await mediator.post('/api/cases', anOpenCaseRequest())).body;
    const atOpen = await rev(opened.id);
    expect(atOpen).toBeGreaterThan(0); // parties, claims and the intake deadlines were inserted

    const accepted = (await mediator.event(opened.id, 1, { type: 'ACCEPT' })).body; // deadlines start and are met, a notice is issued
    const afterAccept = await rev(opened.id);
    expect(afterAccept).toBeGreaterThan(atOpen);

    // A change by hand, as an operator or a writer outside the case machine would make it.
    const [deadline] = accepted.deadlines;
    await db.query(`UPDATE deadlines SET suspended_days = suspended_days + 1 WHERE id = $1`, [deadline.id]);
    expect(await rev(opened.id)).toBe(afterAccept + 1);
    await db.query(`UPDATE case_parties SET address = address WHERE case_id = $1`, [opened.id]);
    expect(await rev(opened.id)).toBe(afterAccept + 2);

    // Statements that change nothing of this case leave its revision alone; a rolled-back change too.
    await db.query(`UPDATE deadlines SET suspended_days = suspended_days WHERE case_id = '00000000-0000-0000-0000-000000000000'`);
    await db.query('BEGIN');
    await db.query(`DELETE FROM case_claims WHERE case_id = $1`, [opened.id]);
    await db.query('ROLLBACK');
    expect(await rev(opened.id)).toBe(afterAccept + 2);
  });

  it('answers a view from kept lists while their revision holds, and reads them again once anything changed them', async () => {
    const c = await activeCase();
    const first = (await mediator.get(`/api/cases/${c.id}`)).body;
    const readsBefore = reads();

    // Nothing changed: the same lists, not read again — for a view and for a transition that writes no list.
    const again = (await mediator.get(`/api/cases/${c.id}`)).body;
    expect(again).toEqual(first);
    const now = new Date((await admin.get('/api/admin/clock')).body.now);
    const scheduled = await mediator.event(c.id, c.version, { type: 'SCHEDULE_SESSION', at: new Date(now.getTime() + 86400_000).toISOString(), online: true });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.sessions).toHaveLength(1);
    expect(scheduled.body.deadlines).toEqual(first.deadlines);
    expect(reads()).toBe(readsBefore);

    // A deadline expires without a transition (the worker does that when the case's state ignores
    // it): the case's version stays, its lists' revision moves, and the next answers show it.
    const period = first.deadlines.find((d: { kind: string }) => d.kind === 'MEDIATION_PERIOD');
    await db.query(`UPDATE deadlines SET status = 'EXPIRED', completed_at = now(), fired_at = now() WHERE id = $1`, [period.id]);
    const shown = (await mediator.get(`/api/cases/${c.id}`)).body;
    expect(shown.version).toBe(scheduled.body.version);
    expect(shown.deadlines.find((d: { id: string }) => d.id === period.id).status).toBe('EXPIRED');
    expect(reads()).toBe(readsBefore + 1);

    const recorded = await mediator.event(c.id, shown.version, { type: 'RECORD_SESSION', summary: '双方同意继续协商。' });
    expect(recorded.status).toBe(200);
    expect(recorded.body.deadlines.find((d: { id: string }) => d.id === period.id).status).toBe('EXPIRED');
    expect(reads()).toBe(readsBefore + 1); // kept from the view above: this transition wrote no list
  });

  it('reads the lists again after a transition that writes them, and another API process sees every change', async () => {
    const c = await activeCase();
    await mediator.get(`/api/cases/${c.id}`); // kept here
    const elsewhere = await ApiClient.login(other.url, 'mediator');
    const seenElsewhere = (await elsewhere.get(`/api/cases/${c.id}`)).body; // and kept there

    // The shared test clock may be ahead of the wall clock (other suites move it): sign at its "now".
    const now = new Date((await admin.get('/api/admin/clock')).body.now);
    const agreed = await mediator.event(c.id, c.version, {
      type: 'REACH_AGREEMENT',
      items: [{ type: 'WAGES', agreedFen: 500_000 }],
      schedule: [{ dueDate: new Date(now.getTime() + 10 * 86400_000).toISOString().slice(0, 10), amountFen: 500_000 }],
      signedAt: now.toISOString(),
    });
    expect(agreed.status).toBe(200);
    const kinds = (v: { deadlines: { kind: string }[] }) => v.deadlines.map((d) => d.kind);
    expect(kinds(agreed.body)).toContain('INSTALMENT_DUE');
    expect(agreed.body.documents.map((d: { kind: string }) => d.kind)).toContain('AGREEMENT');

    // The other process kept the lists from before the agreement; the case row it reads now says they moved on.
    expect(kinds(seenElsewhere)).not.toContain('INSTALMENT_DUE');
    const readsThere = reads(other);
    const now2 = (await elsewhere.get(`/api/cases/${c.id}`)).body;
    expect(reads(other)).toBe(readsThere + 1);
    expect(now2.deadlines).toEqual(agreed.body.deadlines);
    expect(now2.documents).toEqual(agreed.body.documents);
  });
});
