import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DOCUMENT_KINDS, renderCaseDocument, type CaseDocumentCommon, type CaseDocumentData, type DocumentKind } from '@tiaojie/documents';
import { LegalCalendar, maskIdNumber, maskPhone, NotFoundError, stateLabel } from '@tiaojie/domain';
import { CaseTypeormRepository, IdentityTypeormRepository, TransactionRunner, type CaseEventRecord } from '@tiaojie/persistence';
import { CaseViewLoader } from '../../shared/case-view.loader';
import { CaseAccess } from '../../shared/case-access';
import type { CaseViewParts } from '../../shared/case-view';
import { LEGAL_CALENDAR } from '../../shared/deadline-effects';
import { GetCaseDocumentQuery, type RenderedDocument } from './get-case-document.query';

/** Where the worker may go once mediation has ended without agreement (LDMAL arts. 5, 14). */
const NEXT_STEPS = [
  '向有管辖权的劳动人事争议仲裁委员会申请仲裁（《劳动争议调解仲裁法》第十四条）',
  '符合法律规定的，可以依法向人民法院提起诉讼',
  '可以向法律援助机构申请法律援助；农民工追索劳动报酬的，免予经济困难审查',
];

/**
 * Renders a document the case has issued (its number and date come from `case_documents`),
 * from what the case holds now. ID numbers and phones are masked, as in every response.
 */
@QueryHandler(GetCaseDocumentQuery)
export class GetCaseDocumentHandler implements IQueryHandler<GetCaseDocumentQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly identity: IdentityTypeormRepository,
    private readonly views: CaseViewLoader,
    private readonly access: CaseAccess,
    @Inject(LEGAL_CALENDAR) private readonly calendar: LegalCalendar,
  ) {}

  async execute({ caller, caseId, kind }: GetCaseDocumentQuery): Promise<RenderedDocument> {
    const parts = await this.tx.read(async (reader) => {
      const record = await this.cases.findById(reader, caseId);
      if (!record) throw new NotFoundError('case');
      await this.access.assert(reader, caller, record, 'case.read');
      if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new NotFoundError('document');
      return this.views.load(reader, record);
    });
    const issued = parts.documents.filter((d) => d.kind === kind).at(-1);
    if (!issued) throw new NotFoundError('document');
    const common = await this.common(parts, issued.docNo, issued.issuedAt);
    const data = await this.specific(kind as DocumentKind, parts, common, issued.issuedAt);
    return { docNo: issued.docNo, kind, pdf: await renderCaseDocument(data) };
  }

  private async common(parts: CaseViewParts, docNo: string, issuedAt: Date): Promise<CaseDocumentCommon> {
    const r = parts.record;
    const ctx = r.snapshot.context;
    const [centre, mediator] = await Promise.all([
      this.identity.findOrgById(r.orgId),
      ctx.mediatorId ? this.identity.findUserById(ctx.mediatorId) : null,
    ]);
    const employer = parts.parties.find((p) => p.kind === 'EMPLOYER');
    return {
      docNo,
      issuedAt: issuedAt.toISOString(),
      caseNo: r.caseNo,
      centreName: centre?.name ?? '',
      workers: parts.parties
        .filter((p) => p.kind === 'WORKER')
        .map((w) => ({ name: w.name, idNumberMasked: w.idNumber ? maskIdNumber(w.idNumber) : '', phoneMasked: w.phone ? maskPhone(w.phone) : '' })),
      employer: { name: employer?.name ?? '', creditCode: employer?.creditCode ?? '', address: employer?.address ?? undefined },
      facts: r.facts,
      claims: parts.claims.map((c) => ({ type: c.type, claimedFen: c.claimedFen })),
      mediatorName: mediator?.displayName,
    };
  }

  private async specific(kind: DocumentKind, parts: CaseViewParts, common: CaseDocumentCommon, issuedAt: Date): Promise<CaseDocumentData> {
    const ctx = parts.record.snapshot.context;
    const lastDay = (k: string) => parts.deadlines.filter((d) => d.kind === k).at(-1)?.lastDay;
    switch (kind) {
      case 'ACCEPTANCE_NOTICE':
        return {
          ...common,
          kind,
          acceptedAt: ctx.acceptedAt ?? issuedAt.toISOString(),
          mediationDueDate: lastDay('MEDIATION_PERIOD') ?? lastDay('ENTRUSTED_PERIOD') ?? '',
          arbitrationRightDate: lastDay('ARBITRATION_RIGHT') ?? '',
        };
      case 'AGREEMENT': {
        const a = ctx.agreement;
        if (!a) throw new NotFoundError('document');
        return {
          ...common,
          kind,
          items: a.items,
          schedule: a.schedule,
          signedAt: a.signedAt,
          // People's Mediation Law art. 33: 30 days from the agreement taking effect.
          confirmationWindowEnds: lastDay('CONFIRMATION_WINDOW') ?? this.calendar.addPeriod(new Date(a.signedAt), 30, 'CALENDAR_DAYS').lastDay,
        };
      }
      case 'TERMINATION_NOTE':
        return { ...common, kind, reason: ctx.closingReason ?? '调解不成', terminatedAt: issuedAt.toISOString(), nextSteps: NEXT_STEPS };
      case 'HANDOVER_PACKET': {
        const history = await this.cases.findHistory(this.tx.reader, parts.record.id);
        const returned = history.filter((e) => e.type === 'RETURN_TO_COURT').at(-1);
        const court = parts.record.entrustingCourtOrgId ? await this.identity.findOrgById(parts.record.entrustingCourtOrgId) : null;
        const points = (returned?.payload.pointsInDispute as string[] | undefined) ?? [];
        return {
          ...common,
          kind,
          courtName: court?.name ?? '',
          courtCaseRef: parts.record.courtCaseRef ?? undefined,
          pointsInDispute: points.length ? points : ['双方就上述请求事项未能达成一致'],
          reason: ctx.closingReason ?? '委派调解期限届满，未能达成调解协议',
          history: history.map(describe),
        };
      }
    }
  }
}

function describe(e: CaseEventRecord): { at: string; what: string } {
  return { at: e.at.toISOString(), what: `${e.actorName}：${stateLabel(e.stateTo)}（${e.type}）` };
}

