import type { INestApplicationContext } from '@nestjs/common';
import { ReminderScheduler } from '@tiaojie/notifications';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startWorker, waitFor, type ApiClient } from '../support/harness';
import { deadlineOf, org, Scenario, user, workers, type CaseView } from '../support/scenario';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Mail {
  to: string[];
  raw: string;
}

/**
 * Issue 5, end to end: cases driven through the test clock produce the expected messages, in order —
 * texts in the recording SMS provider's store (read through the API, as the console does), in-app
 * messages in the inboxes, e-mails to managers and receiving organisations through a real local SMTP
 * server that refuses every message twice before accepting it. The worker is the real one (planner, dispatcher,
 * reminder scheduler), in process, with the default recording SMS provider.
 */
describe('Notifications, end to end through the test clock', () => {
  let s: Scenario;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  const refusals = new Map<string, number>();

  beforeAll(async () => {
    // Refuses each message twice (451 after DATA, a temporary failure), then accepts it.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const id = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? raw;
          const seen = (refusals.get(id) ?? 0) + 1;
          refusals.set(id, seen);
          if (seen <= 2) {
            const err = new Error('Requested action aborted: try again later') as Error & { responseCode: number };
            err.responseCode = 451;
            return callback(err);
          }
          mails.push({ raw, to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    s = await Scenario.start();
    worker = await startWorker({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMS_PROVIDER: 'recording' });
  });
  afterAll(async () => {
    await worker?.close();
    await s?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  /** Texts to the case's parties, as the case page shows them (oldest first). */
  async function texts(c: { id: string }): Promise<any[]> {
    const r = await (await s.as('mediator')).get(`/api/cases/${c.id}/messages?pageSize=100`);
    expect(r.status).toBe(200);
    return r.body.items;
  }

  /** Waits until the case has `n` texts and answers them. */
  async function textsReach(c: { id: string }, n: number): Promise<any[]> {
    return waitFor(async () => {
      const t = await texts(c);
      return t.length >= n && t;
    }, 20_000);
  }

  /** The in-app messages of `username` about the case (newest first, as the inbox lists them). */
  async function inbox(username: Parameters<Scenario['as']>[0], c: { id: string }): Promise<any[]> {
    const r = await (await s.as(username)).get('/api/notifications?pageSize=100');
    expect(r.status).toBe(200);
    return r.body.items.filter((i: any) => i.caseId === c.id);
  }

  /** Moves the clock, lets the worker's clock follow, and runs the reminder sweep the worker runs every minute. */
  async function clockTo(t: Date | number): Promise<void> {
    await s.moveClockTo(new Date(t));
    await new Promise((r) => setTimeout(r, 1200)); // the worker reads the shared test clock every second
    await worker.get(ReminderScheduler).sweep();
  }

  const templates = (items: any[]) => items.map((i) => i.template);

  it('a mediated case: acceptance, session, arbitration right, agreement, referral, confirmation, payment — in order, each once', async () => {
    const mediator: ApiClient = await s.as('mediator');
    const opened = await s.open();
    expect(opened.workers[0].phone).toBe('138****5678');

    // 1. Accepted: the worker is told.
    await s.send(opened.id, 'mediator', { type: 'ACCEPT' });
    let t = await textsReach(opened, 1);
    expect(templates(t)).toEqual(['CASE_ACCEPTED']);
    expect(t[0]).toMatchObject({ to: '138****5678', locale: 'zh-CN', caseNo: opened.caseNo });
    expect(t[0].body).toContain(opened.caseNo);

    // 2. A session is scheduled: both parties (the worker; employers have no phone on file) hear when.
    let c: CaseView = await s.send(opened.id, 'mediator', { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') });
    const sessionAt = new Date((await s.clockNow()).getTime() + 2 * DAY);
    c = await s.send(c.id, 'mediator', { type: 'SCHEDULE_SESSION', at: sessionAt.toISOString(), place: '茅箭区劳动争议调解中心' });
    t = await textsReach(c, 2);
    expect(templates(t)).toEqual(['CASE_ACCEPTED', 'SESSION_SCHEDULED']);
    expect(t[1].body).toMatch(/调解会议定于\d{4}年\d{1,2}月\d{1,2}日/);

    // 3. Three days before the mediation period ends, the mediator is reminded in the console.
    const period = deadlineOf(c, 'MEDIATION_PERIOD');
    await clockTo(new Date(period.dueAt).getTime() - 3 * DAY + HOUR);
    const reminded = await waitFor(async () => (await inbox('mediator', c)).filter((i) => i.template === 'REMINDER').length === 1 && (await inbox('mediator', c)));
    const reminder = reminded.find((i: any) => i.template === 'REMINDER');
    expect(reminder.body).toContain(c.caseNo);
    expect(reminder.body).toContain('《劳动争议调解仲裁法》第十四条');
    expect((await mediator.get('/api/notifications/unread-count')).body.unread).toBeGreaterThanOrEqual(1);

    // Both parties agree to extend: the old period's 1-day reminder is now stale and never arrives.
    c = await s.send(c.id, 'mediator', { type: 'EXTEND_MEDIATION', days: 15, consentOfBoth: true });
    const extended = deadlineOf(c, 'MEDIATION_PERIOD');
    expect(new Date(extended.dueAt).getTime()).toBeGreaterThan(new Date(period.dueAt).getTime());

    // 4. Fifteen days after the application the worker may go to arbitration, and is told so.
    const right = deadlineOf(c, 'ARBITRATION_RIGHT');
    await clockTo(new Date(right.dueAt).getTime() + HOUR);
    await clockTo(new Date(period.dueAt).getTime() + HOUR); // past the old period's end: its reminders stay silent
    t = await textsReach(c, 3);
    expect(templates(t)).toEqual(['CASE_ACCEPTED', 'SESSION_SCHEDULED', 'ARBITRATION_RIGHT_OPEN']);
    expect(t[2].body).toContain('劳动仲裁');
    expect((await inbox('mediator', c)).filter((i) => i.template === 'REMINDER')).toHaveLength(1);

    // 5. The agreement: the worker hears of it and of the 30-day confirmation window (one event, two texts).
    c = await s.agree(c.id, { totalFen: 1_000_000, instalments: [{ inDays: 20, amountFen: 1_000_000 }] });
    t = await textsReach(c, 5);
    expect(templates(t.slice(0, 3))).toEqual(['CASE_ACCEPTED', 'SESSION_SCHEDULED', 'ARBITRATION_RIGHT_OPEN']);
    expect(templates(t.slice(3)).sort()).toEqual(['AGREEMENT_REACHED', 'CONFIRMATION_PROMPT']);
    expect(t.find((x) => x.template === 'AGREEMENT_REACHED').body).toContain('¥10,000.00');

    // 6. A joint application to the court: the court's clerk gets it in the console and by e-mail —
    //    the SMTP server refuses twice, the message arrives once.
    c = await s.send(c.id, 'mediator', { type: 'REQUEST_JUDICIAL_CONFIRMATION', courtOrgId: org('court-maojian') });
    const referral = await waitFor(async () => (await inbox('court-clerk', c)).find((i) => i.template === 'REFERRAL_JUDICIAL_CONFIRMATION'));
    expect(referral.body).toContain(c.caseNo);
    const referralMails = await waitFor(
      async () => {
        const rows = await s.sql(
          `SELECT dedupe_key, status, attempts FROM notifications WHERE case_id = $1 AND template = 'REFERRAL_JUDICIAL_CONFIRMATION' AND channel = 'EMAIL'`,
          [c.id],
        );
        return rows.length > 0 && rows.every((r) => r.status === 'SENT') && rows;
      },
      30_000,
    );
    expect(referralMails).toHaveLength(1); // the court clerk is the one person of that court with an address
    // Its Message-ID is derived from the dedupe key: exactly one such mail reached the server, addressed to the clerk.
    const messageId = createHash('sha256').update(referralMails[0].dedupe_key).digest('hex').slice(0, 32);
    const referralMail = mails.filter((m) => m.raw.includes(messageId));
    expect(referralMail).toHaveLength(1);
    expect(referralMail[0].to).toEqual(['court-clerk@shiyan.tiaojie.example']);
    expect(referralMails[0].attempts).toBe(3); // two refusals (451), then accepted
    expect([...refusals.entries()].find(([k]) => k.includes(messageId))?.[1]).toBe(3);

    // 7. The court lets its 3 days to accept pass: the union's managers are told (console and e-mail).
    const accept = deadlineOf(c, 'COURT_ACCEPT_CONFIRMATION');
    await clockTo(new Date(accept.dueAt).getTime() + HOUR);
    const overdue = await waitFor(async () => (await inbox('union-manager', c)).find((i) => i.template === 'DEADLINE_OVERDUE'));
    expect(overdue.body).toContain(c.caseNo);
    await waitFor(async () => mails.some((m) => m.to.includes('union-manager@shiyan.tiaojie.example')), 20_000);

    // 8. The court accepts and confirms: the worker is told the agreement can now be enforced.
    await s.send(c.id, 'court-clerk', { type: 'JC_ACCEPT' });
    c = await s.send(c.id, 'court-clerk', { type: 'JC_CONFIRM', rulingNo: '(2026)鄂0302民特88号' });
    t = await textsReach(c, 6);
    expect(t[5].template).toBe('AGREEMENT_CONFIRMED');
    expect(t[5].body).toContain('强制执行');

    // 9. The employer pays: the worker is told the amount.
    const paidAt = (await s.clockNow()).toISOString();
    c = await s.send(c.id, 'mediator', { type: 'RECORD_PAYMENT', amountFen: 1_000_000, paidAt, method: 'BANK_TRANSFER' });
    t = await textsReach(c, 7);
    expect(t[6].template).toBe('PAYMENT_RECORDED');
    expect(t[6].body).toContain('¥10,000.00');

    // Every text once, oldest first, in the order the case went; never an ID number or a full phone.
    t = await texts(c);
    expect(templates(t)).toEqual([
      'CASE_ACCEPTED',
      'SESSION_SCHEDULED',
      'ARBITRATION_RIGHT_OPEN',
      ...templates(t.slice(3, 5)),
      'AGREEMENT_CONFIRMED',
      'PAYMENT_RECORDED',
    ]);
    expect(new Set(t.map((x) => x.seq)).size).toBe(t.length);
    for (const x of t) {
      expect(x.body).not.toMatch(/\d{17}[\dX]/);
      expect(JSON.stringify(x)).not.toContain('13812345678');
    }
    // The dispatcher's rows agree with what the provider recorded: every SMS row SENT, once.
    const rows = await s.sql(`SELECT template, status FROM notifications WHERE case_id = $1 AND channel = 'SMS'`, [c.id]);
    expect(rows).toHaveLength(t.length);
    expect(rows.every((r) => r.status === 'SENT')).toBe(true);

    // A manager sees the same texts in the region's log; the failed list has none of this case.
    const log = await (await s.as('union-manager')).get('/api/notifications/sms?pageSize=100');
    expect(log.status).toBe(200);
    const failed = await (await s.as('union-manager')).get('/api/notifications/failed?pageSize=100');
    expect(failed.body.items.filter((f: any) => f.caseId === c.id)).toEqual([]);
    // A mediator of another county cannot read this case's texts (existence does not leak).
    expect((await (await s.as('mediator-yunxi')).get(`/api/cases/${c.id}/messages`)).status).toBe(404);
    // Managers only for the region log.
    expect((await mediator.get('/api/notifications/sms')).status).toBe(403);
  });

  it('after an arbitration award the worker is texted 3 days and 1 day before the 15 days to sue run out; the commission is reminded of its award deadline', async () => {
    const c0 = await s.openAccepted();
    await s.send(c0.id, 'mediator', { type: 'MEDIATION_FAILED', reason: '用人单位拒绝调解' });
    await s.send(c0.id, 'mediator', { type: 'REFER_ARBITRATION', commissionOrgId: org('hrss-arbitration-city') });
    let c = await s.send(c0.id, 'arb-clerk', { type: 'ARB_ACCEPT' });

    // The commission must rule within 45 days: its clerk is reminded 3 days before, in the console and by e-mail.
    const award = deadlineOf(c, 'ARBITRATION_AWARD');
    await clockTo(new Date(award.dueAt).getTime() - 3 * DAY + HOUR);
    const arbReminder = await waitFor(async () => (await inbox('arb-clerk', c)).find((i) => i.template === 'REMINDER'));
    expect(arbReminder.body).toContain('第四十三条');
    await waitFor(async () => mails.some((m) => m.to.includes('arb-clerk@shiyan.tiaojie.example')), 20_000);

    const before = (await texts(c)).length;
    const servedAt = (await s.clockNow()).toISOString();
    c = await s.send(c.id, 'arb-clerk', { type: 'AWARD_SERVED', servedAt, items: [{ type: 'WAGE_ARREARS', awardedFen: 5_000_000 }] });
    const sue = deadlineOf(c, 'SUE_AFTER_AWARD');
    expect(sue).toBeDefined();

    await clockTo(new Date(sue.dueAt).getTime() - 3 * DAY + HOUR);
    let t = await textsReach(c, before + 1);
    const first = t.filter((x) => x.template === 'REMINDER');
    expect(first).toHaveLength(1);
    expect(first[0].body).toContain('3天');
    expect(first[0].body).toContain('第四十八条');

    await clockTo(new Date(sue.dueAt).getTime() - DAY + HOUR);
    t = await textsReach(c, before + 2);
    const reminders = t.filter((x) => x.template === 'REMINDER');
    expect(reminders.map((x) => x.body.includes('1天'))).toEqual([false, true]);
    // Once each, even after another sweep.
    await worker.get(ReminderScheduler).sweep();
    await new Promise((r) => setTimeout(r, 500));
    expect((await texts(c)).filter((x) => x.template === 'REMINDER')).toHaveLength(2);
  });

  it('a collective dispute alerts the region at once: the union\u2019s managers, the procurators and the HRSS staff, in the console (and by e-mail where they have an address)', async () => {
    const c = await s.open({ workers: workers(12), representatives: [0, 1, 2], claims: [{ type: 'WAGE_ARREARS', claimedFen: 12 * 800_000 }] });
    expect(c.collective).toBe(true);
    for (const who of ['union-manager', 'city-manager', 'procurator', 'arb-clerk', 'hrss-inspector'] as const) {
      const alert = await waitFor(async () => (await inbox(who, c)).find((i) => i.template === 'COLLECTIVE_DISPUTE'));
      expect(alert.body).toContain(c.caseNo);
      expect(alert.body).toContain('12');
    }
    // Once per person, however many bodies of the region were alerted.
    const rows = await s.sql(
      `SELECT recipient_user_id AS "userId", channel, count(*)::int AS n FROM notifications
        WHERE case_id = $1 AND template = 'COLLECTIVE_DISPUTE' GROUP BY 1, 2`,
      [c.id],
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const byEmail = rows.filter((r) => r.channel === 'EMAIL').map((r) => r.userId).sort();
    expect(byEmail).toEqual([user('arb-clerk'), user('city-manager'), user('union-manager')].sort());
    // The mediators who work the case are not alerted: they opened it.
    expect(await inbox('mediator', c)).toEqual([]);
  });
});
