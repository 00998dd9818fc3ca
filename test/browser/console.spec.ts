import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWorker } from '../support/harness';
import { Scenario, user } from '../support/scenario';
import { ensureWebBuilt, eventually, fenOf, launchChromium, login, newContext, pickOption, screenshot } from './browser-support';

/**
 * The web console in Debian's Chromium against the real API, worker, PostgreSQL and Redis: a
 * mediator opens a case, accepts it, records an agreement and a payment; a court clerk confirms the
 * agreement from the inbox; a manager sees the money recovered grow by that payment. Every page is
 * saved as a screenshot under test/artifacts/screenshots/.
 */
describe('Web console (browser)', () => {
  jest.setTimeout(180_000);

  let s: Scenario;
  let worker: INestApplicationContext;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let manager: Page;
  let mediator: Page;
  let recoveredBefore = 0;
  let caseId = '';
  let caseNo = '';
  const PAYMENT_FEN = 300_000;
  const WORKER_NAME = '浏览器测试工人';
  /** Uncaught errors in any page: the console must not throw while it is used. */
  const pageErrors: string[] = [];

  /** A logged-in page of `username`, its clock on the server's. */
  async function pageOf(username: string, locale = 'zh-CN'): Promise<Page> {
    const context = await newContext(browser, s.api.url, await s.clockNow(), locale);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
    await login(page, username);
    return page;
  }

  /** Opens one of the case's actions, fills its form with `fill`, submits, and waits for the dialog to close. */
  async function act(page: Page, event: string, fill: (modal: ReturnType<Page['locator']>) => Promise<void> = async () => undefined): Promise<void> {
    await page.locator(`[data-testid="case-actions"] button[data-event="${event}"]`).click();
    const modal = page.locator('.ant-modal-container').last();
    await modal.waitFor();
    await fill(modal);
    await page.getByTestId('event-submit').click();
    await modal.waitFor({ state: 'detached' });
  }

  const moneyOf = async (page: Page, key: string) => fenOf(await page.getByTestId(`money-${key}`).textContent());
  const stateOf = (page: Page) => page.locator('[data-testid="case-page"] .ant-tag[data-state]').first().getAttribute('data-state');

  beforeAll(async () => {
    ensureWebBuilt();
    s = await Scenario.start();
    worker = await startWorker();
    browser = await launchChromium();
  });

  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await worker?.close();
    await s?.close();
  });

  it('serves the console at / with a fallback for client routes, and leaves /api alone', async () => {
    const index = await fetch(`${s.api.url}/cases/whatever`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await index.text()).toContain('<div id="root">');
    const api404 = await fetch(`${s.api.url}/api/no-such-route`);
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toContain('application/problem+json');
  });

  it('a manager opens the dashboard: figures by month, county and dispute type, with the basis defined', async () => {
    manager = await pageOf('union-manager');
    await screenshot(manager, '01-manager-home');
    await manager.goto('/dashboard');
    const recovered = manager.getByTestId('stat-recovered');
    await eventually(async () => /¥/.test((await recovered.textContent()) ?? ''));
    recoveredBefore = fenOf(await recovered.textContent());
    expect(await manager.getByTestId('basis-definition').textContent()).toContain('实际支付');
    await manager.getByTestId('chart-month').waitFor();
    await screenshot(manager, '02-dashboard-before');
  });

  it('a mediator logs in to a home that fits the role and sees the worklist', async () => {
    mediator = await pageOf('mediator');
    expect(await mediator.getByTestId('greeting').textContent()).toContain('王调解');
    await screenshot(mediator, '03-mediator-home');
    await mediator.locator('[data-testid="side-menu"]').getByText('案件', { exact: true }).click();
    await mediator.waitForURL('**/cases');
    await mediator.locator('.ant-table').waitFor();
    await screenshot(mediator, '04-worklist');
  });

  it('the intake form checks ID number, credit code and phone as they are typed, then opens the case', async () => {
    await mediator.goto('/cases/new');
    await mediator.getByTestId('facts').fill('2025年6月至8月工资未付，共计12500元。');
    await mediator.getByTestId('worker-0-name').fill(WORKER_NAME);

    const id = mediator.getByTestId('worker-0-idNumber');
    await id.fill('420302199001011238');
    await mediator.getByText('校验码不正确，请核对号码是否抄错').waitFor();
    await mediator.getByTestId('worker-0-phone').fill('138-1234-5678');
    await mediator.getByText('只能填写数字（可加 +86），不能有空格、横线或其他字符').waitFor();
    await mediator.getByTestId('employer-name').fill('十堰某建筑工程有限公司');
    await mediator.getByTestId('employer-creditCode').fill('91350100M000100Y44');
    await mediator.getByText('校验码不正确，请核对代码是否抄错').waitFor();
    await mediator.getByTestId('claim-0-amount').fill('12500');
    await screenshot(mediator, '05-intake-invalid');

    await id.fill('420302199001011237');
    await mediator.getByText('出生日期 1990-01-01，男').waitFor();
    await mediator.getByTestId('worker-0-phone').fill('13812345678');
    await mediator.getByTestId('employer-creditCode').fill('91350100M000100Y43');
    expect(await mediator.getByTestId('total-claimed').textContent()).toContain('¥12,500.00');
    await eventually(async () => (await mediator.locator('.ant-form-item-explain-error').count()) === 0);
    await screenshot(mediator, '06-intake-valid');

    await mediator.getByTestId('intake-submit').click();
    await mediator.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = mediator.url().split('/').pop()!;
    caseNo = (await mediator.getByTestId('case-no').textContent())!;
    expect(await stateOf(mediator)).toBe('intake');
    expect(await moneyOf(mediator, 'claimed')).toBe(1_250_000);
  });

  it('the case page offers exactly the case’s allowed events; accepting and a 409 from a concurrent change reload it', async () => {
    const view = await s.view(caseId);
    const buttons = await mediator.locator('[data-testid="case-actions"] button[data-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    expect([...buttons].sort()).toEqual([...view.allowedEvents].sort());
    // Forward steps first (accept is the primary button), refusals last.
    expect(buttons[0]).toBe('ACCEPT');

    await act(mediator, 'ACCEPT');
    await eventually(async () => (await stateOf(mediator)) === 'mediation.awaitingMediator');

    // Someone else assigns the mediator behind this page's back: the page still shows version N.
    const shown = Number(await mediator.getByTestId('case-version').textContent());
    await s.send(caseId, 'mediator', { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') });
    await act(mediator, 'ASSIGN_MEDIATOR');
    await mediator.getByText('该案件刚被他人修改，已为您重新加载最新内容，请确认后再操作').waitFor();
    await eventually(async () => Number(await mediator.getByTestId('case-version').textContent()) === shown + 1);
    expect(await stateOf(mediator)).toBe('mediation.active');
    await screenshot(mediator, '07-case-conflict-reloaded');

    // Personal data is masked until a permitted role reveals it.
    expect(await mediator.getByTestId('party-id').first().textContent()).toBe('4203**********1237');
    await mediator.getByTestId('reveal').first().click();
    await eventually(async () => (await mediator.getByTestId('party-id').first().textContent()) === '420302199001011237');
    await screenshot(mediator, '08-case-parties-revealed');
  });

  it('records the agreement, a payment and the application for judicial confirmation', async () => {
    await act(mediator, 'REACH_AGREEMENT', async (modal) => {
      expect(await modal.getByTestId('agreement-totals').textContent()).toContain('¥12,500.00');
      await screenshot(mediator, '09-agreement-form', { fullPage: false });
    });
    await eventually(async () => (await moneyOf(mediator, 'agreed')) === 1_250_000);

    await act(mediator, 'RECORD_PAYMENT', async (modal) => {
      await modal.getByTestId('field-amountFen').fill('3,000.00');
      await modal.getByTestId('field-evidenceRef').fill('银行回单 20250920-001');
    });
    await eventually(async () => (await moneyOf(mediator, 'paid')) === PAYMENT_FEN);
    expect(await moneyOf(mediator, 'outstanding')).toBe(1_250_000 - PAYMENT_FEN);

    await act(mediator, 'REQUEST_JUDICIAL_CONFIRMATION', async (modal) => {
      await pickOption(mediator, modal.locator('.ant-select').first(), '茅箭区人民法院');
    });
    await eventually(async () => (await mediator.locator('[data-track="confirmation"]').textContent())?.includes('待法院受理'));

    await mediator.getByRole('tab', { name: '协议与履行' }).click();
    await mediator.getByTestId('payments').getByText('¥3,000.00').waitFor();
    await screenshot(mediator, '10-case-agreement');
    await mediator.getByRole('tab', { name: '法定期限' }).click();
    await mediator.getByTestId('deadlines').getByText('申请司法确认期限').waitFor();
    await screenshot(mediator, '11-case-deadlines');
    await mediator.getByRole('tab', { name: '办理记录' }).click();
    await mediator.getByTestId('timeline').getByText('登记履行款项').waitFor();
    await screenshot(mediator, '12-case-timeline');
    await mediator.getByRole('tab', { name: /^文书/ }).click();
    await screenshot(mediator, '13-case-documents');
    await mediator.getByRole('tab', { name: '流程图' }).click();
    await mediator.locator('[data-testid="workflow-diagram"] g[data-current="true"]').first().waitFor();
    await screenshot(mediator, '14-case-diagram');

    // The worklist finds the case by a party's name, with its next deadline and days left.
    await mediator.goto('/cases');
    await mediator.getByTestId('case-search').locator('input').fill(WORKER_NAME);
    await mediator.getByTestId('case-search').locator('input').press('Enter');
    await mediator.waitForURL(/q=/);
    // The unfiltered list may still be on screen (it holds this case too): wait for the search's answer.
    // (Polled through locators: the console's CSP forbids the eval a string predicate would need.)
    const rows = mediator.locator('tbody tr[data-case-no]');
    for (const until = Date.now() + 15_000; (await rows.count()) !== 1; ) {
      if (Date.now() > until) throw new Error(`the search still lists ${await rows.count()} rows`);
      await mediator.waitForTimeout(100);
    }
    const row = mediator.locator(`tr[data-case-no="${caseNo}"]`);
    await row.waitFor();
    expect(await row.locator('[data-urgency]').count()).toBe(1);
    expect(await mediator.locator('tbody tr[data-case-no]').count()).toBe(1);
    await screenshot(mediator, '04b-worklist-search');
  });

  it('the court clerk accepts and confirms the agreement from the inbox', async () => {
    const clerk = await pageOf('court-clerk');
    await screenshot(clerk, '15-clerk-home');
    // Other suites may leave referrals pending at this court: one page of 100 holds them all.
    await clerk.goto('/inbox?pageSize=100');
    const row = clerk.locator(`tr[data-case-no="${caseNo}"][data-kind="JUDICIAL_CONFIRMATION"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('司法确认申请');
    await row.locator('button[data-event="JC_ACCEPT"]').waitFor();
    await screenshot(clerk, '16-clerk-inbox');
    await row.locator('button[data-event="JC_ACCEPT"]').click();
    const acceptDialog = clerk.locator('.ant-modal-container').last();
    await acceptDialog.waitFor();
    await clerk.getByTestId('event-submit').click();
    await acceptDialog.waitFor({ state: 'detached' });
    await eventually(async () => (await s.view(caseId, 'court-clerk')).tracks.confirmation === 'reviewing', 30_000);

    await clerk.locator('.ant-segmented').getByText('办理中').click();
    const accepted = clerk.locator(`tr[data-case-no="${caseNo}"][data-kind="JUDICIAL_CONFIRMATION"]`);
    await accepted.locator('button[data-event="JC_CONFIRM"]').click();
    const modal = clerk.locator('.ant-modal-container').last();
    await modal.getByTestId('field-rulingNo').fill('（2025）鄂0302民特1号');
    await screenshot(clerk, '17-clerk-confirm-form', { fullPage: false });
    await clerk.getByTestId('event-submit').click();
    await modal.waitFor({ state: 'detached' });
    const confirmed = await eventually(async () => {
      const v = await s.view(caseId, 'court-clerk');
      return v.tracks.confirmation === 'confirmed' ? v : null;
    });
    expect(confirmed.judicialConfirmation).toMatchObject({ rulingNo: '（2025）鄂0302民特1号' });
    await clerk.goto(`/cases/${caseId}`);
    await eventually(async () => (await clerk.locator('[data-track="confirmation"]').textContent())?.includes('已司法确认'), 30_000);
    await screenshot(clerk, '18-clerk-case-confirmed');

    // The referral reached the court's in-app inbox: read it there, and the unread count goes down.
    await clerk.goto('/notifications');
    const unread = async () => Number((await clerk.getByTestId('notifications-unread').textContent())?.trim() || '0');
    const before = await eventually(async () => {
      const n = await unread();
      if (n === 0) await clerk.reload();
      return n > 0 && n;
    }, 20_000, 1000);
    await screenshot(clerk, '21-notifications');
    await clerk.getByRole('button', { name: /标为已读/ }).first().click();
    await eventually(async () => (await unread()) === before - 1);
  });

  it('the manager sees the money recovered grow by exactly that payment, and the agreed basis labelled', async () => {
    await manager.goto('/dashboard');
    const recovered = manager.getByTestId('stat-recovered');
    const after = await eventually(
      async () => {
        const text = await recovered.textContent();
        if (!text || !/¥/.test(text)) return null;
        const fen = fenOf(text);
        if (fen !== recoveredBefore + PAYMENT_FEN) {
          await manager.getByRole('button', { name: /刷新/ }).click();
          return null;
        }
        return fen;
      },
      30_000,
      1000,
    );
    expect(after - recoveredBefore).toBe(PAYMENT_FEN);
    await screenshot(manager, '19-dashboard-after');

    const [download] = await Promise.all([manager.waitForEvent('download'), manager.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    await manager.getByTestId('basis-switch').getByText('协议金额').click();
    await eventually(async () => (await manager.getByTestId('basis-definition').textContent())?.includes('协议金额'));
    await screenshot(manager, '20-dashboard-agreed-basis');
  });

  it('the whole console in English with one switch, remembered', async () => {
    await mediator.goto(`/cases/${caseId}`);
    await mediator.getByTestId('lang-switch').click();
    await mediator.getByText('What you can do now').waitFor();
    expect(await mediator.evaluate("localStorage.getItem('tiaojie.locale')")).toBe('en-US');
    await screenshot(mediator, '22-case-english');
    await mediator.goto('/cases');
    await mediator.getByText('Worklist').waitFor();
    await screenshot(mediator, '23-worklist-english');
    await mediator.getByTestId('lang-switch').click();
    await mediator.getByText('案件工作台').waitFor();
  });
});
