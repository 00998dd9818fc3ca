import { CommandBus } from '@nestjs/cqrs';
import { OpenCaseCommand, type Caller } from '@tiaojie/cases';
import { CASE_MACHINE_V1, FIGURE_DEFINITIONS, yearbookCategoryOf, yuanDecimal } from '@tiaojie/domain';
import { anOpenCaseRequest } from '@tiaojie/testing';
import ExcelJS from 'exceljs';
import { ApiClient } from '../support/harness';
import { expectedCompliance, expectedFigures, loadOracle, type OracleData, type OracleQuery } from '../support/report-oracle';
import { addDays, org, Scenario, shanghaiDay, user, workers, type User } from '../support/scenario';

/**
 * Managers' figures (DOMAIN §6) over HTTP, against a dataset driven through the real command path
 * on the test clock over several months: every figure the summary answers — totals and every
 * group, for several periods, regions, groupings and both bases — must equal an independent
 * recomputation from the base tables (test/support/report-oracle.ts), never from the read models.
 */
describe('Reports: the summary equals an independent recomputation from the base tables', () => {
  let s: Scenario;
  let cityManager: ApiClient;
  let countyManager: ApiClient;
  let t0: Date;
  let tEnd: Date;
  let oracle: OracleData;

  const sendAll = async (id: string, by: User, ...events: Record<string, unknown>[]) => {
    let v: any;
    for (const e of events) v = await s.send(id, by, e);
    return v;
  };
  const agree = async (id: string, by: User, totalFen: number, instalments: { inDays: number; amountFen: number }[], itemType = 'WAGE_ARREARS') => {
    const now = await s.clockNow();
    return s.send(id, by, {
      type: 'REACH_AGREEMENT',
      items: [{ type: itemType, agreedFen: totalFen }],
      schedule: instalments.map((i) => ({ dueDate: shanghaiDay(now, i.inDays), amountFen: i.amountFen })),
      signedAt: now.toISOString(),
    });
  };
  const pay = async (id: string, by: User, amountFen: number, paidAt?: Date) =>
    s.send(id, by, { type: 'RECORD_PAYMENT', amountFen, paidAt: (paidAt ?? (await s.clockNow())).toISOString(), method: 'BANK_TRANSFER', evidenceRef: '银行回单' });
  const accepted = async (overrides: Record<string, unknown>, by: User = 'mediator') => s.openAccepted(overrides, by);

  beforeAll(async () => {
    // Its own database: the recomputation must see only this dataset, and no other suite's deadlines may
    // fire (a tier escalation) when this suite moves the clock 70 days on.
    s = await Scenario.start({ ownDatabase: 'reports_summary' });
    const admin = await s.as('admin');
    const suffix = Date.now().toString(36);
    const created = await admin.post('/api/admin/users', {
      username: `manager-maojian-${suffix}`,
      displayName: '茅箭区调解中心主任',
      orgId: org('union-maojian'),
      roles: ['UNION_MANAGER'],
      password: 'county-manager-pw',
    });
    expect(created.status).toBe(201);
    countyManager = await ApiClient.login(s.api.url, `manager-maojian-${suffix}`, 'county-manager-pw');
    cityManager = await s.as('union-manager');

    // ---- month 1: day 0 ----
    t0 = await s.clockNow();
    const mediator = await s.as('mediator');
    const clinic = await mediator.post('/api/outreach', {
      kind: 'SITE_CLINIC', title: '建筑工地法律服务', heldOn: shanghaiDay(t0), place: '茅箭区某工地', peopleReached: 120, consultations: 15,
    });
    expect(clinic.status).toBe(201);
    const stationDay = await (await s.as('station-beijing')).post('/api/outreach', {
      kind: 'PLATFORM_WORKER_DAY', title: '外卖骑手权益日', heldOn: shanghaiDay(t0), place: '北京朝阳区', peopleReached: 60, consultations: 9,
    });
    expect(stationDay.status).toBe(201);
    await (await s.as('mediator-yunxi')).post('/api/outreach', {
      kind: 'LEGAL_TALK', title: '劳动法讲座', heldOn: shanghaiDay(t0, -1), place: '郧西县城关镇', peopleReached: 45, consultations: 4,
    });

    // cA: two instalments, the first missed, paid late in three payments, closed (mediation).
    const cA = await accepted({ claims: [{ type: 'WAGE_ARREARS', claimedFen: 1_250_000 }] });
    await agree(cA.id, 'mediator', 800_000, [{ inDays: 10, amountFen: 400_000 }, { inDays: 40, amountFen: 400_000 }]);
    await pay(cA.id, 'mediator', 300_000);
    // cB: two workers, one on a platform; mediation fails; arbitration accepted and awarded; the award takes effect; closed.
    const cB = await accepted({
      disputeTypes: ['PLATFORM_WORK', 'WAGE_ARREARS'],
      workers: workers(2).map((w, i) => (i === 1 ? { ...w, employmentForm: 'PLATFORM_FULL', isMigrantWorker: false } : { ...w, isMigrantWorker: false })),
      claims: [{ type: 'WAGE_ARREARS', claimedFen: 900_000 }, { type: 'OVERTIME', claimedFen: 100_000 }],
    });
    await sendAll(cB.id, 'mediator', { type: 'MEDIATION_FAILED', reason: '用人单位拒不调解' }, { type: 'REFER_ARBITRATION', commissionOrgId: org('hrss-arbitration-city') });
    await s.send(cB.id, 'arb-clerk', { type: 'ARB_ACCEPT' });
    // cC: a collective dispute in 郧西县 (10 workers, 3 representatives); agreement judicially confirmed; paid; closed.
    const cC = await accepted(
      { regionCode: '420322', disputeTypes: ['OVERTIME'], workers: workers(10), representatives: [0, 1, 2], claims: [{ type: 'OVERTIME', claimedFen: 5_000_000 }] },
      'mediator-yunxi',
    );
    await agree(cC.id, 'mediator-yunxi', 3_000_000, [{ inDays: 20, amountFen: 3_000_000 }], 'OVERTIME');
    await s.send(cC.id, 'mediator-yunxi', { type: 'REQUEST_JUDICIAL_CONFIRMATION', courtOrgId: org('court-yunxi') });
    await s.send(cC.id, 'court-clerk-yunxi', { type: 'JC_ACCEPT' });
    // cD: entrusted by the court; the 30-day period runs out and it goes back to the court (litigation); closed.
    const cD = await s.open(
      { channel: 'COURT_ENTRUSTED', disputeTypes: ['DISMISSAL_OR_RESIGNATION'], claims: [{ type: 'ECONOMIC_COMPENSATION', claimedFen: 600_000 }] },
      'court-clerk',
    );
    await sendAll(cD.id, 'mediator', { type: 'ACCEPT' }, { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') });
    // cE: never accepted: its acceptance service level may run out, then it is refused.
    const cE = await s.open({ disputeTypes: ['SOCIAL_INSURANCE'], claims: [{ type: 'SOCIAL_INSURANCE', claimedFen: 80_000 }] });
    // cF: taken by the Beijing station for a worker of 郧西县, transferred home, accepted there, withdrawn.
    const cF = await s.open({ channel: 'STATION', regionCode: '420322' }, 'station-beijing');
    await s.send(cF.id, 'station-beijing', { type: 'TRANSFER', toOrgId: org('union-yunxi'), reason: '移交户籍地调解中心' });
    await sendAll(cF.id, 'mediator-yunxi', { type: 'ACCEPT' }, { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator-yunxi') });
    // cG: a village mediation point settles and is paid at once; closed.
    const cG = await accepted({ regionCode: '420302002001', claims: [{ type: 'WAGE_ARREARS', claimedFen: 200_000 }] }, 'mediator-village');
    await agree(cG.id, 'mediator-village', 200_000, [{ inDays: 5, amountFen: 200_000 }]);
    await pay(cG.id, 'mediator-village', 200_000);
    await s.send(cG.id, 'mediator-village', { type: 'CLOSE' });
    // cH: a case still on machine version 1: agreed, paid, closed.
    const caller: Caller = { id: user('mediator'), displayName: '王调解', agency: 'UNION', roles: ['UNION_MEDIATOR'], orgId: org('union-maojian'), regionCode: '420302' };
    const { body: cH } = await s.api.app.get(CommandBus).execute(new OpenCaseCommand(caller, anOpenCaseRequest({ claims: [{ type: 'WAGE_ARREARS', claimedFen: 150_000 }] }), undefined, CASE_MACHINE_V1));
    await sendAll(cH.id, 'mediator', { type: 'ACCEPT' }, { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') });
    await agree(cH.id, 'mediator', 100_000, [{ inDays: 30, amountFen: 100_000 }]);
    await pay(cH.id, 'mediator', 100_000);
    await s.send(cH.id, 'mediator', { type: 'CLOSE' });
    // cI: came from the site clinic; mediation fails; the worker sues; closed.
    const cI = await accepted({ outreachActivityId: clinic.body.id });
    await sendAll(cI.id, 'mediator', { type: 'MEDIATION_FAILED', reason: '调解不成' }, { type: 'FILE_LAWSUIT', courtOrgId: org('court-maojian') }, { type: 'CLOSE' });
    // cJ: legal aid granted, support prosecution declined; the mediation period runs out; closed.
    const cJ = await accepted({ disputeTypes: ['WORK_INJURY'], claims: [{ type: 'WORK_INJURY', claimedFen: 2_000_000 }] });
    await s.send(cJ.id, 'mediator', { type: 'REQUEST_LEGAL_AID', justiceOrgId: org('justice-legal-aid-city') });
    await s.send(cJ.id, 'legal-aid', { type: 'LA_GRANT', lawyerName: '李律师' });
    await s.send(cJ.id, 'mediator', { type: 'REQUEST_SUPPORT_PROSECUTION', procuratorateOrgId: org('procuratorate-maojian') });
    await s.send(cJ.id, 'procurator', { type: 'SP_DECLINE', reason: '不符合支持起诉条件' });
    // cL: agreed; judicial confirmation requested but the court is late to accept (3 days), then accepts.
    const cL = await accepted({ claims: [{ type: 'WAGE_ARREARS', claimedFen: 700_000 }] });
    await agree(cL.id, 'mediator', 700_000, [{ inDays: 25, amountFen: 700_000 }]);
    await s.send(cL.id, 'mediator', { type: 'REQUEST_JUDICIAL_CONFIRMATION', courtOrgId: org('court-maojian') });
    // cM: the mediation period runs out; referred to arbitration, not accepted; closed (arbitration).
    const cM = await accepted({ regionCode: '420322', disputeTypes: ['CONTRACT_DISPUTE'], claims: [{ type: 'CONTRACT_DISPUTE', claimedFen: 300_000 }] }, 'mediator-yunxi');

    // ---- day 12 ----
    await s.moveClockTo(addDays(t0, 12));
    await pay(cA.id, 'mediator', 100_000, addDays(t0, 11));
    await s.send(cB.id, 'arb-clerk', { type: 'AWARD_SERVED', servedAt: (await s.clockNow()).toISOString(), awardedFen: 500_000 });
    await s.send(cC.id, 'court-clerk-yunxi', { type: 'JC_CONFIRM', rulingNo: '(2025)鄂0322民特1号' });
    await s.send(cE.id, 'mediator', { type: 'REJECT', reason: '不属于劳动争议', redirectTo: '人民调解委员会' });
    await s.send(cF.id, 'mediator-yunxi', { type: 'WITHDRAW', reason: '双方已自行和解' });
    await s.send(cL.id, 'court-clerk', { type: 'JC_ACCEPT' });

    // ---- day 35 (another month) ----
    await s.moveClockTo(addDays(t0, 35));
    await pay(cA.id, 'mediator', 400_000);
    await s.send(cA.id, 'mediator', { type: 'CLOSE' });
    await s.send(cD.id, 'mediator', { type: 'CLOSE' });
    await s.send(cJ.id, 'mediator', { type: 'CLOSE' });
    await s.send(cB.id, 'mediator', { type: 'CLOSE' });
    await pay(cC.id, 'mediator-yunxi', 3_000_000);
    await s.send(cC.id, 'mediator-yunxi', { type: 'CLOSE' });
    await s.send(cM.id, 'mediator-yunxi', { type: 'REFER_ARBITRATION', commissionOrgId: org('hrss-arbitration-city') });
    await s.send(cM.id, 'arb-clerk', { type: 'ARB_NOT_ACCEPT', reason: '超过仲裁时效' });
    await s.send(cM.id, 'mediator-yunxi', { type: 'CLOSE' });
    // cK: a payment dated back into the previous month, recorded now.
    const now35 = await s.clockNow();
    const cK = await accepted({ claims: [{ type: 'WAGE_ARREARS', claimedFen: 50_000 }] });
    await agree(cK.id, 'mediator', 50_000, [{ inDays: 10, amountFen: 50_000 }]);
    await pay(cK.id, 'mediator', 50_000, new Date(Date.parse(`${shanghaiDay(now35).slice(0, 7)}-01T00:00:00+08:00`) - 3 * 3600_000));
    // cN: a platform worker, migrant, agreed, partly paid, still open.
    const cN = await accepted({ workers: workers(1, { employmentForm: 'PLATFORM_INCOMPLETE' }), claims: [{ type: 'WAGE_ARREARS', claimedFen: 420_000 }] });
    await agree(cN.id, 'mediator', 400_000, [{ inDays: 10, amountFen: 200_000 }, { inDays: 20, amountFen: 200_000 }]);
    await pay(cN.id, 'mediator', 150_000);

    // ---- day 70 ----
    tEnd = await s.moveClockTo(addDays(t0, 70));
    await pay(cN.id, 'mediator', 250_000);
    await s.send(cN.id, 'mediator', { type: 'CLOSE' });
    oracle = await loadOracle((t, p) => s.sql(t, p));
  }, 300_000);

  afterAll(() => s?.close());

  const summary = async (client: ApiClient, query: Record<string, string | undefined>) => {
    const qs = Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&');
    const r = await client.get(`/api/reports/summary?${qs}`);
    if (r.status !== 200) throw new Error(`summary?${qs} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const stripGroup = ({ key: _k, label: _l, ...figures }: any) => figures;
  const periods = () => {
    const d0 = shanghaiDay(t0);
    const d35 = shanghaiDay(addDays(t0, 35));
    const month = d35.slice(0, 7);
    const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    return [
      { name: 'the years of the dataset', from: `${d0.slice(0, 4)}-01-01`, to: `${shanghaiDay(tEnd).slice(0, 4)}-12-31` },
      { name: 'one whole month', from: `${month}-01`, to: lastDay },
      { name: 'partial months at both ends', from: shanghaiDay(t0, 3), to: shanghaiDay(t0, 40) },
      { name: 'a single day', from: d0, to: d0 },
      { name: 'from the first day to the last', from: d0, to: shanghaiDay(tEnd) },
    ];
  };

  it('drives a dataset that exercises every figure (and no Fengqiao escalation, which the recomputation does not model)', () => {
    expect(oracle.escalations).toBe(0);
    const routes = new Set(oracle.cases.filter((c) => c.closedOn).map((c) => c.route));
    expect([...routes].sort()).toEqual(['ARBITRATION', 'LITIGATION', 'MEDIATION', 'OTHER']);
    expect(oracle.deadlines.some((d) => !d.met)).toBe(true);
    expect(oracle.deadlines.some((d) => d.met)).toBe(true);
    expect(oracle.cases.some((c) => c.collective && c.workers === 10)).toBe(true);
    expect(oracle.cases.some((c) => c.jcConfirmed)).toBe(true);
  });

  const groupings: (string | undefined)[] = [undefined, 'month', 'region', 'agency', 'tier', 'disputeType', 'yearbookCategory', 'org'];

  it.each([
    ['the city manager (十堰市)', 'union-manager', undefined, '4203'],
    ['the city manager asking for 郧西县', 'union-manager', '420322', '420322'],
    ['a county manager (茅箭区)', 'county', undefined, '420302'],
    ['a county manager asking for a village', 'county', '420302002001', '420302002001'],
  ])('for %s: totals and every group of every grouping, both bases, several periods', async (_who, who, regionCode, prefix) => {
    const client = who === 'county' ? countyManager : cityManager;
    let compared = 0;
    for (const p of periods()) {
      for (const groupBy of groupings) {
        for (const basis of ['paid', 'agreed'] as const) {
          const got = await summary(client, { from: p.from, to: p.to, regionCode, groupBy, basis });
          const q: OracleQuery = { from: p.from, to: p.to, prefix, groupBy, basis, yearbook: yearbookCategoryOf, regionLength: { 4: 6, 6: 9, 9: 12, 12: 12 }[prefix.length] };
          const totals = expectedFigures(oracle, { ...q, groupBy: undefined }, ['']).get('');
          expect({ period: p.name, groupBy, basis, totals: got.totals }).toEqual({ period: p.name, groupBy, basis, totals });
          expect(got).toMatchObject({ basis, period: { from: p.from, to: p.to }, groupBy: groupBy ?? null });
          if (!groupBy) {
            expect(got.groups).toEqual([]);
            continue;
          }
          const expected = expectedFigures(oracle, q, got.groups.map((g: any) => g.key));
          expect({ period: p.name, groupBy, basis, keys: got.groups.map((g: any) => g.key).sort() }).toEqual({
            period: p.name, groupBy, basis, keys: [...expected.keys()].sort(),
          });
          for (const g of got.groups) {
            expect({ period: p.name, groupBy, basis, key: g.key, figures: stripGroup(g) }).toEqual({ period: p.name, groupBy, basis, key: g.key, figures: expected.get(g.key) });
            compared++;
          }
          const compliance = got.deadlineComplianceByOrg.map((c: any) => ({ orgId: c.orgId, met: c.met, expired: c.expired })).sort((a: any, b: any) => a.orgId.localeCompare(b.orgId));
          expect(compliance).toEqual(expectedCompliance(oracle, q));
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  }, 120_000);

  it('a county manager sees exactly the county’s group of the city summary, and the city’s default period is this year', async () => {
    for (const p of periods()) {
      for (const basis of ['paid', 'agreed']) {
        const city = await summary(cityManager, { from: p.from, to: p.to, groupBy: 'region', basis });
        const county = await summary(countyManager, { from: p.from, to: p.to, basis });
        const group = city.groups.find((g: any) => g.key === '420302');
        expect(county.region).toEqual({ code: '420302', name: '茅箭区' });
        if (!group) {
          expect(county.totals.casesAccepted + county.totals.casesClosed + county.totals.paidFen).toBe(0);
          continue;
        }
        expect({ period: p.name, figures: county.totals }).toEqual({ period: p.name, figures: stripGroup(group) });
      }
    }
    const now = await s.clockNow();
    const year = shanghaiDay(now).slice(0, 4);
    const byDefault = await summary(cityManager, {});
    expect(byDefault.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31`, timeZone: 'Asia/Shanghai' });
    expect(byDefault.basis).toBe('paid');
    expect(byDefault.totals).toEqual(expectedFigures(oracle, { from: `${year}-01-01`, to: `${year}-12-31`, prefix: '4203', basis: 'paid', yearbook: yearbookCategoryOf }, ['']).get(''));
  });

  it('labels the basis and gives every definition in Chinese and English', async () => {
    const paid = await summary(cityManager, { basis: 'paid' });
    const agreed = await summary(cityManager, { basis: 'agreed' });
    expect(paid.basisLabel.zh).toContain('实际支付');
    expect(agreed.basisLabel.zh).toContain('协议金额');
    expect(agreed.totals.recoveredFen).toBe(agreed.totals.agreedFen);
    expect(paid.totals.recoveredFen).toBe(paid.totals.paidFen);
    expect(Object.keys(paid.definitions)).toEqual(Object.keys(FIGURE_DEFINITIONS));
    for (const d of Object.values(paid.definitions) as any[]) {
      expect(d.definition.zh.length).toBeGreaterThan(5);
      expect(d.definition.en.length).toBeGreaterThan(5);
    }
    // No personal data: worker names, ID numbers or phones never appear in a report.
    const text = JSON.stringify(paid);
    expect(text).not.toMatch(/工人\d|4203021988|1391234/);
  });

  it('scopes by region: out of the caller’s subtree is 404, bad parameters are 400 naming the field, other roles 403', async () => {
    for (const regionCode of ['420300', '420322', '110105']) {
      const r = await countyManager.get(`/api/reports/summary?regionCode=${regionCode}`);
      expect({ regionCode, status: r.status, type: r.headers.get('content-type') }).toEqual({ regionCode, status: 404, type: expect.stringContaining('application/problem+json') });
    }
    const bad: [string, string][] = [
      ['from=2025-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2025-03-01&to=2025-02-01', 'to'],
      ['groupBy=week', 'groupBy'],
      ['basis=promised', 'basis'],
      ['regionCode=42', 'regionCode'],
      ['colour=red', 'colour'],
    ];
    for (const [qs, field] of bad) {
      const r = await cityManager.get(`/api/reports/summary?${qs}`);
      expect({ qs, status: r.status, fields: r.body.errors?.map((e: any) => e.field) }).toEqual({ qs, status: 400, fields: [field] });
    }
    for (const who of ['mediator', 'court-clerk', 'procurator', 'station-beijing'] as User[]) {
      expect({ who, status: (await (await s.as(who)).get('/api/reports/summary')).status }).toEqual({ who, status: 403 });
    }
    expect((await (await s.as('city-manager')).get('/api/reports/summary')).status).toBe(200);
  });

  it('exports CSV (UTF-8 with BOM, yuan from fen, definitions after the table) and XLSX (definitions on their own sheet) with the same figures', async () => {
    const from = shanghaiDay(t0);
    const to = shanghaiDay(tEnd);
    for (const basis of ['paid', 'agreed']) {
      const qs = `from=${from}&to=${to}&groupBy=region&basis=${basis}`;
      const json = await summary(cityManager, { from, to, groupBy: 'region', basis });
      const rowsExpected = [['合计', json.totals], ...json.groups.map((g: any) => [g.label, g])] as [string, any][];

      const csvRes = await cityManager.raw(`/api/reports/summary.csv?${qs}`);
      expect(csvRes.status).toBe(200);
      expect(csvRes.headers.get('content-type')).toContain('text/csv');
      expect(csvRes.headers.get('content-disposition')).toBe(`attachment; filename="tiaojie-summary-420300-${from}-${to}-by-region-${basis}.csv"`);
      const bytes = Buffer.from(await csvRes.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).split('\r\n');
      const blank = lines.indexOf('');
      const table = lines.slice(0, blank).map(parseCsvLine);
      const header = table[0];
      expect(header[0]).toBe('地区');
      const col = (h: string) => {
        const i = header.findIndex((x) => x.startsWith(h));
        expect(i).toBeGreaterThan(0);
        return i;
      };
      expect(table.length - 1).toBe(rowsExpected.length);
      rowsExpected.forEach(([label, f], i) => {
        const row = table[i + 1];
        expect(row[0]).toBe(label);
        expect(row[col('受理案件数')]).toBe(String(f.casesAccepted));
        expect(row[col('结案数')]).toBe(String(f.casesClosed));
        expect(row[col('请求金额（元）')]).toBe(yuanDecimal(f.claimedFen));
        expect(row[col('协议金额（元）')]).toBe(yuanDecimal(f.agreedFen));
        expect(row[col('追回金额（元')]).toBe(yuanDecimal(f.recoveredFen));
        expect(row[col('调解成功率')]).toBe(f.successRate === null ? '' : String(f.successRate));
        expect(row[col('结案天数中位数')]).toBe(f.medianDaysToClose === null ? '' : String(f.medianDaysToClose));
        expect(row[col('期限遵守率')]).toBe(f.deadlineCompliance === null ? '' : String(f.deadlineCompliance));
        expect(row[col('涉及劳动者人数')]).toBe(String(f.workersCovered));
      });
      expect(header[col('追回金额（元')]).toContain(basis === 'paid' ? '实际支付' : '协议金额');
      const defs = lines.slice(blank + 1).filter(Boolean).map(parseCsvLine);
      expect(defs[0]).toEqual(['口径说明']);
      expect(defs.some((r) => r[0] === '调解成功率' && r[1] === FIGURE_DEFINITIONS.successRate.definition.zh && r[2] === FIGURE_DEFINITIONS.successRate.definition.en)).toBe(true);

      const xlsxRes = await cityManager.raw(`/api/reports/summary.xlsx?${qs}`);
      expect(xlsxRes.status).toBe(200);
      expect(xlsxRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsxRes.headers.get('content-disposition')).toContain(`.xlsx"`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await xlsxRes.arrayBuffer()) as any);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '口径说明', '期限遵守（按机构）']);
      const sheet = wb.getWorksheet('汇总')!;
      const xHeader = (sheet.getRow(1).values as any[]).slice(1);
      expect(xHeader).toEqual(header);
      rowsExpected.forEach(([label, f], i) => {
        const row = (sheet.getRow(i + 2).values as any[]).slice(1);
        expect(row[0]).toBe(label);
        expect(row[col('受理案件数')]).toBe(f.casesAccepted);
        const yuan = row[col('追回金额（元')] as number;
        expect(yuan.toFixed(2)).toBe(yuanDecimal(f.recoveredFen));
        expect(sheet.getRow(i + 2).getCell(col('追回金额（元') + 1).numFmt).toBe('#,##0.00');
        expect((row[col('请求金额（元）')] as number).toFixed(2)).toBe(yuanDecimal(f.claimedFen));
        expect(row[col('调解成功率')] ?? null).toBe(f.successRate);
      });
      const defSheet = wb.getWorksheet('口径说明')!;
      const defRows = defSheet.getSheetValues().slice(1).map((r: any) => (r as any[]).slice(1));
      expect(defRows[0]).toEqual(['指标', '定义', 'Definition']);
      for (const d of Object.values(FIGURE_DEFINITIONS)) expect(defRows).toContainEqual([d.label.zh, d.definition.zh, d.definition.en]);
      const compliance = wb.getWorksheet('期限遵守（按机构）')!;
      expect(compliance.rowCount - 1).toBe(json.deadlineComplianceByOrg.length);
    }
    expect((await (await s.as('mediator')).raw('/api/reports/summary.csv')).status).toBe(403);
    expect((await countyManager.raw('/api/reports/summary.xlsx?regionCode=420322')).status).toBe(404);
  });

  it('the read models kept by the command path equal a rebuild from the base tables (report_backfill)', async () => {
    const facts = () => s.sql(`SELECT * FROM report_case_facts ORDER BY case_id`).then((rows) => rows.map(({ updated_at: _u, ...r }: any) => r));
    const aggregates = () =>
      s.sql(`SELECT * FROM report_aggregates WHERE ${COUNTER_NONZERO} ORDER BY grain, period, region_code, org_id, dispute_type`);
    const durations = () =>
      s.sql(`SELECT * FROM report_duration_buckets WHERE ${SLOTS_NONZERO} ORDER BY cube, grain, period, region_code, org_id, dispute_type, stage, bucket`);
    const ledgers = () => s.sql(`SELECT case_id, event_seq, paid_on, amount_fen, method, verified_by FROM case_payments ORDER BY case_id, event_seq`);
    const before = { facts: await facts(), aggregates: await aggregates(), durations: await durations(), ledgers: await ledgers() };
    expect(before.facts.length).toBeGreaterThan(10);
    await s.sql(`SELECT report_backfill()`);
    const after = { facts: await facts(), aggregates: await aggregates(), durations: await durations(), ledgers: await ledgers() };
    expect(after).toEqual(before);
  });
});

const COUNTER_NONZERO = `(cases_accepted, workers, claimed_fen, entrusted, migrant, platform, collective, from_outreach, cases_closed,
  route_mediation, route_arbitration, route_litigation, route_other, mediations_concluded, mediation_successes, agreements,
  agreed_fen, confirmation_requested, confirmed, payments, paid_fen, deadlines_met, deadlines_expired) IS DISTINCT FROM
  (0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)`;

const SLOTS = Array.from({ length: 32 }, (_, i) => `d${String(i).padStart(2, '0')}`);
const SLOTS_NONZERO = `(${SLOTS.join(', ')}) IS DISTINCT FROM (${SLOTS.map(() => '0').join(', ')})`;

/** One RFC 4180 line (no embedded newlines in our fields). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
