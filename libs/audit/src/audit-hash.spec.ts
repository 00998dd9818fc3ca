import { createHash } from 'node:crypto';
import { canonicalAround, computeAuditHash } from './audit-hash';

describe('canonicalAround (the audit hash finished by the database)', () => {
  const contents = [
    { at: '2026-11-25T01:02:03.456Z', actorId: 'u1', actorName: '王调解', action: 'CASE_EVENT', targetType: 'case', targetId: 'c1', details: { caseId: 'c1', eventType: 'ACCEPT', version: 2 } },
    { at: '2026-11-25T01:02:03.456Z', actorId: null, actorName: null, action: 'LOGIN_FAILED', targetType: null, targetId: null, details: {} },
    // Details that look like the split point must not confuse it.
    { at: '2026-01-01T00:00:00.000Z', actorId: 'u"2', actorName: 'a\\b', action: 'ADMIN_X', targetType: 't', targetId: 'x', details: { prevHash: 'zz', seq: 9, nested: { prevHash: '"' } } },
  ];

  it.each(contents)('before + prevHash + seq + after is the text computeAuditHash digests (%#)', (content) => {
    const prevHash = 'a'.repeat(64);
    const seq = 12345;
    const { before, after } = canonicalAround(content);
    const text = `${before}${prevHash}","seq":${seq}${after}`;
    expect(createHash('sha256').update(text).digest('hex')).toBe(computeAuditHash({ ...content, prevHash, seq }));
  });
});
