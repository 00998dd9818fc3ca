import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import {
  CLOCK,
  COLLECTIVE_THRESHOLD,
  GENESIS_HASH,
  LegalCalendar,
  NotFoundError,
  openCaseWorkflow,
  parseCreditCode,
  parseMobile,
  parseResidentId,
  ValidationError,
  type Clock,
} from '@tiaojie/domain';
import {
  CaseTypeormRepository,
  IdempotencyTypeormRepository,
  IdentityTypeormRepository,
  TransactionRunner,
  type CaseRecord,
  type PartyRecord,
} from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';
import { buildCaseView } from '../../shared/case-view';
import { CaseViewLoader } from '../../shared/case-view.loader';
import { CaseTransitionWriter } from '../../shared/case-transition.writer';
import { runIdempotent } from '../../shared/idempotent';
import { OpenCaseCommand } from './open-case.command';
import type { OpenCaseRequest } from './open-case.request';

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
  ) {}

  async execute({ caller, request, idempotency }: OpenCaseCommand) {
    const now = this.clock.now();
    const receivedAt = request.receivedAt ? new Date(request.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime()) {
      throw new ValidationError([{ field: 'receivedAt', message: 'cannot be in the future' }]);
    }
    if (!caller.orgId) throw new ValidationError([{ field: 'orgId', message: 'your account has no organisation to open cases for' }]);
    const org = await this.identity.findOrgById(caller.orgId);
    if (!org) throw new NotFoundError('organisation');

    return this.tx.run((tx) =>
      runIdempotent(tx, this.idempotency, caller.id, idempotency, async () => {
        const id = randomUUID();
        const claimedFen = request.claims.reduce((s, c) => s + c.claimedFen, 0);
        const decision = openCaseWorkflow({
          caseId: id,
          channel: request.channel,
          receivedAt: receivedAt.toISOString(),
          claimedFen,
          policy: { mediationDays: 15, maxMediationExtensionDays: this.config.maxMediationExtensionDays },
        });
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
          entrustingCourtOrgId: request.entrustingCourtOrgId ?? null,
          courtCaseRef: request.courtCaseRef ?? null,
          eventSeq: chained.seq,
          lastEventHash: chained.hash,
          updatedAt: now,
        };
        await this.cases.insertCase(tx, record);
        await this.cases.insertParties(tx, toParties(id, request));
        await this.cases.insertClaims(
          tx,
          request.claims.map((c, idx) => ({ caseId: id, idx, type: c.type, claimedFen: c.claimedFen, period: c.period ?? null })),
        );
        await this.writer.write(tx, chained);
        const view = buildCaseView(await this.views.load(tx, record), caller.roles, now);
        return { status: 201, body: view, caseId: id };
      }),
    );
  }
}

/** What the event log keeps of an intake: no names, ID numbers or phones (the log is append-only). */
function openedPayload(r: OpenCaseRequest, caseNo: string): Record<string, unknown> {
  return {
    caseNo,
    channel: r.channel,
    regionCode: r.regionCode,
    disputeTypes: r.disputeTypes,
    workerCount: r.workers.length,
    claims: r.claims.map((c) => ({ type: c.type, claimedFen: c.claimedFen })),
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
