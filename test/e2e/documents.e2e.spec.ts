import { anOpenCaseRequest } from '@tiaojie/testing';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

/** Case documents as PDFs in Chinese, numbered when the case issues them. */
describe('GET /api/cases/{id}/documents/{kind}', () => {
  let api: RunningApi;
  let mediator: ApiClient;

  beforeAll(async () => {
    api = await startApi();
    mediator = await ApiClient.login(api.url, 'mediator');
  });
  afterAll(() => api.close());

  async function pdf(caseId: string, kind: string) {
    const res = await mediator.raw(`/api/cases/${caseId}/documents/${kind}`);
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
  }

  it('serves the acceptance notice and the numbered termination note once issued, and 404 before', async () => {
    const opened = (await mediator.post('/api/cases', anOpenCaseRequest())).body;
    expect((await pdf(opened.id, 'ACCEPTANCE_NOTICE')).status).toBe(404);
    let c = (await mediator.event(opened.id, 1, { type: 'ACCEPT' })).body;
    const notice = await pdf(opened.id, 'ACCEPTANCE_NOTICE');
    expect(notice.status).toBe(200);
    expect(notice.type).toBe('application/pdf');
    expect(notice.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(notice.body.includes(Buffer.from('NotoSansCJK'))).toBe(true);
    expect(notice.disposition).toContain(c.documents[0].docNo);

    const failed = await mediator.event(opened.id, c.version, { type: 'MEDIATION_FAILED', reason: '用人单位拒绝调解' });
    expect(failed.body).toMatchObject({ state: 'failed' });
    c = failed.body;
    const termination = c.documents.find((d: any) => d.kind === 'TERMINATION_NOTE');
    expect(termination.docNo).toMatch(/^ZZ-\d{4}-\d{6}$/);
    const note = await pdf(opened.id, 'TERMINATION_NOTE');
    expect(note.status).toBe(200);
    expect(note.disposition).toContain(termination.docNo);
    expect((await pdf(opened.id, 'AGREEMENT')).status).toBe(404);
    expect((await pdf(opened.id, 'NOT_A_KIND')).status).toBe(404);
  });
});
