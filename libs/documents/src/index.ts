export {
  DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  type AcceptanceNoticeData,
  type AgreementData,
  type AgreementInstalment,
  type AgreementItem,
  type CaseDocumentCommon,
  type CaseDocumentData,
  type DocumentClaim,
  type DocumentEmployer,
  type DocumentKind,
  type DocumentWorker,
  type HandoverHistoryEntry,
  type HandoverPacketData,
  type TerminationNoteData,
} from './document-data';
export { renderCaseDocument, formatAmount } from './render-case-document';
export { fenToChineseCapital } from './chinese-capital';
export { formatChineseDate, formatChineseDateTime } from './chinese-date';
export { DISPUTE_TYPE_LABELS, claimTypeLabel } from './labels';
export { redactIdNumbers } from './redaction';
export {
  BOLD_FONT_PATH_ENV,
  CjkFontMissingError,
  FONT_PATH_ENV,
  KNOWN_CJK_FONTS,
  resolveCjkFonts,
  type CjkFontFace,
  type CjkFonts,
  type KnownFont,
  type ResolveCjkFontOptions,
} from './cjk-font';
export { MissingGlyphError } from './pdf-composer';
