import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '@tiaojie/audit';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import {
  CLOCK,
  COLLECTIVE_THRESHOLD,
  ForbiddenEventError,
  mayOpenCase,
  TIERS,
  trackStates,
  type Tier,
  GENESIS_HASH,
  LegalCalendar,
  NotFoundError,
  openCaseWorkflow,
  DEFAULT_CASE_POLICY,
  parseCreditCode,
  parseMobile,
  parseResidentId,
  regionPrefix,
  ValidationError,
  type Clock,
} from '@tiaojie/domain';
import {
  CaseTypeormRepository,
  IdempotencyTypeormRepository,
  IdentityTypeormRepository,
  OutreachTypeormRepository,
  TransactionRunner,
  type CaseRecord,
  type OrgRecord,
  type PartyRecord,
} from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';
import { buildCaseView } from '../../shared/case-view';
import { CaseViewLoader } from '../../shared/case-view.loader';
import { CaseTransitionWriter } from '../../shared/case-transition.writer';
import { runIdempotent } from '../../shared/idempotent';
import { OpenCaseCommand } from './open-case.command';
import { limitationStart, type OpenCaseRequest } from './open-case.request';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly identity: IdentityTypeormRepository,
    private readonly idempotency: IdempotencyTypeormRepository,
    private readonly writer: CaseTransitionWriter,
    private readonly views: CaseViewLoader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditTrail,
    private readonly outreach: OutreachTypeormRepository,
  ) {}

  async execute({ caller, request, idempotency, machineVersion }: OpenCaseCommand) {
    const now = this.clock.now();
    const receivedAt = request.receivedAt ? new Date(request.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime()) {
      throw new ValidationError([{ field: 'receivedAt', message: 'cannot be in the future' }]);
    }
    if (!mayOpenCase(caller.roles, request.channel)) throw new ForbiddenEventError('OPEN_CASE', `your role may not open ${request.channel} cases`);
    if (!caller.orgId) throw new ValidationError([{ field: 'orgId', message: 'your account has no organisation to open cases for' }]);
    const callerOrg = await this.identity.findOrgById(caller.orgId);
    if (!callerOrg) throw new NotFoundError('organisation');
    const { org, entrustingCourtOrgId } = await this.handlingOrg(request, callerOrg);
    await this.checkOutreachActivity(request.outreachActivityId, callerOrg);

    return this.tx.run((tx) =>
      runIdempotent(tx, this.idempotency, caller.id, idempotency, async () => {
        const id = randomUUID();
        const claimedFen = request.claims.reduce((s, c) => s + c.claimedFen, 0);
        const decision = openCaseWorkflow({
          caseId: id,
          channel: request.channel,
          receivedAt: receivedAt.toISOString(),
          claimedFen,
          policy: {
            ...DEFAULT_CASE_POLICY,
            maxMediationExtensionDays: this.config.maxMediationExtensionDays,
            tierSlaDays: this.config.tierSlaDays,
            supportProsecutionSlaDays: this.config.supportProsecutionSlaDays,
          },
          claimTypes: [...new Set(request.claims.map((c) => c.type))],
          tier: (TIERS as readonly string[]).includes(org.tier) ? (org.tier as Tier) : undefined,
          collective: request.workers.length >= COLLECTIVE_THRESHOLD,
          migrantWageClaim:
            request.workers.some((w) => w.isMigrantWorker) && request.claims.some((c) => MIGRANT_AID_CLAIMS.has(c.type)),
          entrustingCourtOrgId,
          limitationFrom: limitationStart(request),
        }, machineVersion);
        const caseNo = await this.cases.nextCaseNo(tx, request.regionCode, LegalCalendar.shanghaiDate(now).slice(0, 4));
        const chained = this.writer.chain(
          { eventSeq: 0, lastEventHash: GENESIS_HASH, version: 0 },
          { caseId: id, eventType: 'OPENED', eventPayload: openedPayload(request, caseNo), at: now, actor: caller, stateFrom: null, decision },
        );
        const record: CaseRecord = {
          id,
          caseNo,
          version: 1,
          machineVersion: decision.snapshot.machineVersion,
          state: decision.state,
          snapshot: decision.snapshot,
          channel: request.channel,
          regionCode: request.regionCode,
          orgId: org.id,
          tier: org.tier,
          collective: request.workers.length >= COLLECTIVE_THRESHOLD,
          facts: request.facts,
          disputeTypes: request.disputeTypes,
          receivedAt,
          openedAt: now,
          closedAt: null,
          outcome: null,
          claimedFen,
          agreedFen: 0,
          paidFen: 0,
          mediatorId: null,
          createdBy: caller.id,
          entrustingCourtOrgId: entrustingCourtOrgId ?? null,
          courtCaseRef: request.courtCaseRef ?? null,
          eventSeq: chained.seq,
          lastEventHash: chained.hash,
          updatedAt: now,
          // A station takes the application where the worker lives now; the case records both places.
          venueRegionCode: request.channel === 'STATION' ? callerOrg.regionCode : request.regionCode,
          originOrgId: callerOrg.id,
          tracks: trackStates(decision.snapshot.value),
          outreachActivityId: request.outreachActivityId ?? null,
        };
        await this.cases.insertCase(tx, record);
        await this.cases.insertParties(tx, toParties(id, request));
        await this.cases.insertClaims(
          tx,
          request.claims.map((c, idx) => ({ caseId: id, idx, type: c.type, claimedFen: c.claimedFen, period: c.period ?? null })),
        );
        await this.writer.write(tx, chained, record);
        const view = buildCaseView(await this.views.load(tx, record), caller, now);
        await this.audit.append(tx, { actorId: caller.id, actorName: caller.displayName, action: 'CASE_OPENED', targetType: 'case', targetId: id, details: { caseId: id, eventType: 'OPENED', version: record.version } });
        return { status: 201, body: view, caseId: id };
      }),
    );
  }

  /**
   * A case may name the outreach activity it came from: one held in the caller's region subtree or
   * organised by the caller's own organisation (a station's activities). Anything else is a 400 that
   * does not say whether the activity exists elsewhere.
   */
  private async checkOutreachActivity(id: string | undefined, callerOrg: OrgRecord): Promise<void> {
    if (!id) return;
    const activity = await this.outreach.findById(this.tx.reader, id);
    const inScope = activity && (activity.orgId === callerOrg.id || activity.regionCode.startsWith(regionPrefix(callerOrg.regionCode)));
    if (!inScope) throw new ValidationError([{ field: 'outreachActivityId', message: 'no such outreach activity in your region' }]);
  }

  /**
   * Who handles the case. Mostly the caller's own centre; a court entrusting a dispute hands it to
   * the union's mediation centre of the region (DOMAIN §3.5, 诉前委派调解) and owns its clock.
   */
  private async handlingOrg(request: OpenCaseRequest, callerOrg: OrgRecord): Promise<{ org: OrgRecord; entrustingCourtOrgId?: string }> {
    if (request.channel !== 'COURT_ENTRUSTED') return { org: callerOrg };
    const court = callerOrg.agency === 'COURT' ? callerOrg : request.entrustingCourtOrgId ? await this.identity.findOrgById(request.entrustingCourtOrgId) : null;
    if (!court || court.agency !== 'COURT') {
      throw new ValidationError([{ field: 'entrustingCourtOrgId', message: 'a court-entrusted case names the entrusting court' }]);
    }
    const centres = (await this.identity.findOrgs({ agency: 'UNION', regionCode: request.regionCode })).filter(
      (o) => o.regionCode === request.regionCode && o.tier !== 'STATION',
    );
    const centre = callerOrg.agency === 'UNION' ? callerOrg : centres[0];
    if (!centre) throw new ValidationError([{ field: 'regionCode', message: 'no mediation centre for this region' }]);
    return { org: centre, entrustingCourtOrgId: court.id };
  }
}

