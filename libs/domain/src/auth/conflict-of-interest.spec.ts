import { conflictsWith, type ConflictDeclaration } from './conflict-of-interest';

describe(conflictsWith.name, () => {
  const parties = { employer: { name: '十堰某建筑公司', creditCode: '91350100M000100Y43' }, workerNames: ['张三', '李四'] };
  const d = (x: Partial<ConflictDeclaration>): ConflictDeclaration => ({ userId: 'u', kind: 'DECLARED_TIE', ...x });

  it('finds a tie with the employer by credit code (any case) or by name, and explains it', () => {
    expect(conflictsWith([d({ creditCode: '91350100m000100y43', note: '配偶任该公司财务' })], parties)).toEqual([
      'has a declared tie with the employer 十堰某建筑公司 (配偶任该公司财务)',
    ]);
    expect(conflictsWith([d({ kind: 'SAME_ORGANISATION', partyName: '十堰某建筑公司' })], parties)).toEqual([
      'works for the same organisation as the employer 十堰某建筑公司',
    ]);
  });

  it('finds prior representation of a worker', () => {
    expect(conflictsWith([d({ kind: 'PRIOR_REPRESENTATION', partyName: '李四' })], parties)).toEqual(['has represented the party 李四']);
  });

  it('finds nothing for ties with others', () => {
    expect(conflictsWith([d({ creditCode: '91370200163562681G' }), d({ partyName: '王五' })], parties)).toEqual([]);
  });
});
