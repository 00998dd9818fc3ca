import { limitationStart } from './open-case.request';

describe(limitationStart.name, () => {
  const knew = '2025-01-10T09:00:00+08:00';
  const ended = '2025-03-01T09:00:00+08:00';

  it('wage arrears during employment: no limitation clock until the employment ends (LDMAL art. 27 para. 4)', () => {
    const wages = { disputeTypes: ['WAGE_ARREARS' as const], claims: [{ type: 'WAGE_ARREARS' as const, claimedFen: 1 }] };
    expect(limitationStart({ ...wages, infringementKnownAt: knew })).toBeUndefined();
    expect(limitationStart({ ...wages, infringementKnownAt: knew, employmentEndedAt: ended })).toBe(ended);
  });

  it('other disputes: one year from when the worker knew of the infringement', () => {
    const dismissal = { disputeTypes: ['UNLAWFUL_TERMINATION_DAMAGES' as const], claims: [{ type: 'UNLAWFUL_TERMINATION_DAMAGES' as const, claimedFen: 1 }] };
    expect(limitationStart({ ...dismissal, infringementKnownAt: knew, employmentEndedAt: ended })).toBe(knew);
    expect(limitationStart(dismissal)).toBeUndefined();
  });
});
