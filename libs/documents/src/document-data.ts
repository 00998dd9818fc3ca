import type { Fen } from '@tiaojie/domain';

/**
 * The plain data each case document is rendered from. The caller (the API) loads the case and
 * fills these in; this library never touches the database. Dates are 'YYYY-MM-DD' (a civil date,
 * Asia/Shanghai) or an ISO 8601 instant with an offset, which is shown as its Asia/Shanghai date.
 */
export const DOCUMENT_KINDS = ['ACCEPTANCE_NOTICE', 'AGREEMENT', 'TERMINATION_NOTE', 'HANDOVER_PACKET'] as const;
export type DocumentKind = 'ACCEPTANCE_NOTICE' | 'AGREEMENT' | 'TERMINATION_NOTE' | 'HANDOVER_PACKET';

/** The title printed at the top of each document. */
export const DOCUMENT_TITLES: Readonly<Record<DocumentKind, string>> = {
  ACCEPTANCE_NOTICE: '劳动争议调解受理通知书',
  AGREEMENT: '调解协议书',
  TERMINATION_NOTE: '调解终止书',
  HANDOVER_PACKET: '诉前委派调解移交函',
};

export interface DocumentWorker {
  name: string;
  /** Already masked, e.g. '4203**********1237'. A value with no '*' is masked again before rendering. */
  idNumberMasked: string;
  /** Already masked, e.g. '138****5678'. A value with no '*' is masked again before rendering. */
  phoneMasked: string;
}

export interface DocumentEmployer {
  name: string;
  /** Unified social credit code (GB 32100). */
  creditCode: string;
  legalRepresentative?: string;
  address?: string;
}

export interface DocumentClaim {
  /** A dispute-type code such as 'WAGE_ARREARS' (shown with its Chinese label), or free text. */
  type: string;
  claimedFen: Fen;
}

export interface CaseDocumentCommon {
  /** The document's own number, e.g. 'XY-2025-000012'. */
  docNo: string;
  /** ISO 8601 instant or 'YYYY-MM-DD'; the date printed under the seal. */
  issuedAt: string;
  caseNo: string;
  /** The issuing organisation, e.g. '十堰市劳动争议联合调解中心'. */
  centreName: string;
  regionName?: string;
  workers: readonly DocumentWorker[];
  employer: DocumentEmployer;
  facts: string;
  claims: readonly DocumentClaim[];
  mediatorName?: string;
}

export interface AcceptanceNoticeData extends CaseDocumentCommon {
  kind: 'ACCEPTANCE_NOTICE';
  acceptedAt: string;
  /** 'YYYY-MM-DD': the last day of the 15-day mediation period (LDMAL art. 14). */
  mediationDueDate: string;
  /** 'YYYY-MM-DD': from this day a party may apply for arbitration (LDMAL art. 14). */
  arbitrationRightDate: string;
}

export interface AgreementItem {
  type: string;
  agreedFen: Fen;
}

export interface AgreementInstalment {
  /** 'YYYY-MM-DD' */
  dueDate: string;
  amountFen: Fen;
}

export interface AgreementData extends CaseDocumentCommon {
  kind: 'AGREEMENT';
  items: readonly AgreementItem[];
  schedule: readonly AgreementInstalment[];
  signedAt: string;
  /** 'YYYY-MM-DD': the last day to apply jointly for judicial confirmation (People's Mediation Law art. 33). */
  confirmationWindowEnds: string;
}

export interface TerminationNoteData extends CaseDocumentCommon {
  kind: 'TERMINATION_NOTE';
  reason: string;
  terminatedAt: string;
  /** Where the parties go next, one line each (arbitration commission, court, legal aid ...). */
  nextSteps: readonly string[];
}

export interface HandoverHistoryEntry {
  at: string;
  what: string;
}

export interface HandoverPacketData extends CaseDocumentCommon {
  kind: 'HANDOVER_PACKET';
  courtName: string;
  courtCaseRef?: string;
  pointsInDispute: readonly string[];
  /** Why mediation failed. */
  reason: string;
  history: readonly HandoverHistoryEntry[];
}

export type CaseDocumentData = AcceptanceNoticeData | AgreementData | TerminationNoteData | HandoverPacketData;
