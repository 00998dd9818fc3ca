/**
 * The parts of libs/domain the console shares with the server. They are pure TypeScript with no
 * framework imports, so the browser runs the very checks the API runs (GB 11643 ID numbers,
 * GB 32100 credit codes, mobile numbers), the same labels and the same access policy. Import them
 * from here, never by copying.
 */
export { parseResidentId, UNDER_16 } from '../../../../libs/domain/src/identifiers/resident-id.parser';
export { parseCreditCode } from '../../../../libs/domain/src/identifiers/credit-code.parser';
export { parseMobile } from '../../../../libs/domain/src/identifiers/mobile.parser';
export { STATE_LABELS, TRACK_LABELS } from '../../../../libs/domain/src/case/case-states';
export { DISPUTE_TYPES, EMPLOYMENT_FORMS, ID_TYPES, COLLECTIVE_THRESHOLD } from '../../../../libs/domain/src/case/case-data';
export { CHANNELS, PAYMENT_METHODS } from '../../../../libs/domain/src/case/case.types';
export type { CaseEventType } from '../../../../libs/domain/src/case/case.types';
export { DEADLINE_KINDS } from '../../../../libs/domain/src/deadlines/deadline-rules';
export { grantsFor, type Action } from '../../../../libs/domain/src/auth/access-policy';
export { ROLES, AGENCIES, type Role, type Agency } from '../../../../libs/domain/src/auth/roles';
