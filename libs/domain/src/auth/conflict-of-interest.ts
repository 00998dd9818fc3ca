import { DomainError } from '../errors/domain-error';

/**
 * Conflict of interest at assignment (DOMAIN §3.2; legal-aid practice of §7): a mediator tied to
 * the employer or a party must not be assigned. Ties are declared (by the mediator or an admin):
 * a personal or financial tie, working for the same organisation, or having represented the party.
 */
export const CONFLICT_KINDS = ['DECLARED_TIE', 'SAME_ORGANISATION', 'PRIOR_REPRESENTATION'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export interface ConflictDeclaration {
  userId: string;
  kind: ConflictKind;
  /** The organisation's unified social credit code, when the tie is with an organisation. */
  creditCode?: string | null;
  /** A person's or organisation's name, when there is no code. */
  partyName?: string | null;
  note?: string | null;
}

export interface CaseParties {
  employer: { name: string; creditCode: string | null };
  workerNames: readonly string[];
}

const KIND_WORDS: Record<ConflictKind, string> = {
  DECLARED_TIE: 'has a declared tie with',
  SAME_ORGANISATION: 'works for the same organisation as',
  PRIOR_REPRESENTATION: 'has represented',
};

const same = (a?: string | null, b?: string | null) => !!a && !!b && a.trim().toUpperCase() === b.trim().toUpperCase();

/** The reasons this person may not mediate this case (empty when there is none). */
export function conflictsWith(declarations: readonly ConflictDeclaration[], parties: CaseParties): string[] {
  return declarations.flatMap((d) => {
    const employer = same(d.creditCode, parties.employer.creditCode) || same(d.partyName, parties.employer.name);
    const worker = parties.workerNames.find((n) => same(d.partyName, n));
    if (!employer && !worker) return [];
    const party = employer ? `the employer ${parties.employer.name}` : `the party ${worker}`;
    return [`${KIND_WORDS[d.kind]} ${party}${d.note ? ` (${d.note})` : ''}`];
  });
}

export class ConflictOfInterestError extends DomainError {
  readonly code = 'CONFLICT_OF_INTEREST';
  constructor(
    readonly field: string,
    who: string,
    reasons: readonly string[],
  ) {
    super(`${who} may not be assigned: ${reasons.join('; ')}`);
  }
}
