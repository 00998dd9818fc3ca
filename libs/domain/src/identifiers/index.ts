export { type Parsed } from './parsed';
export { parseResidentId, residentIdCheckChar, UNDER_16, type ResidentId } from './resident-id.parser';
export { CREDIT_CODE_ALPHABET, creditCodeCheckChar, parseCreditCode, type CreditCode } from './credit-code.parser';
export { parseMobile, type MobileNumber } from './mobile.parser';
export { maskIdNumber, maskPhone } from './masking';