/** Legal Aid Law art. 42: migrant workers claiming wages or work-injury compensation skip the means test. */
const MIGRANT_AID_CLAIMS = new Set(['WAGE_ARREARS', 'OVERTIME', 'DOUBLE_PAY_NO_CONTRACT', 'WORK_INJURY']);

/** What the event log keeps of an intake: no names, ID numbers or phones (the log is append-only). */
function openedPayload(r: OpenCaseRequest, caseNo: string): Record<string, unknown> {
  return {
    caseNo,
    channel: r.channel,
    regionCode: r.regionCode,
    disputeTypes: r.disputeTypes,
    workerCount: r.workers.length,
    claims: r.claims.map((c) => ({ type: c.type, claimedFen: c.claimedFen })),
    ...(r.outreachActivityId ? { outreachActivityId: r.outreachActivityId } : {}),
  };
}

function toParties(caseId: string, r: OpenCaseRequest): PartyRecord[] {
  const reps = new Set(r.representatives ?? []);
  const workers: PartyRecord[] = r.workers.map((w, idx) => {
    const id = w.idType === 'RESIDENT_ID' ? parseResidentId(w.idNumber) : null;
    const phone = parseMobile(w.phone);
    return {
      id: randomUUID(),
      caseId,
      kind: 'WORKER',
      idx,
      name: w.name,
      idType: w.idType,
      idNumber: id?.ok ? id.value.normalized : w.idNumber,
      phone: phone.ok ? phone.value.e164 : w.phone,
      homeRegionCode: w.homeRegionCode ?? null,
      isMigrantWorker: w.isMigrantWorker ?? false,
      employmentForm: w.employmentForm ?? null,
      isRepresentative: reps.has(idx),
      creditCode: null,
      address: w.address ?? null,
      regionCode: null,
    };
  });
  const code = parseCreditCode(r.employer.creditCode);
  const employer: PartyRecord = {
    id: randomUUID(),
    caseId,
    kind: 'EMPLOYER',
    idx: 0,
    name: r.employer.name,
    idType: null,
    idNumber: null,
    phone: null,
    homeRegionCode: null,
    isMigrantWorker: false,
    employmentForm: null,
    isRepresentative: false,
    creditCode: code.ok ? code.value.normalized : r.employer.creditCode,
    address: r.employer.address ?? null,
    regionCode: r.employer.regionCode ?? null,
  };
  return [...workers, employer];
}
