import { DISPUTE_TYPES } from '@tiaojie/domain';
import { claimTypeLabel, DISPUTE_TYPE_LABELS } from './labels';

describe('claim type labels', () => {
  it.each(DISPUTE_TYPES.map((t) => [t]))('%s has a Chinese label', (type) => {
    expect(DISPUTE_TYPE_LABELS[type]).toMatch(/^[\u4e00-\u9fff、]+$/u);
    expect(claimTypeLabel(type)).toBe(DISPUTE_TYPE_LABELS[type]);
  });

  it('labels the common claims as the documents print them', () => {
    expect(claimTypeLabel('WAGE_ARREARS')).toBe('工资拖欠');
    expect(claimTypeLabel('OVERTIME')).toBe('加班费');
    expect(claimTypeLabel('ECONOMIC_COMPENSATION')).toBe('经济补偿金');
  });

  it('shows an unknown item type (free text in the agreement payload) as given', () => {
    expect(claimTypeLabel('交通补贴')).toBe('交通补贴');
    expect(claimTypeLabel('toString')).toBe('toString');
  });
});
