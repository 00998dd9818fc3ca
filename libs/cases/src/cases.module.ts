import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@tiaojie/audit';
import { LegalCalendar } from '@tiaojie/domain';
import { FireDeadlineHandler } from './commands/fire-deadline/fire-deadline.handler';
import { FireDueDeadlinesHandler } from './commands/fire-due-deadlines/fire-due-deadlines.handler';
import { OpenCaseHandler } from './commands/open-case/open-case.handler';
import { SendCaseEventHandler } from './commands/send-case-event/send-case-event.handler';
import { GetCaseHistoryHandler } from './queries/get-case-history/get-case-history.handler';
import { GetCaseHandler } from './queries/get-case/get-case.handler';
import { ListCasesHandler } from './queries/list-cases/list-cases.handler';
import { ListReferralsHandler } from './queries/list-referrals/list-referrals.handler';
import { GetCaseDocumentHandler } from './queries/get-case-document/get-case-document.handler';
import { AuditTrailRevealAudit, RevealAudit } from './queries/reveal-party/reveal-audit';
import { RevealPartyHandler } from './queries/reveal-party/reveal-party.handler';
import { CaseTransitionWriter, LEGAL_CALENDAR } from './shared/case-transition.writer';
import { DeadlineFiring } from './shared/deadline-firing';
import { CaseViewLoader } from './shared/case-view.loader';
import { CaseAccess } from './shared/case-access';
import { ConflictCheck } from './shared/conflict-check';
import { DeadlineEffects } from './shared/deadline-effects';
import { ReportingProjection } from './shared/reporting-projection';

@Module({
  imports: [CqrsModule, AuditModule],
  providers: [
    { provide: LEGAL_CALENDAR, useFactory: () => new LegalCalendar() },
    CaseTransitionWriter,
    DeadlineFiring,
    DeadlineEffects,
    ReportingProjection,
    CaseViewLoader,
    CaseAccess,
    ConflictCheck,
    OpenCaseHandler,
    SendCaseEventHandler,
    FireDeadlineHandler,
    FireDueDeadlinesHandler,
    GetCaseHandler,
    GetCaseHistoryHandler,
    ListCasesHandler,
    ListReferralsHandler,
    GetCaseDocumentHandler,
    { provide: RevealAudit, useClass: AuditTrailRevealAudit },
    RevealPartyHandler,
  ],
  exports: [LEGAL_CALENDAR],
})
export class CasesModule {}
