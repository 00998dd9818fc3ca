import fc from 'fast-check';
import { DEADLINE_KINDS, DEADLINE_RULES, type NotificationTemplate } from '@tiaojie/domain';
import type { Locale } from '../channel.port';
import { CASE_NOTIFICATION_TEMPLATES, formatShanghai, MESSAGE_TEMPLATES, renderNotification, TemplateParamsError, type NotificationParams } from './render';
import { deadlineWords } from './deadline-words';

const LOCALES: Locale[] = ['zh-CN', 'en'];
const caseNo = 'TJ-420302-2026-00017';
const full: NotificationParams = {
  caseNo,
  deadlineKind: 'MEDIATION_PERIOD',
  dueAt: '2026-03-20T16:00:00.000Z', // 2026-03-21 00:00 Shanghai → "3月20日24:00"
  daysLeft: 3,
  orgName: '西城街道调解委员会',
  amountFen: 1_250_000,
  sessionAt: '2026-03-10T01:30:00.000Z',
  workerCount: 42,
};

describe('renderNotification', () => {
  it('covers every NotificationTemplate the domain can emit', () => {
    // A compile-time check: a template added to the domain union breaks this line until it is covered here.
    const all: Record<NotificationTemplate, true> = Object.fromEntries(CASE_NOTIFICATION_TEMPLATES.map((t) => [t, true])) as Record<NotificationTemplate, true>;
    expect(Object.keys(all)).toHaveLength(18);
    expect(MESSAGE_TEMPLATES).toEqual(expect.arrayContaining(['REMINDER', 'OVERDUE', 'REFERRAL_JUDICIAL_CONFIRMATION', 'REFERRAL_LABOR_INSPECTION']));
    expect(MESSAGE_TEMPLATES).toHaveLength(18 + 2 + 10);
  });

  describe.each(LOCALES)('%s', (locale) => {
    it.each(MESSAGE_TEMPLATES.map((t) => [t]))('%s renders with the case number, short and without ID-like text', (template) => {
      const { subject, body } = renderNotification(template, locale, full);
      expect(subject).toContain(caseNo);
      expect(body).toContain(caseNo);
      expect(subject.length).toBeLessThanOrEqual(80);
      expect(body.length).toBeLessThanOrEqual(locale === 'zh-CN' ? 160 : 400);
      expect(`${subject} ${body}`).not.toMatch(/\d{17}[\dXx]/);
      expect(`${subject} ${body}`).not.toMatch(/undefined|NaN|\[object/);
      if (locale === 'zh-CN') expect(body).toMatch(/[\u4e00-\u9fff]/);
    });

    it.each(MESSAGE_TEMPLATES.map((t) => [t]))('%s renders with only the params it needs', (template) => {
      const needs: Partial<NotificationParams> =
        template === 'REMINDER' ? { deadlineKind: 'ARBITRATION_AWARD', dueAt: full.dueAt, daysLeft: 1 }
        : template === 'OVERDUE' ? { deadlineKind: 'ARBITRATION_AWARD', dueAt: full.dueAt }
        : template === 'DEADLINE_OVERDUE' ? { deadlineKind: 'ARBITRATION_AWARD' }
        : template === 'SESSION_SCHEDULED' ? { sessionAt: full.sessionAt }
        : template === 'PAYMENT_RECORDED' ? { amountFen: 500 }
        : {};
      const { body } = renderNotification(template, locale, { caseNo, ...needs });
      expect(body).toContain(caseNo);
      expect(body).not.toMatch(/undefined|NaN|\[object|（）|\(\)/);
    });

    it.each(DEADLINE_KINDS.map((k) => [k]))('a reminder for %s names the deadline, its meaning and its article', (kind) => {
      const words = deadlineWords(kind, locale);
      const { subject, body } = renderNotification('REMINDER', locale, { caseNo, deadlineKind: kind, dueAt: full.dueAt, daysLeft: 3 });
      expect(subject).toContain(words.name);
      expect(body).toContain(words.name);
      expect(body).toContain(words.meaning);
      expect(body).toContain(words.article);
      expect(body).toContain(locale === 'zh-CN' ? '3天' : '3 days');
      if (locale === 'en') expect(body).toContain(DEADLINE_RULES[kind].article);
    });

    it('OVERDUE names the deadline and its article', () => {
      const { body } = renderNotification('OVERDUE', locale, { caseNo, deadlineKind: 'ACCEPTANCE_SLA', dueAt: full.dueAt });
      expect(body).toContain(deadlineWords('ACCEPTANCE_SLA', locale).article);
    });
  });

  it('zh-CN reminder reads naturally, with the due time in Shanghai (a midnight end reads as 24:00)', () => {
    const { body } = renderNotification('REMINDER', 'zh-CN', { caseNo, deadlineKind: 'ARBITRATION_RIGHT', dueAt: full.dueAt, daysLeft: 3 });
    expect(body).toBe(
      `提醒：案号${caseNo}的「可申请仲裁之日」还有3天到期（2026年3月20日24:00）。自调解组织收到申请之日起15日内未达成调解协议的，当事人可以申请劳动仲裁。依据：《劳动争议调解仲裁法》第十四条。`,
    );
  });

  it('en says "1 day", not "1 days"', () => {
    const { subject, body } = renderNotification('REMINDER', 'en', { caseNo, deadlineKind: 'LIMITATION', dueAt: full.dueAt, daysLeft: 1 });
    expect(subject).toContain('in 1 day ');
    expect(body).toContain('due in 1 day (2026-03-20 24:00 (Beijing time))');
  });

  it('formats amounts with formatYuan', () => {
    expect(renderNotification('PAYMENT_RECORDED', 'zh-CN', { caseNo, amountFen: 1_250_000 }).body).toContain('¥12,500.00');
    expect(renderNotification('PAYMENT_RECORDED', 'en', { caseNo, amountFen: 5 }).body).toContain('¥0.05');
  });

  it('formats session times in Shanghai', () => {
    expect(formatShanghai('2026-03-10T01:30:00Z', 'zh-CN', false)).toBe('2026年3月10日09:30');
    expect(formatShanghai('2026-03-20T16:00:00Z', 'zh-CN', false)).toBe('2026年3月21日00:00');
    expect(formatShanghai('2026-03-20T16:00:00Z', 'en', true)).toBe('2026-03-20 24:00 (Beijing time)');
  });

  describe('refuses anything that could carry personal data', () => {
    it.each([['idNumber'], ['phone'], ['name'], ['workerName'], ['address'], ['email']])('an unknown param key "%s"', (key) => {
      const params = { caseNo, [key]: '110101199003078515' } as unknown as NotificationParams;
      expect(() => renderNotification('CASE_ACCEPTED', 'zh-CN', params)).toThrow(TemplateParamsError);
      // The error names the key, never the value.
      expect(() => renderNotification('CASE_ACCEPTED', 'zh-CN', params)).toThrow(new RegExp(`^unknown template params: ${key}$`));
    });

    it('an ID number or phone smuggled into caseNo or orgName', () => {
      expect(() => renderNotification('CASE_ACCEPTED', 'zh-CN', { caseNo: '110101199003078515' })).toThrow(TemplateParamsError);
      expect(() => renderNotification('CASE_ACCEPTED', 'zh-CN', { caseNo: 'TJ-13812345678' })).toThrow(TemplateParamsError);
      expect(() => renderNotification('CASE_ACCEPTED', 'zh-CN', { caseNo: '张三 110101199003078515' })).toThrow(TemplateParamsError);
      expect(() => renderNotification('CASE_ACCEPTED', 'zh-CN', { caseNo, orgName: '张三 110101199003078515' })).toThrow(TemplateParamsError);
      expect(() => renderNotification('CASE_ACCEPTED', 'zh-CN', { caseNo, orgName: '电话13812345678' })).toThrow(TemplateParamsError);
    });

    it('property: whatever allowed params hold, no 18-character ID-number-like string is ever rendered', () => {
      const anyTemplate = fc.constantFrom(...MESSAGE_TEMPLATES);
      const params = fc.record(
        {
          caseNo: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/),
          deadlineKind: fc.constantFrom(...DEADLINE_KINDS),
          dueAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
          daysLeft: fc.nat({ max: 400 }),
          orgName: fc.string({ maxLength: 80 }),
          amountFen: fc.maxSafeNat(),
          sessionAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
          workerCount: fc.nat({ max: 100_000 }),
        },
        { requiredKeys: ['caseNo', 'deadlineKind', 'dueAt', 'daysLeft', 'sessionAt', 'amountFen'] },
      );
      fc.assert(
        fc.property(anyTemplate, fc.constantFrom(...LOCALES), params, (template, locale, p) => {
          let out: { subject: string; body: string };
          try {
            out = renderNotification(template, locale, p);
          } catch (e) {
            expect(e).toBeInstanceOf(TemplateParamsError);
            return;
          }
          expect(`${out.subject}\n${out.body}`).not.toMatch(/\d{17}[\dXx]/);
        }),
        { numRuns: 1000 },
      );
    });
  });

  it('refuses unknown templates, locales and missing required params', () => {
    expect(() => renderNotification('NOPE' as never, 'zh-CN', { caseNo })).toThrow(/unknown template/);
    expect(() => renderNotification('REFERRAL_NOPE' as never, 'zh-CN', { caseNo })).toThrow(/unknown template/);
    expect(() => renderNotification('CASE_ACCEPTED', 'fr' as never, { caseNo })).toThrow(/unknown locale/);
    expect(() => renderNotification('REMINDER', 'en', { caseNo, deadlineKind: 'LIMITATION', daysLeft: 1 })).toThrow(/needs "dueAt"/);
    expect(() => renderNotification('REMINDER', 'en', { caseNo, deadlineKind: 'NOPE' as never, dueAt: full.dueAt, daysLeft: 1 })).toThrow(/deadlineKind/);
    expect(() => renderNotification('PAYMENT_RECORDED', 'en', { caseNo, amountFen: 1.5 })).toThrow(/amountFen/);
    expect(() => renderNotification('REMINDER', 'en', { caseNo, deadlineKind: 'LIMITATION', dueAt: 'tomorrow', daysLeft: 1 })).toThrow(/ISO/);
  });
});
